package io.appfleet.inventory.device;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import io.appfleet.inventory.device.DeviceRequest.CapacityDto;
import io.appfleet.platform.device.DeviceIds;
import io.appfleet.platform.labels.LabelGrammar;
import io.appfleet.platform.problem.FieldError;

/**
 * Checks a device against the inventory's grammar and fills in defaults (port and transport from
 * the platform, admin state {@code managed}). Every value that a driver may later send to a
 * device or put in a log is held to a strict character set here, at the door.
 */
public final class DeviceValidator {

    /** Lowercase hostname-like ids: safe as Kafka keys, URL segments, file names and CLI words. */
    static final Pattern ID = DeviceIds.PATTERN;
    private static final Pattern OS_VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z._()+-]{0,31}");
    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern CREDENTIALS_REF = Pattern.compile("[a-z][a-z0-9+.-]{0,31}:[A-Za-z0-9/_.@:+=-]{1,256}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");
    private static final Pattern FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}=?");
    private static final String FINGERPRINT_RULE = "must be an OpenSSH SHA256 fingerprint (SHA256:<base64>)";
    private static final int MAX_LABELS = 64;
    private static final int MAX_PASSWORD = 256;

    static final Set<String> PLATFORMS = Set.of("iosxe", "iosxr", "infix");
    static final Set<String> ADMIN_STATES = Set.of("managed", "maintenance", "decommissioned");
    /** Which transports each platform's driver speaks. */
    private static final Map<String, List<String>> TRANSPORTS = Map.of(
            "iosxe", List.of("ssh-cli", "restconf"),
            "iosxr", List.of("ssh-cli"),
            "infix", List.of("restconf"));

    public record Result(DeviceRequest device, List<FieldError> errors) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    private DeviceValidator() {
    }

    public static Result validate(DeviceRequest d) {
        List<FieldError> errors = new ArrayList<>();
        if (d == null) {
            return new Result(null, List.of(new FieldError("body", "a device is required")));
        }
        required(errors, "id", d.id(), ID, DeviceIds.RULE);

        String platform = d.platform();
        if (platform == null || platform.isEmpty()) {
            errors.add(new FieldError("platform", "is required (one of iosxe, iosxr, infix)"));
        } else if (!PLATFORMS.contains(platform)) {
            errors.add(new FieldError("platform", "unknown platform '" + printable(platform)
                    + "'; expected one of iosxe, iosxr, infix"));
            platform = null;
        }
        required(errors, "osVersion", d.osVersion(), OS_VERSION,
                "must be a version such as 17.12.4 or 7.11.2 (letters, digits, '.', '_', '(', ')', '+', '-')");
        if (d.host() == null || d.host().isEmpty()) {
            errors.add(new FieldError("host", "is required (IPv4, IPv6 or DNS name)"));
        } else if (!isHost(d.host())) {
            errors.add(new FieldError("host", "'" + printable(d.host()) + "' is not an IPv4 or IPv6 address or a DNS name"));
        }

        String transport = d.transport();
        if (transport == null || transport.isEmpty()) {
            transport = platform == null ? null : TRANSPORTS.get(platform).get(0);
        } else if (!transport.equals("ssh-cli") && !transport.equals("restconf")) {
            errors.add(new FieldError("transport", "unknown transport '" + printable(transport)
                    + "'; expected ssh-cli or restconf"));
            transport = null;
        } else if (platform != null && !TRANSPORTS.get(platform).contains(transport)) {
            errors.add(new FieldError("transport", platform + " devices are managed over "
                    + String.join(" or ", TRANSPORTS.get(platform)) + ", not " + transport));
        }
        Integer port = d.port();
        if (port == null) {
            port = "restconf".equals(transport) ? 443 : 22;
        } else if (port < 1 || port > 65535) {
            errors.add(new FieldError("port", "must be between 1 and 65535"));
        }

        String credentialsRef = d.credentialsRef();
        if (d.credentials() != null) {
            checkCredentials(errors, d.credentials());
            if (credentialsRef != null && !credentialsRef.isEmpty() && !credentialsRef.equals("inline")) {
                errors.add(new FieldError("credentialsRef", "give either inline credentials or a reference, not both"));
            }
            credentialsRef = "inline";
        } else if (credentialsRef != null && !credentialsRef.isEmpty() && !credentialsRef.equals("inline")
                && !CREDENTIALS_REF.matcher(credentialsRef).matches()) {
            errors.add(new FieldError("credentialsRef", "must look like scheme:path, e.g. vault:secret/data/devices/sw1"));
        }

        Map<String, String> labels = d.labels() == null ? Map.of() : d.labels();
        if (labels.size() > MAX_LABELS) {
            errors.add(new FieldError("labels", "at most " + MAX_LABELS + " labels"));
        }
        for (Map.Entry<String, String> l : new TreeMap<>(labels).entrySet()) {
            String keyError = LabelGrammar.keyError(l.getKey());
            if (keyError != null) {
                errors.add(new FieldError("labels." + printable(l.getKey()), keyError));
            } else {
                String valueError = LabelGrammar.valueError(l.getValue());
                if (valueError != null) {
                    errors.add(new FieldError("labels." + l.getKey(), valueError));
                }
            }
        }
        String site = d.site() == null || d.site().isEmpty() ? null : d.site();
        if (site != null && LabelGrammar.valueError(site) != null) {
            errors.add(new FieldError("site", "must follow the label value grammar (at most 63 of [A-Za-z0-9-_.])"));
        }

        CapacityDto c = d.capacity() == null ? new CapacityDto(0, 0, 0) : d.capacity();
        c = new CapacityDto(nonNegative(errors, "capacity.cpuUnits", c.cpuUnits()),
                nonNegative(errors, "capacity.memoryMib", c.memoryMib()),
                nonNegative(errors, "capacity.storageMib", c.storageMib()));

        String adminState = d.adminState() == null || d.adminState().isEmpty() ? "managed" : d.adminState();
        if (!ADMIN_STATES.contains(adminState)) {
            errors.add(new FieldError("adminState", "unknown admin state '" + printable(adminState)
                    + "'; expected managed, maintenance or decommissioned"));
        }
        String fingerprint = d.sshHostKeyFingerprint() == null || d.sshHostKeyFingerprint().isEmpty() ? null
                : d.sshHostKeyFingerprint();
        if (fingerprint != null && fingerprintError(fingerprint) != null) {
            errors.add(new FieldError("sshHostKeyFingerprint", FINGERPRINT_RULE));
        }
        if (d.generation() != null && d.generation() < 1) {
            errors.add(new FieldError("generation", "must be at least 1"));
        }

        DeviceRequest normalized = new DeviceRequest(d.id(), platform, d.osVersion(), d.host(), port, transport,
                credentialsRef == null || credentialsRef.isEmpty() ? null : credentialsRef, d.credentials(),
                new TreeMap<>(labels), site, c, adminState, fingerprint, d.generation());
        return new Result(normalized, errors);
    }

    /**
     * Null when {@code fingerprint} is a host key fingerprint as the API accepts it, else why not
     * (quoting it printably). Keys the device-adapter trusted on first use are held to the same rule.
     */
    public static String fingerprintError(String fingerprint) {
        if (fingerprint == null || fingerprint.isEmpty()) {
            return "is empty; " + FINGERPRINT_RULE;
        }
        return FINGERPRINT.matcher(fingerprint).matches() ? null : "'" + printable(fingerprint) + "' " + FINGERPRINT_RULE;
    }

    private static void checkCredentials(List<FieldError> errors, DeviceRequest.CredentialsInput c) {
        if (c.username() == null || !USERNAME.matcher(c.username()).matches()) {
            errors.add(new FieldError("credentials.username", "must be 1 to 64 of [A-Za-z0-9._@-]"));
        }
        String p = c.password();
        if (p == null || p.isEmpty() || p.length() > MAX_PASSWORD) {
            errors.add(new FieldError("credentials.password", "must be 1 to " + MAX_PASSWORD + " characters"));
        } else if (p.chars().anyMatch(Character::isISOControl)) {
            // The message never echoes the password.
            errors.add(new FieldError("credentials.password", "must not contain control characters"));
        }
    }

    private static boolean isHost(String host) {
        if (IPV4.matcher(host).matches()) {
            return true;
        }
        if (host.indexOf(':') >= 0) {
            if (!IPV6_CHARS.matcher(host).matches()) {
                return false;
            }
            try {
                return java.net.InetAddress.getByName(host) instanceof java.net.Inet6Address;
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }
        // All-numeric dotted names are mistyped IPv4 addresses, not DNS names.
        return HOSTNAME.matcher(host).matches() && !host.matches("[0-9.]+");
    }

    private static void required(List<FieldError> errors, String field, String value, Pattern grammar, String rule) {
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(field, "is required"));
        } else if (!grammar.matcher(value).matches()) {
            errors.add(new FieldError(field, "'" + printable(value) + "' " + rule));
        }
    }

    private static int nonNegative(List<FieldError> errors, String field, Integer v) {
        if (v == null) {
            return 0;
        }
        if (v < 0) {
            errors.add(new FieldError(field, "must not be negative"));
        }
        return v;
    }

    /** User input echoed in an error: no control characters, bounded length. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char ch = s.charAt(i);
            b.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return s.length() > 64 ? b + "…" : b.toString();
    }
}
