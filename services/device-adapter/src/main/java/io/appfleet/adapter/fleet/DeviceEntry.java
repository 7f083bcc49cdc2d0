package io.appfleet.adapter.fleet;

import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;

import java.util.Map;
import java.util.Set;

/**
 * What the adapter knows about one device it owns: the inventory record, the desired state (either
 * may be missing while the other has arrived), and the app ids appfleet manages there. Managed
 * ids outlive the desired record that named them: an app dropped from the desired list is still
 * appfleet's to remove. {@code recalled} is what the device's latest fleet.observed.v1 record said
 * of its managed apps (see {@link RecalledApp}).
 */
public record DeviceEntry(Device device, DesiredDeviceState desired, Set<String> managedApps,
                          Map<String, RecalledApp> recalled) {

    public DeviceEntry {
        managedApps = Set.copyOf(managedApps);
        recalled = Map.copyOf(recalled);
    }

    public DeviceEntry(Device device, DesiredDeviceState desired, Set<String> managedApps) {
        this(device, desired, managedApps, Map.of());
    }

    public static DeviceEntry empty() {
        return new DeviceEntry(null, null, Set.of());
    }

    public DeviceEntry withDevice(Device d) {
        return new DeviceEntry(d, desired, managedApps, recalled);
    }

    public DeviceEntry withDesired(DesiredDeviceState s) {
        return new DeviceEntry(device, s, managedApps, recalled);
    }

    public DeviceEntry withManagedApps(Set<String> ids) {
        return new DeviceEntry(device, desired, ids, recalled);
    }

    public DeviceEntry withRecalled(Map<String, RecalledApp> apps) {
        return new DeviceEntry(device, desired, managedApps, apps);
    }
}
