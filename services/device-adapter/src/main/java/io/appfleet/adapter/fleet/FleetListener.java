package io.appfleet.adapter.fleet;

import io.appfleet.proto.fleet.v1.ReconcileTrigger;

import java.util.Set;

/** What the fleet consumer tells the reconciler. */
public interface FleetListener {

    /** The device's inventory or desired record changed (or was first read): queue it. */
    void deviceChanged(String deviceId, ReconcileTrigger trigger);

    /**
     * This instance no longer owns these devices (partitions revoked). Returns once no pass runs on
     * any of them, so the instance that gets them next never overlaps with this one.
     */
    void devicesReleased(Set<String> deviceIds);
}
