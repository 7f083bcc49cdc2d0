package io.appfleet.desired.devicestate;

import java.util.List;

import io.appfleet.proto.fleet.v1.DesiredDeviceState;

/**
 * The full desired state computed for one device (without generation, time and source revision,
 * which the publisher adds), with what became of each deployment that targets it. {@code removed}:
 * the device is gone from inventory or decommissioned, so its desired state is to be deleted.
 */
public record DeviceComputation(String deviceId, boolean removed, DesiredDeviceState state,
        List<Placement> placements, List<Conflict> conflicts) {

    public static DeviceComputation removed(String deviceId) {
        return new DeviceComputation(deviceId, true, null, List.of(), List.of());
    }
}
