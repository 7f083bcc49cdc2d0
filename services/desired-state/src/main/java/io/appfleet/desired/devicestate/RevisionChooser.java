package io.appfleet.desired.devicestate;

import io.appfleet.proto.fleet.v1.Device;

/**
 * Which revision of a deployment a targeted device gets. {@link #CURRENT} gives every device the
 * current revision (what a dry-run shows); the rollouts give devices outside their open waves the
 * stable revision or nothing ({@code io.appfleet.desired.rollout.Rollouts#chooser()}).
 */
public interface RevisionChooser {

    /** The claim of {@code deployment} on {@code device}; {@link Claim#hold} when it gets nothing from it yet. */
    Claim choose(DeploymentSnapshot deployment, Device device);

    RevisionChooser CURRENT = (d, device) -> new Claim(d.name(), d.revision(), d.priority(), d.manifest());
}
