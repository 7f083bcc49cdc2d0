package io.appfleet.desired.targeting;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.appfleet.proto.fleet.v1.Device;

/**
 * The devices as {@code fleet.inventory.v1} last said, kept in memory: the topic is compacted, so
 * reading it from the beginning at every start rebuilds this view without a private copy. A record
 * older than the one held (by generation) is ignored, so a replay cannot move a device back.
 */
@ApplicationScoped
public class InventoryView {

    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    /** Stores {@code device} (null: deleted); returns whether the view changed. */
    public boolean put(String id, Device device) {
        if (device == null) {
            return devices.remove(id) != null;
        }
        Device[] changed = new Device[1];
        devices.compute(id, (k, old) -> {
            if (old != null && old.getGeneration() > device.getGeneration()) {
                return old;
            }
            if (!device.equals(old)) {
                changed[0] = device;
            }
            return device;
        });
        return changed[0] != null;
    }

    public Device get(String id) {
        return devices.get(id);
    }

    public Collection<Device> all() {
        return Collections.unmodifiableCollection(devices.values());
    }

    public Set<String> ids() {
        return Set.copyOf(devices.keySet());
    }

    public int size() {
        return devices.size();
    }

    /** True once the topic has been read up to its end as of the service's start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    void markCaughtUp() {
        caughtUp = true;
    }
}
