package io.appfleet.desired.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.Capacity;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.Jcmd;
import io.appfleet.testsupport.ProcessCpu;
import io.appfleet.testsupport.ServiceProcess;
import io.appfleet.testsupport.TestAuth;

/**
 * Benchmark, not a timed test (issue 6: one manifest resolved and published for 10,000 devices,
 * goal under 2 s). The packaged desired-state runs as its own process against the real broker and
 * PostgreSQL of test-support, so the benchmark's own Kafka clients do not share its JVM. It
 * registers N mixed-platform devices on fleet.inventory.v1, waits until the service's inventory
 * view holds them and its reconcile pass is over (the fleet lock is free), then applies ONE
 * manifest whose selector matches all of them, with a single wave of 100 % so the whole fleet is
 * released at once. Per apply it measures: (a) the apply request (resolve, compute, revision and
 * N outbox rows in one transaction); (b) from the request until a plain consumer here has read all
 * N fleet.desired.v1 records; (c) the Kafka part: first to last record appended (the broker's
 * append times: the benchmark switches fleet.desired.v1 to LogAppendTime for the run) and its
 * rate; (d) in the same run, a plain producer with the relay's settings sending the same N
 * records to a fresh topic with the same partitions, and the ratio (c)/(d). The first apply is
 * the cold one; the next ones change a run option (warm JVM).
 *
 * <p>Only runs with {@code -Dappfleet.bench=true}; fails on wrong results (a device without its
 * record, a wrong generation or content), never on time. Options, all {@code -Dappfleet.bench.*}:
 * devices (10000), applies (3: one cold, then warm ones), partitions (12, the product default; an
 * existing fleet.desired.v1 keeps its own), heap (the service's -Xmx, 1g), mix (iosxe:iosxr:infix
 * percent, 60:30:10), jfr (false; true records the applies in the service, with JFR's profile settings or
 * the .jfc file jfr-settings names), sql-log (false; true logs every statement of the benchmark's database
 * with its duration and copies PostgreSQL's log to target/benchmarks/postgres.log), service-config
 * (key=value,... settings to try on the service, e.g. appfleet.outbox.batch-size=2000). Figures are printed
 * and written to target/benchmarks/desired-fanout-N.txt.
 */
@EnabledIfSystemProperty(named = "appfleet.bench", matches = "true")
class DesiredFanOutBenchmarkIT {

    private static final int DEVICES = Integer.getInteger("appfleet.bench.devices", 10_000);
    private static final int APPLIES = Math.max(1, Integer.getInteger("appfleet.bench.applies", 3));
    private static final int PARTITIONS = Integer.getInteger("appfleet.bench.partitions", 12);
    private static final String HEAP = System.getProperty("appfleet.bench.heap", "1g");
    private static final String MIX = System.getProperty("appfleet.bench.mix", "60:30:10");
    private static final boolean JFR = Boolean.getBoolean("appfleet.bench.jfr");
    private static final boolean SQL_LOG = Boolean.getBoolean("appfleet.bench.sql-log");
    private static final String JFR_SETTINGS = System.getProperty("appfleet.bench.jfr-settings", "profile");
    private static final String DATABASE = "desired_bench";
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final Duration WAIT = Duration.ofSeconds(120 + DEVICES / 100);

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What one apply measured. */
    private record Round(int index, String loadBefore, int status, int published, double applySeconds,
            double allReadSeconds, long firstAppendAfterMs, long lastAppendAfterMs, long appendSpanMs, int repeats,
            double keyBytes, double valueBytes, double headerBytes, RawProducerRate.Result raw, Map<String, Double> cpu) {

        double kafkaRate() {
            return published * 1000.0 / Math.max(1, appendSpanMs);
        }
    }

    private final StringBuilder report = new StringBuilder();

    @Test
    void oneManifestForTheWholeFleet() throws Exception {
        FleetInfra infra = FleetInfra.shared();
        String bootstrap = infra.kafka().bootstrapServers();
        String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0x1000000));
        String prefix = "fo" + run + "-";
        String deployment = "fanout-" + run;
        infra.postgres().createDatabase(DATABASE);
        if (SQL_LOG) {
            try (Connection c = infra.postgres().connect(DATABASE); Statement st = c.createStatement()) {
                st.execute("ALTER DATABASE " + DATABASE + " SET log_min_duration_statement = 0");
            }
            log("PostgreSQL log: %s", infra.postgres().logFile());
        }
        TopicAdmin.ensureTopics(bootstrap, List.of(Topic.INVENTORY, Topic.DESIRED), PARTITIONS, (short) 1, 60_000);
        int partitions = partitionCount(bootstrap, Topic.DESIRED.topicName());
        log("desired fan-out benchmark: %,d devices (mix %s), %d applies, %s has %d partitions, service -Xmx%s",
                DEVICES, MIX, APPLIES, Topic.DESIRED.topicName(), partitions, HEAP);

        List<String> rawTopics = new ArrayList<>();
        for (int i = 1; i <= APPLIES; i++) {
            rawTopics.add(rawTopic(run, i));
        }
        RawProducerRate.createTopics(bootstrap, rawTopics, partitions);
        List<Device> fleet = fleet(prefix, run);
        List<Round> rounds = new ArrayList<>();
        Path moduleDir = Path.of(System.getProperty("appfleet.service.dir", "."));
        Files.createDirectories(Path.of("target", "benchmarks"));
        setLogAppendTime(bootstrap, true);
        try (ServiceProcess service = ServiceProcess.forModule("desired-fanout", moduleDir)
                .config("kafka.bootstrap.servers", bootstrap)
                .config("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(DATABASE))
                .config("quarkus.datasource.username", infra.postgres().username())
                .config("quarkus.datasource.password", infra.postgres().password())
                .config("appfleet.kafka.partitions", Integer.toString(PARTITIONS))
                // Not config(): a key with "token" in it would go in as an environment variable, which cannot
                // carry the dash of the token's name. The hash of the public test token is no secret.
                .jvmArgs("-Xmx" + HEAP, "-XX:+ExitOnOutOfMemoryError",
                        "-Dappfleet.auth.tokens.it-operator.sha256=" + TestAuth.OPERATOR_TOKEN_SHA256,
                        "-Dappfleet.auth.tokens.it-operator.role=operator")
                .config(serviceConfig())
                .build()) {
            long tStart = System.nanoTime();
            service.start().awaitReady(Duration.ofSeconds(180));
            double startSeconds = (System.nanoTime() - tStart) / 1e9;
            long postmaster = infra.postgres().pid();
            ProcessCpu cpu = new ProcessCpu()
                    .role("desired-state", () -> LongStream.of(service.pid()))
                    .role("Kafka broker", () -> LongStream.of(infra.kafka().pid()))
                    .role("PostgreSQL", () -> postmaster < 0 ? LongStream.empty()
                            : LongStream.concat(LongStream.of(postmaster), ProcessHandle.of(postmaster)
                                    .map(h -> h.descendants().mapToLong(ProcessHandle::pid)).orElse(LongStream.empty())))
                    .role("benchmark JVM", () -> LongStream.of(ProcessHandle.current().pid()));

            // 1. Inventory: N devices, and the service's view of them.
            int before = inventoryDevices(service);
            long t0 = System.nanoTime();
            publishInventory(bootstrap, fleet);
            double publishSeconds = (System.nanoTime() - t0) / 1e9;
            awaitInventory(service, before + DEVICES);
            double viewSeconds = (System.nanoTime() - t0) / 1e9;
            awaitFleetLockFree(infra);
            log("inventory: %,d devices published in %.2f s, in the service's view after %.2f s", DEVICES,
                    publishSeconds, viewSeconds);

            // 2. The applies.
            try (DesiredRecordWatch watch = new DesiredRecordWatch(bootstrap, Topic.DESIRED.topicName(), prefix)) {
                send(service, "GET", "/api/v1/deployments", null); // connection and auth path warm in the client
                if (JFR) {
                    Jcmd.run(service.pid(), "JFR.start", "name=fanout", "settings=" + JFR_SETTINGS);
                }
                for (int i = 1; i <= APPLIES; i++) {
                    rounds.add(apply(i, service, watch, cpu, bootstrap, run, deployment));
                    Round r = rounds.get(rounds.size() - 1);
                    log("apply %d: request %.3f s, all %,d read after %.3f s, Kafka part %d ms (%.0f records/s),"
                            + " raw producer %d ms (%.0f records/s), ratio %.2f", i, r.applySeconds(), r.published(),
                            r.allReadSeconds(), r.appendSpanMs(), r.kafkaRate(), r.raw().appendSpanMillis(),
                            r.raw().appendRate(), r.kafkaRate() / r.raw().appendRate());
                    // The relay deletes the acknowledged rows right after: let it finish before the next apply.
                    TimeUnit.SECONDS.sleep(2);
                }
                Path jfr = null;
                if (JFR) {
                    jfr = Path.of("target", "benchmarks", "desired-fanout-" + DEVICES + ".jfr").toAbsolutePath();
                    Jcmd.run(service.pid(), "JFR.stop", "name=fanout", "filename=" + jfr);
                }

                // A dry-run of the manifest as it stands: the same resolve and compute, nothing written.
                long td = System.nanoTime();
                HttpResponse<String> diff = send(service, "POST", "/api/v1/deployments:diff",
                        manifest(deployment, run, APPLIES));
                double diffSeconds = (System.nanoTime() - td) / 1e9;
                assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
                assertThat(JSON.readTree(diff.body()).get("targeted").asInt()).isEqualTo(DEVICES);

                writeReport(rounds, partitions, startSeconds, publishSeconds, viewSeconds, diffSeconds, jfr, service);
            }
        } finally {
            if (SQL_LOG) {
                Files.copy(infra.postgres().logFile(), Path.of("target", "benchmarks", "postgres.log"),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            setLogAppendTime(bootstrap, false);
        }
    }

    private Round apply(int index, ServiceProcess service, DesiredRecordWatch watch, ProcessCpu cpu, String bootstrap,
            String run, String deployment) throws Exception {
        String manifest = manifest(deployment, run, index);
        String load = ProcessCpu.loadAverage();
        watch.startRound();
        ProcessCpu.Snapshot c0 = cpu.take();
        long wall0 = System.currentTimeMillis();
        long t0 = System.nanoTime();
        HttpResponse<String> response = send(service, "POST", "/api/v1/deployments", manifest);
        long t1 = System.nanoTime();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(index == 1 ? 201 : 200);
        JsonNode result = JSON.readTree(response.body());
        int published = result.get("published").asInt();
        assertThat(published).as("devices published by apply %d: %s", index, response.body()).isEqualTo(DEVICES);

        List<DesiredRecordWatch.Seen> seen = watch.await(DEVICES, WAIT);
        ProcessCpu.Snapshot c1 = cpu.take();
        long lastRead = seen.stream().mapToLong(DesiredRecordWatch.Seen::receivedNanos).max().orElseThrow();
        long firstAppend = seen.stream().mapToLong(DesiredRecordWatch.Seen::appendMillis).min().orElseThrow();
        long lastAppend = seen.stream().mapToLong(DesiredRecordWatch.Seen::appendMillis).max().orElseThrow();
        for (DesiredRecordWatch.Seen s : seen) {
            assertThat(s.timestampType()).as("fleet.desired.v1 timestamps").isEqualTo(TimestampType.LOG_APPEND_TIME);
            DesiredDeviceState state = DesiredDeviceState.parseFrom(s.value());
            assertThat(state.getDeviceId()).isEqualTo(s.key());
            assertThat(state.getGeneration()).as("generation of %s", s.key()).isEqualTo(index);
            assertThat(state.getApps(0).getRunOptsList()).as("run options of %s", s.key())
                    .contains("--round=" + index);
        }
        RawProducerRate.Result raw = RawProducerRate.run(bootstrap, rawTopic(run, index), seen);
        return new Round(index, load, response.statusCode(), published, (t1 - t0) / 1e9, (lastRead - t0) / 1e9,
                firstAppend - wall0, lastAppend - wall0, lastAppend - firstAppend, watch.roundRecords() - seen.size(),
                seen.stream().mapToInt(DesiredRecordWatch.Seen::serializedKeyBytes).average().orElse(0),
                seen.stream().mapToInt(DesiredRecordWatch.Seen::serializedValueBytes).average().orElse(0),
                seen.stream().mapToInt(DesiredRecordWatch.Seen::headerBytes).average().orElse(0), raw, c1.since(c0));
    }

    private static String rawTopic(String run, int index) {
        return "bench.fanout.raw." + run + "." + index;
    }

    // --- the fleet and the manifest ------------------------------------------------------------------

    private static List<Device> fleet(String prefix, String run) {
        int[] mix = Arrays.stream(MIX.split(":")).mapToInt(Integer::parseInt).toArray();
        assertThat(mix).as("appfleet.bench.mix is iosxe:iosxr:infix").hasSize(3);
        assertThat(mix[0] + mix[1] + mix[2]).as("appfleet.bench.mix adds up to 100").isEqualTo(100);
        String[] sites = { "ams", "fra", "lon", "par", "mad" };
        List<Device> out = new ArrayList<>(DEVICES);
        for (int i = 0; i < DEVICES; i++) {
            // Interleaved, as a real inventory would list them, rather than one platform after the other.
            int slot = i % 100;
            Platform p = slot < mix[0] ? Platform.PLATFORM_IOSXE
                    : slot < mix[0] + mix[1] ? Platform.PLATFORM_IOSXR : Platform.PLATFORM_INFIX;
            String os = switch (p) {
                case PLATFORM_IOSXE -> i % 2 == 0 ? "16.12.5" : "17.9.4";
                case PLATFORM_IOSXR -> "7.3.1";
                default -> "25.01.0";
            };
            String site = sites[i % sites.length];
            out.add(Device.newBuilder().setId(prefix + String.format(Locale.ROOT, "%05d", i)).setPlatform(p)
                    .setSite(site).setOsVersion(os)
                    .setHost("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255)).setPort(22)
                    .putLabels("bench", run).putLabels("role", i % 4 == 0 ? "core" : "access")
                    .putLabels("region", site.equals("lon") || site.equals("mad") ? "west" : "central")
                    .setCapacity(Capacity.newBuilder().setCpuUnits(7400).setMemoryMib(2048).setStorageMib(8192))
                    .setCredentialsRef("vault:netops").setAdminState(AdminState.ADMIN_STATE_MANAGED).setGeneration(1)
                    .build());
        }
        return out;
    }

    /** One app on every device of the run, released at once; {@code round} changes a run option. */
    static String manifest(String name, String run, int round) {
        return """
                apiVersion: appfleet/v1
                kind: AppDeployment
                metadata: {name: %s}
                spec:
                  app:
                    id: probe
                    package: {url: "https://repo.example.net/probe-1.0.tar", sha256: "%s", sizeBytes: 1048576, version: "1.0"}
                    resources: {vcpu: 1, cpuUnits: 500, memoryMb: 128, diskMb: 64}
                    runOpts: ["--cap-add=NET_ADMIN", "--round=%d"]
                    env: {MODE: probe}
                  targets:
                    selector: {matchLabels: {bench: "%s"}}
                  state: running
                  rollout: {waves: [{percent: 100}], maxUnavailable: "100%%"}
                """.formatted(name, SHA, round, run);
    }

    // --- talking to the service, the broker and the database -----------------------------------------

    private static void publishInventory(String bootstrap, List<Device> fleet) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>(fleet.size());
            for (Device d : fleet) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topic.INVENTORY.topicName(), d.getId(),
                        d.toByteArray());
                new CloudEventHeaders(UUID.randomUUID().toString(), "io.appfleet.inventory.device.upserted",
                        "/appfleet/inventory", Instant.now(), d.getId()).writeTo(r.headers(), true);
                acks.add(producer.send(r));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> a : acks) {
                a.get(30, TimeUnit.SECONDS);
            }
        }
    }

    /** The inventory view's size, as the service's readiness check reports it. */
    private static int inventoryDevices(ServiceProcess service) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        for (JsonNode check : JSON.readTree(r.body()).path("checks")) {
            if (check.path("name").asText().equals("inventory-view")) {
                return check.path("data").path("devices").asInt();
            }
        }
        throw new AssertionError("no inventory-view check in " + r.body());
    }

    private static void awaitInventory(ServiceProcess service, int expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int n;
        while ((n = inventoryDevices(service)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the service's inventory view holds " + n + " devices, not " + expected);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /**
     * Takes and releases the service's fleet lock: a reconcile pass over the newly seen devices that
     * still runs holds it, and would otherwise be counted in the first apply.
     */
    private static void awaitFleetLockFree(FleetInfra infra) throws Exception {
        TimeUnit.SECONDS.sleep(1);
        try (Connection c = infra.postgres().connect(DATABASE)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("SELECT pg_advisory_xact_lock(hashtext('appfleet.desired.fleet'))");
            }
            c.commit();
        }
    }

    private static HttpResponse<String> send(ServiceProcess service, String method, String path, String yaml)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofMinutes(5)).header("Authorization", TestAuth.OPERATOR);
        if (yaml == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/yaml").method(method, HttpRequest.BodyPublishers.ofString(yaml));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The broker's append time as the records' timestamp, so (c) is measured where the records land; switched
     * back to the default (the producer's time) at the end.
     */
    private static void setLogAppendTime(String bootstrap, boolean on) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            ConfigEntry entry = new ConfigEntry("message.timestamp.type", "LogAppendTime");
            admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topic.DESIRED.topicName()),
                    List.of(new AlterConfigOp(entry, on ? AlterConfigOp.OpType.SET : AlterConfigOp.OpType.DELETE))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    /** {@code -Dappfleet.bench.service-config=key=value,key=value}: settings to try on the service. */
    private static Map<String, String> serviceConfig() {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        String spec = System.getProperty("appfleet.bench.service-config", "");
        for (String pair : spec.split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
            }
        }
        return out;
    }

    private static int partitionCount(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().size();
        }
    }





    // --- the report ------------------------------------------------------------------------------------

    private void writeReport(List<Round> rounds, int partitions, double startSeconds, double publishSeconds,
            double viewSeconds, double diffSeconds, Path jfr, ServiceProcess service) throws Exception {
        StringBuilder header = new StringBuilder("| figure |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Round r : rounds) {
            header.append(r.index() == 1 ? " apply 1 (cold JVM) |" : " apply " + r.index() + " (warm) |");
            rule.append("---|");
        }
        report.append(String.format(Locale.ROOT, "desired-state fan-out, %s, %d cores (%s), %s%n%n",
                LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16),
                Runtime.getRuntime().availableProcessors(), cpuModel(), memory()));
        report.append(String.format(Locale.ROOT, "fleet: %,d devices (mix %s iosxe:iosxr:infix), one deployment,"
                + " selector matching all; fleet.desired.v1 %d partitions (LogAppendTime for the run); service -Xmx%s;"
                + " service settings changed for the run: %s; service ready after %.1f s; inventory published in %.2f s,"
                + " in the service's view after %.2f s%n%n", DEVICES, MIX, partitions, HEAP,
                serviceConfig().isEmpty() ? "none" : serviceConfig(), startSeconds, publishSeconds, viewSeconds));
        report.append(header).append('\n').append(rule).append('\n');
        row(rounds, "load average before the apply (1, 5, 15 min)", Round::loadBefore);
        row(rounds, "(a) apply request: resolve, compute, revision, N outbox rows, one transaction",
                r -> String.format(Locale.ROOT, "%.3f s (HTTP %d, %,d published)", r.applySeconds(), r.status(),
                        r.published()));
        row(rounds, "**(b) request → all N fleet.desired.v1 records read by a plain consumer** (goal < 2 s)",
                r -> String.format(Locale.ROOT, "**%.3f s**", r.allReadSeconds()));
        row(rounds, "first / last record appended, after the request",
                r -> String.format(Locale.ROOT, "%.3f / %.3f s", r.firstAppendAfterMs() / 1000.0,
                        r.lastAppendAfterMs() / 1000.0));
        row(rounds, "(c) Kafka part: first → last append (relay: read rows, send, ack, delete)",
                r -> String.format(Locale.ROOT, "%d ms = %,.0f records/s", r.appendSpanMs(), r.kafkaRate()));
        row(rounds, "(d) raw producer, relay settings, same records, fresh topic: first → last append",
                r -> String.format(Locale.ROOT, "%d ms = %,.0f records/s", r.raw().appendSpanMillis(),
                        r.raw().appendRate()));
        row(rounds, "(d') raw producer: first send → last ack",
                r -> String.format(Locale.ROOT, "%.0f ms = %,.0f records/s", r.raw().sendToAckNanos() / 1e6,
                        r.raw().sendToAckRate()));
        row(rounds, "**ratio (c)/(d)**", r -> String.format(Locale.ROOT, "**%.2f**", r.kafkaRate()
                / r.raw().appendRate()));
        row(rounds, "record: key / value / headers, mean bytes", r -> String.format(Locale.ROOT, "%.0f / %.0f / %.0f",
                r.keyBytes(), r.valueBytes(), r.headerBytes()));
        row(rounds, "records read twice (relay retries)", r -> Integer.toString(r.repeats()));
        row(rounds, "CPU s from the request to the last record read", r -> ProcessCpu.Snapshot.format(r.cpu()));
        report.append(String.format(Locale.ROOT, "%ndry-run (POST /api/v1/deployments:diff) of the last manifest, %,d"
                + " devices: %.3f s%n", DEVICES, diffSeconds));
        if (jfr != null) {
            report.append("flight recording of the applies: ").append(jfr).append('\n');
        }
        String text = report.toString();
        System.out.println();
        System.out.print(text);
        Path out = Path.of("target", "benchmarks", "desired-fanout-" + DEVICES + ".txt");
        Files.writeString(out, text, StandardCharsets.UTF_8);
        System.out.println("written to " + out.toAbsolutePath() + "; service log " + service.logFile());
    }

    private void row(List<Round> rounds, String figure, java.util.function.Function<Round, String> value) {
        report.append("| ").append(figure).append(" |");
        for (Round r : rounds) {
            report.append(' ').append(value.apply(r)).append(" |");
        }
        report.append('\n');
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.0f GiB RAM",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8)
                + "] " + String.format(Locale.ROOT, format, args));
    }
}
