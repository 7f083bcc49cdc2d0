package io.appfleet.devicesim;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * A simulated fleet in the inventory's CSV import format (the columns of
 * deploy/examples/inventory/devices.csv plus sshHostKeyFingerprint), to register it with
 * {@code POST /api/v1/devices:import}. Every device carries its pin in sshHostKeyFingerprint: the
 * SSH host key's fingerprint, or for Infix the TLS certificate's (the adapter pins RESTCONF
 * certificates through the same field), so the first connection is already pinned. Credentials
 * are not in the file (CSV imports have no column for them): give a credentialsRef, or import
 * {@link InventoryJson} instead, which carries them inline.
 */
public final class InventoryCsv {

    public static final String HEADER = "id,platform,osVersion,host,port,transport,site,labels,cpuUnits,memoryMib,"
            + "storageMib,adminState,credentialsRef,sshHostKeyFingerprint";

    /** cpuUnits, memoryMib, storageMib per platform, as in the example inventory. */
    static final Map<FleetSpec.Platform, String> CAPACITY = Map.of(
            FleetSpec.Platform.IOSXE, "7400,2048,4096",
            FleetSpec.Platform.IOSXR, "4000,4096,8192",
            FleetSpec.Platform.INFIX, "4000,1024,2048");

    private InventoryCsv() {
    }

    public static void write(List<SimFleet.Device> devices, Writer out) throws IOException {
        out.write(HEADER + "\n");
        for (SimFleet.Device d : devices) {
            boolean ssh = d.ssh() != null;
            // Hostnames, addresses and versions are generated from a validated spec: no quoting needed.
            out.write(String.join(",", d.hostname(), d.platform().key(), d.osVersion(), d.address().getHostString(),
                    String.valueOf(d.address().getPort()), ssh ? "ssh-cli" : "restconf", "sim",
                    "source=device-sim;model=sim-" + d.platform().key(), CAPACITY.get(d.platform()), "managed", "",
                    d.fingerprint()) + "\n");
        }
        out.flush();
    }
}
