package io.appfleet.desired.rollout;

import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

import io.appfleet.desired.devicestate.Claim;
import io.appfleet.desired.devicestate.DeploymentSnapshot;
import io.appfleet.desired.devicestate.RevisionChooser;
import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.rollout.RolloutStore.RolloutRow;
import io.appfleet.proto.fleet.v1.Device;

/**
 * The revision each device gets while rollouts are under way. A device its rollout released gets
 * the current revision. Any other device is left as it is: it keeps the revision it was last given
 * (whatever rollout gave it), or gets nothing from the deployment yet; a rollout never changes a
 * device outside its open waves. An aborted rollout puts every device on the stable revision (the
 * last one that rolled out completely), or takes the app away when there is none. Deployments
 * without an active rollout give every device their current revision.
 */
final class RolloutChooser implements RevisionChooser {

    private final Map<String, RolloutRow> active;
    private final Map<String, Set<String>> released;
    private final Map<String, Map<String, Long>> given;
    private final Map<String, DeploymentSnapshot> stable;
    private final BiFunction<String, Long, AppDeployment> revisions;

    RolloutChooser(Map<String, RolloutRow> active, Map<String, Set<String>> released,
            Map<String, Map<String, Long>> given, Map<String, DeploymentSnapshot> stable,
            BiFunction<String, Long, AppDeployment> revisions) {
        this.active = active;
        this.released = released;
        this.given = given;
        this.stable = stable;
        this.revisions = revisions;
    }

    @Override
    public Claim choose(DeploymentSnapshot d, Device device) {
        RolloutRow r = active.get(d.name());
        if (r == null || r.revision() != d.revision()) {
            return CURRENT.choose(d, device);
        }
        if (r.state() == RolloutState.Aborted) {
            DeploymentSnapshot s = stable.get(d.name());
            return s != null && s.targets(device) ? Claim.keep(d.name(), s.revision(), d.priority(), s.manifest())
                    : Claim.hold(d);
        }
        if (released.getOrDefault(d.name(), Set.of()).contains(device.getId())) {
            return CURRENT.choose(d, device);
        }
        Long had = given.getOrDefault(d.name(), Map.of()).get(device.getId());
        AppDeployment m = had == null || had == d.revision() ? null : revisions.apply(d.name(), had);
        return m == null ? Claim.hold(d) : Claim.keep(d.name(), had, d.priority(), m);
    }
}
