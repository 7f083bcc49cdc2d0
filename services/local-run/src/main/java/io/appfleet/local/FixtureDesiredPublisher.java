package io.appfleet.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.protobuf.Timestamp;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.ContainerImage;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.DesiredSource;
import io.appfleet.proto.fleet.v1.DeviceSettings;

/**
 * TEMPORARY BY DESIGN: stands in for the desired-state service (issue 6) in the local run, and goes when that
 * service exists. Reads deploy/examples/desired/sim-fleet.yaml (apps and device settings per platform, no
 * manifests, selectors or rollouts) and publishes the full {@code fleet.v1.DesiredDeviceState} of every simulated
 * device to {@code fleet.desired.v1}, keyed by device id. Everything desired-state will do properly (AppDeployment
 * validation, revisions, waves) is out of scope here.
 */
final class FixtureDesiredPublisher {

    /** One simulated device: its inventory id and platform key (iosxe, iosxr, infix). */
    record SimDevice(String id, String platform) {
    }

    /** The fixture: package files to serve (name to size) and what each platform runs. */
    record Fixture(Map<String, Long> packages, Map<String, PlatformPart> platforms, String revision) {
    }

    record PlatformPart(List<AppPart> apps, List<CppPolicerSetting> cppPolicers) {
    }

    /** One app; exactly one of {@code packageFile} and {@code image} is set. */
    record AppPart(String appId, String deployment, DesiredAppState state, String packageFile, String image,
            AppResources resources, List<String> runOpts, Map<String, String> env) {
    }

    static final String EVENT_TYPE = "io.appfleet.desired.device.updated";
    static final String EVENT_SOURCE = "/appfleet/local-run/fixture";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Set<String> PLATFORMS = Set.of("iosxe", "iosxr", "infix");
    private static final Pattern APP_ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,127}");

    private FixtureDesiredPublisher() {
    }

    // --- the fixture file ----------------------------------------------------------------------

    static Fixture parse(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException naming the key at fault */
    static Fixture parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage().lines().findFirst()
                    .orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("expected a mapping with 'packages' and 'platforms'");
        }
        known(root, "", Set.of("packages", "platforms"));
        Map<String, Long> packages = new LinkedHashMap<>();
        JsonNode pk = root.path("packages");
        if (!pk.isMissingNode()) {
            object(pk, "packages");
            for (Iterator<Map.Entry<String, JsonNode>> it = pk.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = "packages." + e.getKey();
                if (!FILE.matcher(e.getKey()).matches()) {
                    throw new IllegalArgumentException(key + ": not a plain file name");
                }
                if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 1
                        || e.getValue().asLong() > 64L * 1024 * 1024) {
                    throw new IllegalArgumentException(key + ": the size in bytes, 1 to 67108864");
                }
                packages.put(e.getKey(), e.getValue().asLong());
            }
        }
        JsonNode ps = root.path("platforms");
        object(ps, "platforms");
        known(ps, "platforms.", PLATFORMS);
        Map<String, PlatformPart> platforms = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = ps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            platforms.put(e.getKey(), platform(e.getValue(), "platforms." + e.getKey(), packages));
        }
        return new Fixture(packages, platforms, "fixture-" + sha256(yaml.getBytes(StandardCharsets.UTF_8))
                .substring(0, 12));
    }

    private static PlatformPart platform(JsonNode n, String key, Map<String, Long> packages) {
        object(n, key);
        known(n, key + ".", Set.of("apps", "cppPolicers"));
        List<AppPart> apps = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        JsonNode list = n.path("apps");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new IllegalArgumentException(key + ".apps: expected a list");
        }
        for (int i = 0; i < list.size(); i++) {
            AppPart a = app(list.get(i), key + ".apps[" + i + "]", packages);
            if (!ids.add(a.appId())) {
                throw new IllegalArgumentException(key + ".apps[" + i + "].appId: " + a.appId() + " is listed twice");
            }
            apps.add(a);
        }
        List<CppPolicerSetting> cpp = new ArrayList<>();
        JsonNode c = n.path("cppPolicers");
        if (!c.isMissingNode()) {
            object(c, key + ".cppPolicers");
            for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                CppPolicerSetting.Builder s = CppPolicerSetting.newBuilder().setClassName(e.getKey());
                JsonNode v = e.getValue();
                if (v.isIntegralNumber() && v.asLong() > 0 && v.asLong() <= Integer.MAX_VALUE) {
                    s.setEnabled(true).setRatePps(v.asInt());
                } else if ("disabled".equals(v.asText())) {
                    s.setEnabled(false);
                } else if ("enabled".equals(v.asText())) {
                    s.setEnabled(true);
                } else {
                    throw new IllegalArgumentException(key + ".cppPolicers." + e.getKey()
                            + ": 'enabled', 'disabled' or a rate in packets per second, got '" + v.asText() + "'");
                }
                cpp.add(s.build());
            }
        }
        return new PlatformPart(List.copyOf(apps), List.copyOf(cpp));
    }

    private static AppPart app(JsonNode n, String key, Map<String, Long> packages) {
        object(n, key);
        known(n, key + ".", Set.of("appId", "deployment", "state", "package", "image", "resources", "runOpts", "env"));
        String appId = n.path("appId").asText("");
        if (!APP_ID.matcher(appId).matches()) {
            throw new IllegalArgumentException(key + ".appId: must match [a-z][a-z0-9_]{0,31}, got '" + appId + "'");
        }
        String deployment = n.path("deployment").asText("sim-" + appId);
        DesiredAppState state = switch (n.path("state").asText("running")) {
            case "running" -> DesiredAppState.DESIRED_APP_STATE_RUNNING;
            case "stopped" -> DesiredAppState.DESIRED_APP_STATE_STOPPED;
            default -> throw new IllegalArgumentException(key + ".state: 'running' or 'stopped', got '"
                    + n.path("state").asText() + "'");
        };
        String pkg = n.hasNonNull("package") ? n.get("package").asText() : null;
        String image = n.hasNonNull("image") ? n.get("image").asText() : null;
        if ((pkg == null) == (image == null)) {
            throw new IllegalArgumentException(key + ": give exactly one of 'package' (a file under packages) and"
                    + " 'image'");
        }
        if (pkg != null && !packages.containsKey(pkg)) {
            throw new IllegalArgumentException(key + ".package: " + pkg + " is not under packages");
        }
        AppResources.Builder r = AppResources.newBuilder();
        JsonNode res = n.path("resources");
        if (!res.isMissingNode()) {
            object(res, key + ".resources");
            known(res, key + ".resources.", Set.of("vcpu", "cpuUnits", "memoryMib", "diskMib"));
            r.setVcpu(count(res, "vcpu", key)).setCpuUnits(count(res, "cpuUnits", key))
                    .setMemoryMib(count(res, "memoryMib", key)).setDiskMib(count(res, "diskMib", key));
        }
        List<String> runOpts = new ArrayList<>();
        for (JsonNode o : n.path("runOpts")) {
            runOpts.add(o.asText());
        }
        Map<String, String> env = new TreeMap<>();
        n.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        return new AppPart(appId, deployment, state, pkg, image, r.build(), List.copyOf(runOpts), Map.copyOf(env));
    }

    private static int count(JsonNode n, String field, String key) {
        JsonNode v = n.path(field);
        if (v.isMissingNode()) {
            return 0;
        }
        if (!v.isIntegralNumber() || v.asLong() < 0 || v.asLong() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(key + ".resources." + field + ": a whole number, 0 or more");
        }
        return v.asInt();
    }

    private static void object(JsonNode n, String key) {
        if (n == null || !n.isObject()) {
            throw new IllegalArgumentException(key + ": expected a mapping");
        }
    }

    private static void known(JsonNode n, String prefix, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new IllegalArgumentException(prefix + k + ": unknown key; known here: "
                        + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    // --- records -------------------------------------------------------------------------------

    /**
     * The full desired state of each device: the apps and settings of its platform (none for a platform the
     * fixture leaves out, which removes whatever appfleet installed there).
     *
     * @param packages the served file behind each package name
     */
    static List<DesiredDeviceState> desiredStates(Fixture fixture, List<SimDevice> devices,
            Function<String, PackageServer.Package> packages, long generation, Instant now) {
        Timestamp at = Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
        Map<String, List<DesiredApp>> appsByPlatform = new TreeMap<>();
        fixture.platforms().forEach((platform, part) -> appsByPlatform.put(platform,
                part.apps().stream().map(a -> desiredApp(a, packages)).toList()));
        List<DesiredDeviceState> out = new ArrayList<>(devices.size());
        for (SimDevice d : devices) {
            PlatformPart part = fixture.platforms().get(d.platform());
            List<DesiredApp> apps = appsByPlatform.getOrDefault(d.platform(), List.of());
            DesiredDeviceState.Builder b = DesiredDeviceState.newBuilder().setDeviceId(d.id()).setGeneration(generation)
                    .addAllApps(apps).setPruneUnmanaged(false).setComputedAt(at)
                    .setSource(DesiredSource.newBuilder().setRevision(fixture.revision())
                            .addAllDeploymentNames(new TreeSet<>(apps.stream().map(DesiredApp::getDeploymentName)
                                    .toList())));
            if (part != null && !part.cppPolicers().isEmpty()) {
                b.setSettings(DeviceSettings.newBuilder().addAllCppPolicers(part.cppPolicers()));
            }
            out.add(b.build());
        }
        return out;
    }

    static DesiredApp desiredApp(AppPart a, Function<String, PackageServer.Package> packages) {
        DesiredApp.Builder b = DesiredApp.newBuilder().setAppId(a.appId()).setDeploymentName(a.deployment())
                .setDeploymentRevision(1).setState(a.state()).setResources(a.resources()).addAllRunOpts(a.runOpts())
                .putAllEnv(a.env());
        if (a.packageFile() != null) {
            PackageServer.Package p = packages.apply(a.packageFile());
            b.setPackage(AppPackage.newBuilder().setUrl(p.url()).setSha256(p.sha256()).setSizeBytes(p.sizeBytes()));
        } else {
            b.setImage(ContainerImage.newBuilder().setReference(a.image()));
        }
        return b.setConfigDigest(configDigest(b.build())).build();
    }

    /**
     * SHA-256 over what reaches the device: the app without its deployment bookkeeping (name, revision) and
     * without the digest itself. Deterministic protobuf bytes are stable for one build of the contract, which is
     * all a fixture needs; desired-state will define the digest for good.
     */
    static String configDigest(DesiredApp app) {
        DesiredApp plain = app.toBuilder().clearDeploymentName().clearDeploymentRevision().clearConfigDigest().build();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            com.google.protobuf.CodedOutputStream out = com.google.protobuf.CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            plain.writeTo(out);
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sha256(bytes.toByteArray());
    }

    static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- Kafka ---------------------------------------------------------------------------------

    /** Publishes every record keyed by device id and waits for the broker to have them all. */
    static void publish(String bootstrap, List<DesiredDeviceState> states, Duration timeout) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeout.toMillis(), 30_000));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>(states.size());
            for (DesiredDeviceState s : states) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topic.DESIRED.topicName(), s.getDeviceId(),
                        s.toByteArray());
                new CloudEventHeaders(UUID.randomUUID().toString(), EVENT_TYPE, EVENT_SOURCE, Instant.now(),
                        s.getDeviceId()).writeTo(r.headers(), true);
                sent.add(producer.send(r));
            }
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted publishing desired state", e);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("cannot publish desired state to " + Topic.DESIRED.topicName() + ": "
                    + cause, e);
        }
    }
}
