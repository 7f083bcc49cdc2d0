package io.appfleet.desired.devicestate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.appfleet.proto.fleet.v1.Device;

/**
 * Every live deployment, in priority order, as one computation sees them. {@link #with} and
 * {@link #without} give the fleet as it would be after an apply or a delete, which is how a
 * dry-run and the conflict check see a change before it is stored.
 */
public final class FleetSnapshot {

    private final List<DeploymentSnapshot> deployments;

    public FleetSnapshot(List<DeploymentSnapshot> deployments) {
        List<DeploymentSnapshot> sorted = new ArrayList<>(deployments);
        sorted.sort(Comparator.comparingLong(DeploymentSnapshot::priority));
        this.deployments = List.copyOf(sorted);
    }

    public List<DeploymentSnapshot> deployments() {
        return deployments;
    }

    public DeploymentSnapshot get(String name) {
        for (DeploymentSnapshot d : deployments) {
            if (d.name().equals(name)) {
                return d;
            }
        }
        return null;
    }

    /** The fleet with {@code d} replacing the deployment of the same name (keeping its priority) or added last. */
    public FleetSnapshot with(DeploymentSnapshot d) {
        List<DeploymentSnapshot> out = new ArrayList<>();
        long priority = Long.MAX_VALUE;
        for (DeploymentSnapshot e : deployments) {
            if (e.name().equals(d.name())) {
                priority = e.priority();
            } else {
                out.add(e);
            }
        }
        out.add(DeploymentSnapshot.of(d.name(), d.revision(), priority == Long.MAX_VALUE ? d.priority() : priority,
                d.manifest()));
        return new FleetSnapshot(out);
    }

    public FleetSnapshot without(String name) {
        return new FleetSnapshot(deployments.stream().filter(d -> !d.name().equals(name)).toList());
    }

    /** The claims on {@code device}, in priority order. */
    public List<Claim> claimsFor(Device device, RevisionChooser chooser) {
        List<Claim> claims = new ArrayList<>();
        for (DeploymentSnapshot d : deployments) {
            if (d.targets(device)) {
                Claim c = chooser.choose(d, device);
                if (c != null) {
                    claims.add(c);
                }
            }
        }
        return claims;
    }
}
