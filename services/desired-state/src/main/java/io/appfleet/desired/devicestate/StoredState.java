package io.appfleet.desired.devicestate;

import io.appfleet.proto.fleet.v1.DesiredDeviceState;

/** What was last published for a device; {@code state} is null after a tombstone. */
public record StoredState(String deviceId, long generation, String contentDigest, DesiredDeviceState state) {

    public boolean tombstoned() {
        return state == null;
    }
}
