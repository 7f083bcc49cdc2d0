package io.appfleet.devicesim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A simulated fleet as an inventory JSON import ({@code {"devices": [...]}} for
 * {@code POST /api/v1/devices:import}), with the same fields as {@link InventoryCsv} plus each
 * device's login as inline {@code credentials}, which inventory seals on import. That is what
 * lets the local run register the fleet so the adapter can log in: CSV has no credentials column.
 * The file holds passwords, so it is created readable by its owner only.
 */
public final class InventoryJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InventoryJson() {
    }

    public static ObjectNode body(List<SimFleet.Device> devices) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("devices");
        for (SimFleet.Device d : devices) {
            ObjectNode o = list.addObject();
            o.put("id", d.hostname());
            o.put("platform", d.platform().key());
            o.put("osVersion", d.osVersion());
            o.put("host", d.address().getHostString());
            o.put("port", d.address().getPort());
            o.put("transport", d.ssh() != null ? "ssh-cli" : "restconf");
            o.put("site", "sim");
            o.putObject("labels").put("source", "device-sim").put("model", "sim-" + d.platform().key());
            String[] capacity = InventoryCsv.CAPACITY.get(d.platform()).split(",");
            o.putObject("capacity").put("cpuUnits", Integer.parseInt(capacity[0]))
                    .put("memoryMib", Integer.parseInt(capacity[1])).put("storageMib", Integer.parseInt(capacity[2]));
            o.put("adminState", "managed");
            o.putObject("credentials").put("username", d.username()).put("password", d.password());
            o.put("sshHostKeyFingerprint", d.fingerprint());
        }
        return root;
    }

    /** Writes {@link #body} to a new file only its owner can read; an existing file is replaced. */
    public static void write(List<SimFleet.Device> devices, Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file); // not a POSIX file system
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " appeared while it was being written", e);
        }
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.TRUNCATE_EXISTING)) {
            JSON.writeValue(out, body(devices));
        }
    }
}
