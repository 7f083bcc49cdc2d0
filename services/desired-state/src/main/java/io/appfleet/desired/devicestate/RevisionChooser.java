package io.appfleet.desired.devicestate;

import io.appfleet.proto.fleet.v1.Device;

/**
 * Which revision of a deployment a targeted device gets. The default gives every device the
 * current revision; a rollout gives devices outside its open waves the revision they had (or
 * nothing) by providing its own bean of this type (it replaces the {@code @DefaultBean}).
 */
public interface RevisionChooser {

    /** The claim of {@code deployment} on {@code device}, or null when the device gets nothing from it yet. */
    Claim choose(DeploymentSnapshot deployment, Device device);

    RevisionChooser CURRENT = (d, device) -> new Claim(d.name(), d.revision(), d.priority(), d.manifest());
}
