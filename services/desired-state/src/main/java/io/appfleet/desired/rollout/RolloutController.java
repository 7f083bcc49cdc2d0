package io.appfleet.desired.rollout;

import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.appfleet.desired.devicestate.ActiveDeployments;
import io.appfleet.desired.devicestate.FleetLock;
import io.appfleet.desired.devicestate.FleetSnapshot;
import io.appfleet.desired.observed.ObservedView;
import io.appfleet.desired.targeting.InventoryConsumer;
import io.quarkus.scheduler.Scheduled;

/**
 * Moves progressing rollouts on, level-triggered: every pass looks at where each stands (its rows
 * and the observed view) and does what is due, so a restart resumes at the wave it left, and a
 * missed pass changes nothing but timing. Waits until the inventory and observed views have caught
 * up: judging waves on a half-read topic would see converged devices as progressing.
 */
@ApplicationScoped
public class RolloutController {

    @Inject
    Rollouts rollouts;

    @Inject
    FleetLock lock;

    @Inject
    ActiveDeployments active;

    @Inject
    InventoryConsumer inventory;

    @Inject
    ObservedView observed;

    @Scheduled(every = "${appfleet.desired.rollout.interval:1s}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void pass() {
        if (!inventory.ready() || !observed.caughtUp()) {
            return;
        }
        List<String> names = rollouts.progressing();
        if (!names.isEmpty()) {
            lock.acquire();
            FleetSnapshot fleet = active.load();
            Instant now = Instant.now();
            for (String name : names) {
                if (rollouts.advance(name, fleet, now)) {
                    fleet = active.load();
                }
            }
        }
        rollouts.refreshCounts(active.load(), Instant.now());
    }
}
