package io.appfleet.desired.rollout;

/**
 * One device of a rollout as one evaluation sees it. {@code excluded}: the deployment's revision
 * cannot be placed there (no room, no platform support, a conflict) or the device is no longer
 * targeted; such devices neither hold a wave back nor count as failed.
 */
public record Member(String deviceId, int wave, int rank, boolean released, boolean excluded, DeviceOutcome outcome) {

    boolean succeeded() {
        return released && outcome.kind() == DeviceOutcome.Kind.SUCCEEDED;
    }

    boolean failed() {
        return released && outcome.kind() == DeviceOutcome.Kind.FAILED;
    }
}
