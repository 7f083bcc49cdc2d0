package io.appfleet.desired.devicestate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import io.appfleet.proto.fleet.v1.AppNetwork;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.GuestInterface;

/**
 * The {@code config_digest} of a {@link DesiredApp}: SHA-256 over the fields that shape the app's
 * configuration on the device (artifact, resources, run options, environment, network, command).
 * Not over its run state, deployment, revision or health hints: stopping an app or a new revision
 * with the same configuration must not look like a configuration change to the adapter.
 *
 * <p>The encoding is our own and fixed (each value as name, length and UTF-8 text), not protobuf's
 * wire form, so the digest stays the same across library upgrades; the adapter stores it per app
 * on the device side, and a changed algorithm would make every app look changed at once.
 */
public final class ConfigDigest {

    private ConfigDigest() {
    }

    public static String of(DesiredApp app) {
        Encoder e = new Encoder();
        e.put("app_id", app.getAppId());
        if (app.hasPackage()) {
            e.put("package.url", app.getPackage().getUrl());
            e.put("package.sha256", app.getPackage().getSha256());
            e.put("package.size_bytes", Long.toUnsignedString(app.getPackage().getSizeBytes()));
            e.put("package.version", app.getPackage().getVersion());
        }
        if (app.hasImage()) {
            e.put("image.reference", app.getImage().getReference());
            e.put("image.sha256", app.getImage().getSha256());
        }
        e.put("resources.vcpu", app.getResources().getVcpu());
        e.put("resources.cpu_units", app.getResources().getCpuUnits());
        e.put("resources.memory_mib", app.getResources().getMemoryMib());
        e.put("resources.disk_mib", app.getResources().getDiskMib());
        for (int i = 0; i < app.getRunOptsCount(); i++) {
            e.put("run_opts[" + i + "]", app.getRunOpts(i));
        }
        for (Map.Entry<String, String> env : new TreeMap<>(app.getEnvMap()).entrySet()) {
            e.put("env." + env.getKey(), env.getValue());
        }
        AppNetwork n = app.getNetwork();
        e.put("network.mode", n.getModeValue());
        for (GuestInterface g : n.getInterfacesList()) {
            String p = "network.interfaces[" + g.getIndex() + "].";
            e.put(p + "vlan_id", g.getVlanId());
            e.put(p + "ipv4_address", g.getIpv4Address());
            e.put(p + "ipv4_prefix_length", g.getIpv4PrefixLength());
            e.put(p + "ipv4_gateway", g.getIpv4Gateway());
            e.put(p + "ipv6_address", g.getIpv6Address());
            e.put(p + "ipv6_prefix_length", g.getIpv6PrefixLength());
            e.put(p + "mac_address", g.getMacAddress());
            e.put(p + "host_interface", g.getHostInterface());
        }
        e.put("network.virtual_port_group", n.getVirtualPortGroup());
        for (int i = 0; i < n.getDnsServersCount(); i++) {
            e.put("network.dns_servers[" + i + "]", n.getDnsServers(i));
        }
        for (int i = 0; i < n.getPublishedPortsCount(); i++) {
            e.put("network.published_ports[" + i + "]", n.getPublishedPorts(i));
        }
        e.put("command", app.getCommand());
        return e.digest();
    }

    private static final class Encoder {
        private final StringBuilder b = new StringBuilder();

        void put(String name, long value) {
            put(name, Long.toString(value));
        }

        void put(String name, String value) {
            b.append(name).append(':').append(value.length()).append(':').append(value).append('\n');
        }

        String digest() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JVM", e);
            }
        }
    }
}
