package io.appfleet.desired.devicestate;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.appfleet.desired.rollout.Rollouts;
import io.appfleet.desired.targeting.InventoryChanged;

/**
 * Re-resolves devices whose inventory changed: a device that now matches a selector gets the
 * app, one that lost a label loses it, a decommissioned or deleted one gets a tombstone. The first
 * event after start looks at every device inventory knows and every device that has a published
 * state, which also publishes what changed while the service was down (and nothing otherwise).
 */
@ApplicationScoped
public class InventoryReconciler {

    private static final Logger LOG = Logger.getLogger(InventoryReconciler.class);

    @Inject
    FleetLock lock;

    @Inject
    ActiveDeployments deployments;

    @Inject
    DesiredStatePublisher publisher;

    @Inject
    DesiredStateStore store;

    @Inject
    TargetStatusStore targets;

    @Inject
    Rollouts rollouts;

    @Transactional
    void onInventoryChanged(@Observes InventoryChanged event) {
        lock.acquire();
        Set<String> ids = new HashSet<>(event.deviceIds());
        if (event.initial()) {
            ids.addAll(store.allDeviceIds());
            ids.addAll(targets.allDeviceIds());
        }
        DesiredStatePublisher.PublishReport report = publisher.publish(
                publisher.plan(ids, deployments.load(), rollouts.chooser()), "inventory");
        if (event.initial() || report.updated() + report.deleted() > 0) {
            LOG.infof("inventory change: %d devices recomputed, %d desired states published, %d tombstones",
                    report.devices(), report.updated(), report.deleted());
        }
    }
}
