package io.appfleet.desired.targeting;

import java.util.Map;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.Capacity;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;

/** Inventory records for tests. */
public final class Devices {

    private Devices() {
    }

    public static Device device(String id, Platform platform, String site, Map<String, String> labels) {
        return Device.newBuilder().setId(id).setPlatform(platform).setSite(site).putAllLabels(labels)
                .setAdminState(AdminState.ADMIN_STATE_MANAGED).setOsVersion("17.12.4").setHost("127.0.0.1").setPort(22)
                .setGeneration(1).build();
    }

    public static Device withCapacity(Device d, int cpu, int memory, int storage) {
        return d.toBuilder().setCapacity(Capacity.newBuilder().setCpuUnits(cpu).setMemoryMib(memory)
                .setStorageMib(storage)).build();
    }

    public static Device decommissioned(Device d) {
        return d.toBuilder().setAdminState(AdminState.ADMIN_STATE_DECOMMISSIONED).build();
    }
}
