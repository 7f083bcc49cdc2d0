package io.appfleet.desired.rollout;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.appfleet.desired.devicestate.ActiveDeployments;
import io.appfleet.desired.devicestate.FleetLock;
import io.appfleet.desired.targeting.InventoryConsumer;
import io.appfleet.platform.problem.ProblemException;

/** The operator's rollout controls, each in one transaction with what it publishes. */
@ApplicationScoped
public class RolloutActions {

    @Inject
    Rollouts rollouts;

    @Inject
    FleetLock lock;

    @Inject
    ActiveDeployments active;

    @Inject
    InventoryConsumer inventory;

    @Transactional
    public RolloutView pause(String name, String who) {
        lock.acquire();
        rollouts.pause(name, who);
        return rollouts.view(name);
    }

    @Transactional
    public RolloutView resume(String name, String who) {
        requireReady();
        lock.acquire();
        rollouts.publishFor(name, rollouts.resume(name, who));
        stepNow(name);
        return rollouts.view(name);
    }

    @Transactional
    public RolloutView abort(String name, String who) {
        requireReady();
        lock.acquire();
        rollouts.publishFor(name, rollouts.abort(name, who));
        return rollouts.view(name);
    }

    @Transactional
    public RolloutView promote(String name, boolean full, String who) {
        requireReady();
        lock.acquire();
        rollouts.promote(name, full, who);
        stepNow(name);
        return rollouts.view(name);
    }

    /** Releases what the action made due right away rather than at the next controller pass. */
    private void stepNow(String name) {
        rollouts.advance(name, active.load(), Instant.now());
    }

    private void requireReady() {
        if (!inventory.ready()) {
            throw new ProblemException(503, "Service unavailable", "the inventory view is still loading from"
                    + " fleet.inventory.v1; retry in a few seconds", null, null);
        }
    }
}
