package io.appfleet.devicesim;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts a simulated fleet from flags and prints one line per device, e.g.
 * {@code --iosxe=100 --base=127.10.0.1 --port=2222 --latency-ms=20}. Runs until Ctrl-C.
 * Other flags: --user, --password, --os=16.12.5,17.9.4, --install-ms.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> flags = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                System.err.println("usage: --iosxe=N --base=127.10.0.1 --port=2222 [--latency-ms=0] [--user=admin]"
                        + " [--password=admin] [--os=16.12.5,17.9.4] [--install-ms=2000]");
                System.exit(2);
            }
            flags.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        Fleet.Spec spec = Fleet.Spec.iosxe(Integer.parseInt(flags.getOrDefault("iosxe", "10")),
                        flags.getOrDefault("base", "127.10.0.1"), Integer.parseInt(flags.getOrDefault("port", "2222")))
                .withLatencyMs(Long.parseLong(flags.getOrDefault("latency-ms", "0")))
                .withInstallMs(Long.parseLong(flags.getOrDefault("install-ms", "2000")))
                .withCredentials(flags.getOrDefault("user", "admin"), flags.getOrDefault("password", "admin"));
        if (flags.containsKey("os")) {
            List<String> os = Arrays.asList(flags.get("os").split(","));
            spec = spec.withOsVersions(os.toArray(String[]::new));
        }
        Fleet fleet = Fleet.start(spec);
        for (SimulatedDevice d : fleet.devices()) {
            System.out.println("iosxe " + d.hostname() + " " + d.address().getHostString() + ":" + d.address().getPort()
                    + " " + d.osVersion());
        }
        System.out.println("started " + fleet.devices().size() + " devices; Ctrl-C to stop");
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                fleet.close();
            } catch (Exception e) {
                // shutting down anyway
            }
            done.countDown();
        }));
        done.await();
    }
}
