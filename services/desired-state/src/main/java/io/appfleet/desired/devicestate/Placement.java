package io.appfleet.desired.devicestate;

/**
 * What became of one deployment on one device. {@code revision} is the revision the device was
 * given (null when none); {@code reason} says why the deployment's current revision is not there.
 */
public record Placement(String deployment, String deviceId, Phase phase, Long revision, String reason) {

    public enum Phase {
        /** The deployment's app is in the device's published desired state. */
        APPLIED,
        /** Targeted, not yet published (waiting for its rollout wave). */
        PENDING,
        /** The device cannot take the app (capacity, platform); it keeps what it had, if anything. */
        UNSCHEDULABLE,
        /** Another, older deployment claims the same app id or sets a CPP policer differently. */
        CONFLICT
    }
}
