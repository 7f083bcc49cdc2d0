package io.appfleet.desired.rollout;

/** How a device that was given a rollout's revision is doing with it, from fleet.observed.v1. */
public record DeviceOutcome(Kind kind, String reason) {

    public enum Kind {
        /** Synced and healthy on the revision's configuration. */
        SUCCEEDED,
        /** Refused in a way that retrying will not fix, or degraded after it started. */
        FAILED,
        /** Not observed on the revision yet, or on its way (installing, retrying, unreachable). */
        PROGRESSING
    }

    public static final DeviceOutcome SUCCEEDED = new DeviceOutcome(Kind.SUCCEEDED, null);
    public static final DeviceOutcome PROGRESSING = new DeviceOutcome(Kind.PROGRESSING, null);

    public static DeviceOutcome failed(String reason) {
        return new DeviceOutcome(Kind.FAILED, reason);
    }

    public boolean done() {
        return kind != Kind.PROGRESSING;
    }
}
