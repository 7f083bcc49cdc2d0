package io.appfleet.desired.manifest;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An {@code AppDeployment} manifest ({@code apiVersion: appfleet/v1}) as accepted: every value
 * here has passed {@link ManifestValidator}, so it is safe to put on a device CLI line. Optional
 * parts are null when the manifest leaves them out; lists and maps are never null. Serialized with
 * {@link ManifestJson} it gives the canonical JSON stored per revision (documented field by field
 * in {@code docs/manifests.md}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({ "apiVersion", "kind", "metadata", "spec" })
public record AppDeployment(String apiVersion, String kind, Metadata metadata, Spec spec) {

    public static final String API_VERSION = "appfleet/v1";
    public static final String KIND = "AppDeployment";

    public String name() {
        return metadata.name();
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Metadata(String name, Map<String, String> labels) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({ "app", "targets", "state", "rollout", "devicePolicy", "prune" })
    public record Spec(App app, Targets targets, AppState state, Rollout rollout, DevicePolicy devicePolicy,
            boolean prune) {
    }

    /** The run state the app should reach on every targeted device. */
    public enum AppState {
        RUNNING, STOPPED, ABSENT;

        @JsonValue
        public String json() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    @JsonPropertyOrder({ "id", "package", "image", "resources", "runOpts", "env", "command", "network", "healthCheck",
            "guestAgent" })
    public record App(String id, @JsonProperty("package") AppPackage pkg, Image image, Resources resources,
            List<String> runOpts, Map<String, String> env, String command, Network network, HealthCheck healthCheck,
            GuestAgent guestAgent) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppPackage(String url, String sha256, Long sizeBytes, String version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Image(String reference, String sha256) {
    }

    /** Zero means "not set": the platform or the package's profile decides. */
    public record Resources(int vcpu, int cpuUnits, int memoryMb, int diskMb) {
        public static final Resources NONE = new Resources(0, 0, 0, 0);
    }

    /** How the app's interfaces connect; see {@code docs/manifests.md} for each mode. */
    public enum NetworkMode {
        MANAGEMENT("management"), APPGIGABIT_TRUNK("appgigabit-trunk"),
        APPGIGABIT_VLAN_ACCESS("appgigabit-vlan-access"), VIRTUAL_PORT_GROUP("virtual-port-group"),
        HOST("host"), HOST_INTERFACES("host-interfaces");

        private final String json;

        NetworkMode(String json) {
            this.json = json;
        }

        @JsonValue
        public String json() {
            return json;
        }

        public static NetworkMode fromJson(String s) {
            for (NetworkMode m : values()) {
                if (m.json.equals(s)) {
                    return m;
                }
            }
            return null;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Network(NetworkMode mode, List<GuestInterface> interfaces, Integer virtualPortGroup,
            List<String> dns, List<String> publishedPorts) {
    }

    /** {@code ipv4}/{@code ipv6} in CIDR form ({@code 10.1.1.2/24}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GuestInterface(int index, Integer vlan, String ipv4, String gateway, String ipv6, String mac,
            String hostInterface) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HealthCheck(String startupGrace, Boolean useDeviceProbe, Boolean requireGuestAgent) {
    }

    /**
     * Where a KVM app's QEMU guest agent listens: a UNIX socket on {@code host} (default: the device's
     * management address), reached over SSH on {@code port} (default: the device's port).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GuestAgent(String socket, String host, Integer port) {
    }

    /** (platforms ∩ selector) ∪ devices; see {@code io.appfleet.desired.targeting.TargetResolver}. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Targets(List<String> platforms, Selector selector, List<String> devices) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Selector(Map<String, String> matchLabels, List<Expression> matchExpressions) {
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Expression(String key, String operator, List<String> values) {
    }

    /**
     * How a new revision reaches the devices. Interpreted by the rollout (waves are cumulative
     * shares of the targeted devices); the defaults are in {@link #DEFAULT}.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Rollout(List<Wave> waves, Threshold maxUnavailable, Threshold failureThreshold, String healthyFor,
            boolean autoRollback, List<Window> windows) {

        /** One wave with every device, a quarter of them updating at once, more than 5 % failing pauses. */
        public static final Rollout DEFAULT = new Rollout(List.of(new Wave(100, null)),
                Threshold.percent(BigDecimal.valueOf(25)), Threshold.percent(BigDecimal.valueOf(5)), "0s", false,
                List.of());

        public java.time.Duration healthyForDuration() {
            return Durations.parse(healthyFor == null ? "0s" : healthyFor);
        }
    }

    /** Exactly one of {@code percent} (1–100) and {@code count} (≥ 1), cumulative. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Wave(Integer percent, Integer count) {
    }

    /** An allowed time window: days of the week and a start/end time of day in a time zone. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Window(List<String> days, String start, String end, String timeZone) {
    }

    /** A device count ({@code 5}) or a share of the targeted devices ({@code "5%"}). */
    public record Threshold(Integer count, BigDecimal percent) {

        public static Threshold count(int n) {
            return new Threshold(n, null);
        }

        public static Threshold percent(BigDecimal p) {
            return new Threshold(null, p);
        }

        /** The number of devices out of {@code total} this threshold allows (percentages round down). */
        public int of(int total) {
            if (count != null) {
                return count;
            }
            return percent.multiply(BigDecimal.valueOf(total)).divide(BigDecimal.valueOf(100), 0,
                    java.math.RoundingMode.FLOOR).intValue();
        }

        @JsonValue
        public Object json() {
            return count != null ? count : percent.stripTrailingZeros().toPlainString() + "%";
        }
    }

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record DevicePolicy(Map<String, CppPolicer> cppPolicers) {
    }

    /** {@code enabled}, {@code disabled}, or enabled at a rate in packets per second. */
    public record CppPolicer(boolean enabled, Integer ratePps) {

        @JsonValue
        public Object json() {
            if (ratePps == null) {
                return enabled ? "enabled" : "disabled";
            }
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("enabled", enabled);
            m.put("ratePps", ratePps);
            return m;
        }
    }
}
