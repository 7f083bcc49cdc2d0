package io.appfleet.desired.observed;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.appfleet.proto.fleet.v1.ObservedDeviceState;

/**
 * The devices as {@code fleet.observed.v1} last said, in memory: what rollouts judge their waves
 * by. The topic is compacted and every record is complete, so reading it from the beginning at
 * start rebuilds this view; the database keeps no copy.
 */
@ApplicationScoped
public class ObservedView {

    private final Map<String, ObservedDeviceState> devices = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public void put(String id, ObservedDeviceState state) {
        if (state == null) {
            devices.remove(id);
        } else {
            devices.put(id, state);
        }
    }

    public ObservedDeviceState get(String id) {
        return devices.get(id);
    }

    public int size() {
        return devices.size();
    }

    /** True once the topic has been read up to its end as of the start: judging before that would see stale devices. */
    public boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }
}
