package io.appfleet.devicesim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.appfleet.devicesim.iosxe.IosxePlatform;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a simulated fleet is: device counts per platform, OS versions (assigned round-robin),
 * ports, credentials, latency and fault rates. Read from YAML ({@link #parse}) or CLI flags
 * ({@link #fromFlags}); every error names the key (or flag) at fault.
 *
 * <p>Devices take consecutive IPv4 addresses from {@code baseAddress}, platform after platform
 * (iosxe, then iosxr, then infix), so the blocks never overlap; with {@code distinctPorts} they
 * share {@code baseAddress} and take consecutive ports from their platform's {@code port}
 * instead, and the port ranges must not overlap.
 */
public record FleetSpec(String baseAddress, boolean distinctPorts, String username, String password,
                        Map<Platform, PlatformSpec> platforms, long latencyMs, FaultRates faults, long seed) {

    public enum Platform {
        IOSXE(2222, List.of("16.12.5", "17.9.4"), 2000),
        IOSXR(2222, List.of("7.3.1"), 0),
        INFIX(8443, List.of("25.01"), 0);

        final int defaultPort;
        final List<String> defaultOs;
        final long defaultInstallMs;

        Platform(int port, List<String> os, long installMs) {
            this.defaultPort = port;
            this.defaultOs = os;
            this.defaultInstallMs = installMs;
        }

        /** The key in the spec and the inventory's platform name. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One platform's devices; {@code latencyMs} overrides the fleet's; installMs is IOS-XE's 17.x install time. */
    public record PlatformSpec(int count, List<String> osVersions, int port, long installMs, long latencyMs) {
    }

    /** A spec that is not valid; {@link #key} is the YAML key path or CLI flag at fault. */
    public static final class SpecException extends IllegalArgumentException {
        private final String key;

        SpecException(String key, String message) {
            super(key + ": " + message);
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern OS_VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._()+-]{0,31}");
    private static final Set<String> TOP = Set.of("baseAddress", "distinctPorts", "credentials", "platforms",
            "latencyMs", "faults", "seed");
    private static final Set<String> CREDENTIALS = Set.of("username", "password");
    private static final Set<String> PLATFORM = Set.of("count", "osVersions", "port", "installMs", "latencyMs");
    private static final Set<String> FAULTS = Set.of("dropSessionRate", "stallRate", "wrongStateRate",
            "installFailureRate", "crashRate");

    public FleetSpec {
        Map<Platform, PlatformSpec> copy = new EnumMap<>(Platform.class);
        copy.putAll(platforms);
        platforms = Collections.unmodifiableMap(copy);
    }

    /** The platform's spec; a platform the spec does not name has no devices. */
    public PlatformSpec platform(Platform p) {
        PlatformSpec s = platforms.get(p);
        return s != null ? s : new PlatformSpec(0, p.defaultOs, p.defaultPort, p.defaultInstallMs, latencyMs);
    }

    public int totalDevices() {
        return platforms.values().stream().mapToInt(PlatformSpec::count).sum();
    }

    /** Where device {@code index} (from 0) of platform {@code p} listens. */
    public InetSocketAddress address(Platform p, int index) {
        if (distinctPorts) {
            return new InetSocketAddress(baseAddress, platform(p).port() + index);
        }
        long offset = index;
        for (Platform before : Platform.values()) {
            if (before == p) {
                break;
            }
            offset += platform(before).count();
        }
        return new InetSocketAddress(ipv4(toLong(baseAddress) + offset), platform(p).port());
    }

    /** The first address of platform {@code p}'s block (with distinctPorts: the shared address). */
    public String firstAddress(Platform p) {
        return address(p, 0).getHostString();
    }

    public String osVersion(Platform p, int index) {
        List<String> os = platform(p).osVersions();
        return os.get(index % os.size());
    }

    // --- YAML -----------------------------------------------------------------------------------

    public static FleetSpec parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in);
        }
    }

    public static FleetSpec parse(InputStream in) throws IOException {
        JsonNode root;
        try {
            root = YAML.readTree(in);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? -1 : e.getLocation().getLineNr();
            throw new SpecException("spec", "not valid YAML" + (line > 0 ? " at line " + line : "") + ": "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        return fromTree(root);
    }

    public static FleetSpec parse(String yaml) {
        try {
            return parse(new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static FleetSpec fromTree(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new SpecException("spec", "is empty");
        }
        requireObject(root, "spec");
        knownKeys(root, "", TOP);

        String base = text(root, "baseAddress", "baseAddress", "127.20.0.1");
        if (!isIpv4(base)) {
            throw new SpecException("baseAddress", "'" + base + "' is not an IPv4 address (a.b.c.d)");
        }
        boolean distinctPorts = bool(root, "distinctPorts", "distinctPorts", false);

        String user = "admin";
        String pass = "admin";
        JsonNode creds = root.get("credentials");
        if (creds != null) {
            requireObject(creds, "credentials");
            knownKeys(creds, "credentials.", CREDENTIALS);
            user = text(creds, "username", "credentials.username", user);
            pass = text(creds, "password", "credentials.password", pass);
            if (user.isEmpty() || user.chars().anyMatch(Character::isWhitespace)) {
                throw new SpecException("credentials.username", "must be non-empty without spaces");
            }
            if (pass.isEmpty()) {
                throw new SpecException("credentials.password", "must not be empty");
            }
        }
        long latency = nonNegative(root, "latencyMs", "latencyMs", 0);
        long seed = integer(root, "seed", "seed", 1);

        JsonNode ps = root.get("platforms");
        if (ps == null) {
            throw new SpecException("platforms", "is required (iosxe, iosxr and/or infix with a count)");
        }
        requireObject(ps, "platforms");
        knownKeys(ps, "platforms.", Set.of("iosxe", "iosxr", "infix"));
        Map<Platform, PlatformSpec> platforms = new EnumMap<>(Platform.class);
        for (Platform p : Platform.values()) {
            JsonNode n = ps.get(p.key());
            if (n == null) {
                continue;
            }
            String k = "platforms." + p.key();
            requireObject(n, k);
            knownKeys(n, k + ".", PLATFORM);
            if (n.has("installMs") && p != Platform.IOSXE) {
                throw new SpecException(k + ".installMs", "applies to iosxe only (17.x installs are asynchronous)");
            }
            int count = (int) Math.min(Integer.MAX_VALUE, nonNegative(n, "count", k + ".count", 0));
            List<String> os = osVersions(n, k + ".osVersions", p);
            long port = integer(n, "port", k + ".port", p.defaultPort);
            if (port < 1 || port > 65535) {
                throw new SpecException(k + ".port", "must be between 1 and 65535, got " + port);
            }
            platforms.put(p, new PlatformSpec(count, os, (int) port, nonNegative(n, "installMs", k + ".installMs",
                    p.defaultInstallMs), nonNegative(n, "latencyMs", k + ".latencyMs", latency)));
        }

        FaultRates faults = FaultRates.NONE;
        JsonNode f = root.get("faults");
        if (f != null) {
            requireObject(f, "faults");
            knownKeys(f, "faults.", FAULTS);
            faults = new FaultRates(rate(f, "dropSessionRate"), rate(f, "stallRate"), rate(f, "wrongStateRate"),
                    rate(f, "installFailureRate"), rate(f, "crashRate"));
        }
        FleetSpec spec = new FleetSpec(base, distinctPorts, user, pass, platforms, latency, faults, seed);
        spec.checkLayout();
        return spec;
    }

    /** The address blocks (or port ranges) fit and do not overlap. */
    private void checkLayout() {
        int total = totalDevices();
        if (total == 0) {
            throw new SpecException("platforms", "no devices: give at least one platform a count above 0");
        }
        if (!distinctPorts) {
            long first = toLong(baseAddress);
            long last = first + total - 1;
            // Stay in the base's /8 (for 127.x, the loopback network every Linux host answers on).
            if ((last >>> 24) != (first >>> 24)) {
                throw new SpecException("baseAddress", baseAddress + " leaves room for " + ((first | 0xffffffL) - first + 1)
                        + " addresses in its /8, the spec has " + total + " devices");
            }
            return;
        }
        List<Platform> seen = new ArrayList<>();
        for (Platform p : Platform.values()) {
            PlatformSpec s = platform(p);
            if (s.count() == 0) {
                continue;
            }
            long end = (long) s.port() + s.count() - 1;
            if (end > 65535) {
                throw new SpecException("platforms." + p.key() + ".port", "ports " + s.port() + ".." + end
                        + " run past 65535");
            }
            for (Platform q : seen) {
                PlatformSpec o = platform(q);
                if (s.port() <= (long) o.port() + o.count() - 1 && o.port() <= end) {
                    throw new SpecException("platforms." + p.key() + ".port", "ports " + s.port() + ".." + end
                            + " overlap platforms." + q.key() + " (" + o.port() + ".." + (o.port() + o.count() - 1)
                            + ") on the shared address with distinctPorts");
                }
            }
            seen.add(p);
        }
    }

    private static List<String> osVersions(JsonNode n, String key, Platform p) {
        JsonNode v = n.get("osVersions");
        if (v == null) {
            return p.defaultOs;
        }
        List<String> out = new ArrayList<>();
        if (v.isTextual()) {
            out.addAll(Arrays.asList(v.asText().split(",")));
        } else if (v.isArray()) {
            for (JsonNode item : v) {
                if (!item.isValueNode() || item.isNull()) {
                    throw new SpecException(key, "expected a list of versions");
                }
                out.add(item.asText());
            }
        } else {
            throw new SpecException(key, "expected a list of versions");
        }
        if (out.isEmpty()) {
            throw new SpecException(key, "must name at least one version");
        }
        for (String os : out) {
            if (!OS_VERSION.matcher(os).matches()) {
                throw new SpecException(key, "'" + os + "' is not a version such as " + p.defaultOs.get(0));
            }
            if (p == Platform.IOSXE) {
                try {
                    IosxePlatform.of(os).major();
                } catch (NumberFormatException e) {
                    throw new SpecException(key, "'" + os + "' is not an IOS-XE release such as 16.12.5 or 17.9.4");
                }
            }
        }
        return List.copyOf(out);
    }

    private static double rate(JsonNode f, String name) {
        JsonNode v = f.get(name);
        if (v == null) {
            return 0;
        }
        double d;
        if (v.isNumber()) {
            d = v.asDouble();
        } else {
            throw new SpecException("faults." + name, "expected a number between 0 and 1, got '" + v.asText() + "'");
        }
        if (!(d >= 0 && d <= 1)) {
            throw new SpecException("faults." + name, "must be between 0 and 1, got " + v.asText());
        }
        return d;
    }

    private static void requireObject(JsonNode n, String key) {
        if (!n.isObject()) {
            throw new SpecException(key, "expected a mapping of keys, got '" + n.asText() + "'");
        }
    }

    private static void knownKeys(JsonNode n, String prefix, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new SpecException(prefix + k, "unknown key; known here: " + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    private static String text(JsonNode n, String field, String key, String dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isValueNode() || v.isNull()) {
            throw new SpecException(key, "expected a text value");
        }
        return v.asText();
    }

    private static boolean bool(JsonNode n, String field, String key, boolean dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            throw new SpecException(key, "expected true or false, got '" + v.asText() + "'");
        }
        return v.asBoolean();
    }

    private static long integer(JsonNode n, String field, String key, long dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new SpecException(key, "expected a whole number, got '" + v.asText() + "'");
        }
        return v.asLong();
    }

    private static long nonNegative(JsonNode n, String field, String key, long dflt) {
        long v = integer(n, field, key, dflt);
        if (v < 0) {
            throw new SpecException(key, "must be 0 or more, got " + v);
        }
        return v;
    }

    // --- CLI flags ------------------------------------------------------------------------------

    /** Flag → the spec key it sets. OS lists are comma-separated. */
    static final Map<String, String> FLAGS;

    static {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("iosxe", "platforms.iosxe.count");
        f.put("iosxr", "platforms.iosxr.count");
        f.put("infix", "platforms.infix.count");
        f.put("base", "baseAddress");
        f.put("distinct-ports", "distinctPorts");
        f.put("port", "platforms.iosxe.port");
        f.put("iosxr-port", "platforms.iosxr.port");
        f.put("infix-port", "platforms.infix.port");
        f.put("os", "platforms.iosxe.osVersions");
        f.put("iosxr-os", "platforms.iosxr.osVersions");
        f.put("infix-os", "platforms.infix.osVersions");
        f.put("install-ms", "platforms.iosxe.installMs");
        f.put("user", "credentials.username");
        f.put("password", "credentials.password");
        f.put("latency-ms", "latencyMs");
        f.put("seed", "seed");
        f.put("drop-session-rate", "faults.dropSessionRate");
        f.put("stall-rate", "faults.stallRate");
        f.put("wrong-state-rate", "faults.wrongStateRate");
        f.put("install-failure-rate", "faults.installFailureRate");
        f.put("crash-rate", "faults.crashRate");
        FLAGS = Collections.unmodifiableMap(f);
    }

    /**
     * A spec from flags (names without "--"): {@code iosxe=100 iosxr=50 infix=50 base=127.20.0.1
     * latency-ms=20 …}, see {@link #FLAGS}. {@code port} is the SSH port of both IOS-XE and IOS-XR
     * unless {@code iosxr-port} is given. Errors name the flag.
     */
    public static FleetSpec fromFlags(Map<String, String> flags) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, String> e : flags.entrySet()) {
            String path = FLAGS.get(e.getKey());
            if (path == null) {
                throw new SpecException("--" + e.getKey(), "unknown flag; known: "
                        + String.join(", ", FLAGS.keySet().stream().map(k -> "--" + k).toList()));
            }
            JsonNode value;
            if (path.endsWith("osVersions") || path.startsWith("credentials.") || path.equals("baseAddress")) {
                value = JsonNodeFactory.instance.textNode(e.getValue());
            } else {
                value = scalar(e.getValue());
            }
            put(root, path, value);
        }
        if (flags.containsKey("port") && !flags.containsKey("iosxr-port")) {
            put(root, "platforms.iosxr.port", scalar(flags.get("port")));
        }
        if (!flags.containsKey("iosxe") && !flags.containsKey("iosxr") && !flags.containsKey("infix")) {
            // As before platforms: no count given is ten IOS-XE devices.
            put(root, "platforms.iosxe.count", JsonNodeFactory.instance.numberNode(10));
        }
        try {
            return fromTree(root);
        } catch (SpecException ex) {
            String flag = FLAGS.entrySet().stream().filter(f -> f.getValue().equals(ex.key()) && flags.containsKey(f.getKey()))
                    .map(f -> "--" + f.getKey()).findFirst()
                    .orElse(ex.key().equals("platforms.iosxr.port") ? "--port" : ex.key());
            throw new SpecException(flag, ex.getMessage().substring(ex.key().length() + 2));
        }
    }

    /** A flag value typed as YAML would type it: 100 a number, true a boolean, anything else text. */
    private static JsonNode scalar(String s) {
        try {
            JsonNode n = YAML.readTree(s);
            return n != null && n.isValueNode() && !n.isNull() ? n : JsonNodeFactory.instance.textNode(s);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.textNode(s);
        }
    }

    private static void put(ObjectNode root, String path, JsonNode value) {
        String[] parts = path.split("\\.");
        ObjectNode n = root;
        for (int i = 0; i < parts.length - 1; i++) {
            n = n.has(parts[i]) ? (ObjectNode) n.get(parts[i]) : n.putObject(parts[i]);
        }
        n.set(parts[parts.length - 1], value);
    }

    // --- IPv4 -----------------------------------------------------------------------------------

    private static boolean isIpv4(String s) {
        var m = IPV4.matcher(s);
        if (!m.matches()) {
            return false;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return false;
            }
        }
        return true;
    }

    private static long toLong(String ipv4) {
        long v = 0;
        for (String part : ipv4.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }

    private static String ipv4(long v) {
        return ((v >>> 24) & 0xff) + "." + ((v >>> 16) & 0xff) + "." + ((v >>> 8) & 0xff) + "." + (v & 0xff);
    }
}
