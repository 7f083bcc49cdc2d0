package io.appfleet.devicesim;

import io.appfleet.devicesim.ssh.SimSshServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A set of simulated devices served by one SSH server. Devices get consecutive loopback
 * addresses from {@code baseAddress} on one port (the whole 127/8 is local on Linux), or, with
 * {@link Spec#distinctPorts}, one address and consecutive ports.
 */
public final class Fleet implements AutoCloseable {

    /**
     * What to start. {@code osVersions} are assigned round-robin (e.g. "16.12.5", "17.9.4" gives a
     * half-and-half mix); {@code installMs} is how long a 17.x install stays INSTALLING.
     * {@code iosxeCount} is the number of devices, all of {@code platform} (IOS-XE unless built
     * with {@link #iosxr}); a mixed fleet is two fleets on different base addresses.
     */
    public record Spec(int iosxeCount, String baseAddress, int port, boolean distinctPorts, String username,
                       String password, List<String> osVersions, long installMs, long latencyMs,
                       String hostnamePrefix, SimulatedDevice.Platform platform) {

        public Spec {
            platform = platform == null ? SimulatedDevice.Platform.IOSXE : platform;
        }

        /** The IOS-XE spec as it was before platforms: kept so existing callers compile. */
        public Spec(int iosxeCount, String baseAddress, int port, boolean distinctPorts, String username,
                    String password, List<String> osVersions, long installMs, long latencyMs, String hostnamePrefix) {
            this(iosxeCount, baseAddress, port, distinctPorts, username, password, osVersions, installMs, latencyMs,
                    hostnamePrefix, SimulatedDevice.Platform.IOSXE);
        }

        public static Spec iosxe(int count, String baseAddress, int port) {
            return new Spec(count, baseAddress, port, false, "admin", "admin",
                    List.of("16.12.5", "17.9.4"), 2000, 0, "sim-iosxe-");
        }

        /** IOS-XR 7.x routers with App Manager, hostnames sim-iosxr-1, 2, … */
        public static Spec iosxr(int count, String baseAddress, int port) {
            return new Spec(count, baseAddress, port, false, "admin", "admin",
                    List.of("7.3.1"), 0, 0, "sim-iosxr-", SimulatedDevice.Platform.IOSXR);
        }

        public Spec withOsVersions(String... versions) {
            return new Spec(iosxeCount, baseAddress, port, distinctPorts, username, password, List.of(versions),
                    installMs, latencyMs, hostnamePrefix, platform);
        }

        public Spec withInstallMs(long ms) {
            return new Spec(iosxeCount, baseAddress, port, distinctPorts, username, password, osVersions, ms,
                    latencyMs, hostnamePrefix, platform);
        }

        public Spec withLatencyMs(long ms) {
            return new Spec(iosxeCount, baseAddress, port, distinctPorts, username, password, osVersions,
                    installMs, ms, hostnamePrefix, platform);
        }

        public Spec withCredentials(String user, String pass) {
            return new Spec(iosxeCount, baseAddress, port, distinctPorts, user, pass, osVersions, installMs,
                    latencyMs, hostnamePrefix, platform);
        }

        public Spec withDistinctPorts() {
            return new Spec(iosxeCount, baseAddress, port, true, username, password, osVersions, installMs,
                    latencyMs, hostnamePrefix, platform);
        }
    }

    private final SimSshServer server = new SimSshServer();
    private final List<SimulatedDevice> devices = new ArrayList<>();

    private Fleet() {
    }

    public static Fleet start(Spec spec) throws IOException {
        Fleet fleet = new Fleet();
        try {
            int base = toInt(InetAddress.getByName(spec.baseAddress()));
            for (int i = 0; i < spec.iosxeCount(); i++) {
                InetSocketAddress addr = spec.distinctPorts()
                        ? new InetSocketAddress(InetAddress.getByName(spec.baseAddress()), spec.port() + i)
                        : new InetSocketAddress(toAddress(base + i), spec.port());
                String os = spec.osVersions().get(i % spec.osVersions().size());
                SimulatedDevice d = new SimulatedDevice(spec.platform(), spec.hostnamePrefix() + (i + 1), addr, spec.username(),
                        spec.password(), os, spec.installMs());
                d.faults().latencyMs(spec.latencyMs());
                fleet.server.add(d);
                fleet.devices.add(d);
            }
        } catch (IOException | RuntimeException e) {
            fleet.close();
            throw e;
        }
        return fleet;
    }

    public List<SimulatedDevice> devices() {
        return List.copyOf(devices);
    }

    public SimulatedDevice device(int index) {
        return devices.get(index);
    }

    public Optional<SimulatedDevice> byHostname(String hostname) {
        return devices.stream().filter(d -> d.hostname().equals(hostname)).findFirst();
    }

    /** Takes one device off the network (its address stops accepting connections). */
    public void stop(SimulatedDevice d) {
        server.remove(d);
        devices.remove(d);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private static int toInt(InetAddress a) throws UnknownHostException {
        byte[] b = a.getAddress();
        if (b.length != 4) {
            throw new UnknownHostException("IPv4 base address required: " + a);
        }
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private static InetAddress toAddress(int v) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
}
