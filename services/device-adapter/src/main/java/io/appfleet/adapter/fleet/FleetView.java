package io.appfleet.adapter.fleet;

import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter's picture of the devices it owns, rebuilt from the compacted topics at every
 * partition assignment. Records older than the one held (by generation) are ignored, so replays
 * and duplicates change nothing.
 */
@ApplicationScoped
public class FleetView {

    private final Map<String, DeviceEntry> entries = new ConcurrentHashMap<>();
    private volatile boolean caughtUp;

    public Optional<DeviceEntry> get(String deviceId) {
        return Optional.ofNullable(entries.get(deviceId));
    }

    /** @return true when the record changed what the adapter should do */
    public boolean putDevice(String id, Device device) {
        boolean[] changed = {false};
        entries.compute(id, (k, e) -> {
            e = e == null ? DeviceEntry.empty() : e;
            if (device == null) {
                changed[0] = e.device() != null;
                return orNothing(e.withDevice(null));
            }
            if (e.device() != null && e.device().getGeneration() > device.getGeneration()) {
                return e;
            }
            changed[0] = !device.equals(e.device());
            return e.withDevice(device);
        });
        return changed[0];
    }

    /** @return true when the record changed what the adapter should do */
    public boolean putDesired(String id, DesiredDeviceState desired) {
        boolean[] changed = {false};
        entries.compute(id, (k, e) -> {
            e = e == null ? DeviceEntry.empty() : e;
            if (desired == null) {
                changed[0] = e.desired() != null;
                return orNothing(e.withDesired(null));
            }
            if (e.desired() != null && e.desired().getGeneration() > desired.getGeneration()) {
                return e;
            }
            changed[0] = !desired.equals(e.desired());
            Set<String> managed = new HashSet<>(e.managedApps());
            for (DesiredApp a : desired.getAppsList()) {
                managed.add(a.getAppId());
            }
            return e.withDesired(desired).withManagedApps(managed);
        });
        return changed[0];
    }

    /**
     * Null (the entry is dropped) once both records are tombstoned: the device is gone from
     * inventory and from desired state, so nothing about it is left to do or to remember.
     */
    private static DeviceEntry orNothing(DeviceEntry e) {
        return e.device() == null && e.desired() == null ? null : e;
    }

    /** Apps an earlier adapter reported as managed (read back from fleet.observed.v1 at start). */
    public void addManaged(String id, Set<String> appIds) {
        if (appIds.isEmpty()) {
            return;
        }
        entries.compute(id, (k, e) -> {
            e = e == null ? DeviceEntry.empty() : e;
            Set<String> managed = new HashSet<>(e.managedApps());
            managed.addAll(appIds);
            return e.withManagedApps(managed);
        });
    }

    /**
     * The device's latest observation as published (by this instance or an earlier owner): its
     * managed apps stay appfleet's, and what it says of them is kept for the next owner's memory.
     */
    public void putObserved(String id, ObservedDeviceState observed) {
        Set<String> managed = new HashSet<>();
        Map<String, RecalledApp> recalled = new HashMap<>();
        for (ObservedApp a : observed.getAppsList()) {
            if (a.getManaged()) {
                managed.add(a.getAppId());
                recalled.put(a.getAppId(), RecalledApp.of(a));
            }
        }
        addManaged(id, managed);
        entries.computeIfPresent(id, (k, e) -> e.withRecalled(recalled));
    }

    /**
     * False from a partition assignment until its records up to the end at that moment are read:
     * until then a device's observed record may still be on its way, and a pass would start
     * without what it says.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    public void caughtUp(boolean value) {
        caughtUp = value;
    }

    /** The app is gone from the device and from desired state: it is nobody's any more. */
    public void forgetManaged(String id, Set<String> appIds) {
        entries.computeIfPresent(id, (k, e) -> {
            Set<String> managed = new HashSet<>(e.managedApps());
            managed.removeAll(appIds);
            return e.withManagedApps(managed);
        });
    }

    public void remove(String id) {
        entries.remove(id);
    }

    public Set<String> ids() {
        return Set.copyOf(entries.keySet());
    }

    public int size() {
        return entries.size();
    }
}
