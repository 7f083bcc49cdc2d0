package io.appfleet.devicesim;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a simulated fleet and prints one line per device: platform, hostname, address:port, OS
 * version and the fingerprint a client pins (SSH host key or TLS certificate). Runs until
 * SIGTERM or Ctrl-C, then closes every server.
 *
 * <pre>
 * java -jar device-sim.jar --spec fleet.yaml [--inventory-csv devices.csv] [--inventory-json devices.json]
 * java -jar device-sim.jar --iosxe=100 --iosxr=50 --infix=50 --base=127.20.0.1 --latency-ms=20
 * </pre>
 * Flags and values may be joined by '=' or given as two arguments. Bad flags: message, exit 2.
 */
public final class Main {

    static final String USAGE = """
            usage: device-sim --spec fleet.yaml [--inventory-csv FILE] [--inventory-json FILE]
                   device-sim [--iosxe=N] [--iosxr=N] [--infix=N] [--base=127.20.0.1] [--distinct-ports=true]
                              [--port=2222] [--iosxr-port=P] [--infix-port=8443] [--os=16.12.5,17.9.4]
                              [--iosxr-os=7.3.1] [--infix-os=25.01] [--install-ms=2000] [--user=admin]
                              [--password=admin] [--latency-ms=0] [--seed=1] [--drop-session-rate=R]
                              [--stall-rate=R] [--wrong-state-rate=R] [--install-failure-rate=R]
                              [--crash-rate=R] [--inventory-csv FILE] [--inventory-json FILE]

            --inventory-csv writes the fleet as an inventory CSV import (no credentials);
            --inventory-json as a JSON import with inline credentials (a file only its owner reads).""";

    /** Arguments after parsing: a spec (from file or flags) and where to write the inventory files, if anywhere. */
    record Args(FleetSpec spec, Path inventoryCsv, Path inventoryJson) {
    }

    private Main() {
    }

    public static void main(String[] argv) throws Exception {
        Args args;
        try {
            args = parse(argv);
        } catch (IllegalArgumentException | IOException e) {
            System.err.println("device-sim: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        SimFleet fleet;
        try {
            fleet = SimFleet.start(args.spec());
        } catch (IOException e) {
            System.err.println("device-sim: cannot start the fleet: " + e);
            System.exit(1);
            return;
        }
        print(fleet, System.out);
        if (args.inventoryCsv() != null) {
            try (Writer w = Files.newBufferedWriter(args.inventoryCsv(), StandardCharsets.UTF_8)) {
                InventoryCsv.write(fleet.devices(), w);
            }
        }
        if (args.inventoryJson() != null) {
            InventoryJson.write(fleet.devices(), args.inventoryJson());
        }
        System.out.println("started " + fleet.devices().size() + " devices; Ctrl-C to stop");
        System.out.flush();
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fleet.close();
                System.out.println("stopped " + fleet.devices().size() + " devices");
            } catch (Exception e) {
                System.err.println("device-sim: closing: " + e);
            } finally {
                closed.countDown();
            }
        }, "device-sim-shutdown"));
        closed.await();
    }

    static void print(SimFleet fleet, PrintStream out) {
        for (SimFleet.Device d : fleet.devices()) {
            out.println(d.platform().key() + " " + d.hostname() + " " + d.address().getHostString() + ":"
                    + d.address().getPort() + " " + d.osVersion() + " " + d.fingerprintKind() + " " + d.fingerprint());
        }
    }

    static Args parse(String[] argv) throws IOException {
        Map<String, String> flags = new LinkedHashMap<>();
        Path spec = null;
        Path csv = null;
        Path json = null;
        for (int i = 0; i < argv.length; i++) {
            String a = argv[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            String name;
            String value;
            int eq = a.indexOf('=');
            if (eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else {
                name = a.substring(2);
                if (name.equals("help")) {
                    throw new IllegalArgumentException("help");
                }
                if (i + 1 >= argv.length || argv[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException("--" + name + " needs a value");
                }
                value = argv[++i];
            }
            if (value.isEmpty()) {
                throw new IllegalArgumentException("--" + name + " needs a value");
            }
            if (flags.containsKey(name) || (name.equals("spec") && spec != null)
                    || (name.equals("inventory-csv") && csv != null) || (name.equals("inventory-json") && json != null)) {
                throw new IllegalArgumentException("--" + name + " given twice");
            }
            switch (name) {
                case "spec" -> spec = Path.of(value);
                case "inventory-csv" -> csv = Path.of(value);
                case "inventory-json" -> json = Path.of(value);
                default -> flags.put(name, value);
            }
        }
        if (spec != null && !flags.isEmpty()) {
            throw new IllegalArgumentException("--spec cannot be combined with --" + flags.keySet().iterator().next()
                    + ": put it in the spec file");
        }
        if (spec != null) {
            if (!Files.isReadable(spec)) {
                throw new IllegalArgumentException("--spec: cannot read " + spec);
            }
            return new Args(FleetSpec.parse(spec), csv, json);
        }
        return new Args(FleetSpec.fromFlags(flags), csv, json);
    }
}
