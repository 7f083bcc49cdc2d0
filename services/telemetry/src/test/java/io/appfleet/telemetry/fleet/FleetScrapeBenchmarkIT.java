package io.appfleet.telemetry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.telemetry.bench.BenchFleet;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ProcStat;
import io.appfleet.testsupport.ServiceProcess;

/**
 * The cost of a /q/metrics scrape with a whole fleet in the view. Test-support's broker and
 * PostgreSQL, and the packaged telemetry service as its own process ({@code -Xmx1g}); N devices
 * (60 % IOS-XE, 30 % IOS-XR, 10 % Infix, interleaved; 5 cities of 10 sites; role and rack labels) go
 * in through fleet.inventory.v1 with their observed state on fleet.observed.v1 (mostly reachable,
 * synced and healthy; some unreachable, out of sync, degraded, stopped or failed apps; two managed
 * apps each and an unmanaged one on every tenth), desired state with the two apps on fleet.desired.v1,
 * 20 rollouts on fleet.rollouts.v1 and two reconcile events per device on fleet.events.v1. Once a scrape
 * shows all of them, 5 warm-up scrapes, then 50 timed scrapes over HTTP, one after the other, as
 * Prometheus asks ({@code Accept: text/plain}): p50/p99/max, bytes, samples, the service's CPU time.
 * Then three polling rounds of telemetry of every device (BenchFleet: CPP of 10 classes, two apps, a KVM
 * guest) and the same again with the sample metrics. The last scrape of each must pass
 * {@code promtool check metrics}.
 *
 * <p>Only runs with {@code -Dappfleet.bench=true}; fails on wrong results, never on time. Options:
 * {@code -Dappfleet.bench.devices} (10000), {@code -Dappfleet.bench.scrapes} (50), {@code -Dappfleet.bench.jfr=true}
 * (a flight recording of the service in target/benchmarks/telemetry-scrape.jfr). Figures go to stdout and
 * target/benchmarks/telemetry-scrape-N.txt.
 */
@EnabledIfSystemProperty(named = "appfleet.bench", matches = "true")
class FleetScrapeBenchmarkIT {

    private static final int DEVICES = Integer.getInteger("appfleet.bench.devices", 10_000);
    private static final int SCRAPES = Integer.getInteger("appfleet.bench.scrapes", 50);
    /** Telemetry polling rounds per device, 30 s apart: 30 fill the NOC's 15-minute window. */
    private static final int ROUNDS = Integer.getInteger("appfleet.bench.rounds", 30);
    private static final int WARMUP = 5;
    private static final int PARTITIONS = 12;
    private static final String DATABASE = "telemetry_scrape_bench";
    private static final String[] CITIES = {"ams", "fra", "lon", "par", "mad"};
    private static final String[] ROLES = {"access", "access", "access", "distribution", "core"};

    @Test
    void scrapeWithTheWholeFleet() throws Exception {
        FleetInfra infra = FleetInfra.shared();
        String bootstrap = infra.kafka().bootstrapServers();
        String run = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        infra.postgres().createDatabase(DATABASE);
        TopicAdmin.ensureTopics(bootstrap, List.of(Topic.INVENTORY, Topic.OBSERVED, Topic.DESIRED, Topic.ROLLOUTS,
                Topic.EVENTS, Topic.TELEMETRY), PARTITIONS, (short) 1, 60_000);
        Path moduleDir = Path.of(System.getProperty("appfleet.service.dir", "."));
        Files.createDirectories(Path.of("target", "benchmarks"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        try (ServiceProcess service = ServiceProcess.forModule("telemetry-scrape", moduleDir)
                .config("kafka.bootstrap.servers", bootstrap)
                .config("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl(DATABASE))
                .config("quarkus.datasource.username", infra.postgres().username())
                .config("quarkus.datasource.password", infra.postgres().password())
                .config("appfleet.kafka.partitions", Integer.toString(PARTITIONS))
                .jvmArgs(Boolean.getBoolean("appfleet.bench.jfr")
                        ? new String[] {"-Xmx1g", "-XX:+ExitOnOutOfMemoryError", "-XX:StartFlightRecording=settings=profile,"
                                + "filename=" + Path.of("target", "benchmarks", "telemetry-scrape.jfr").toAbsolutePath()}
                        : new String[] {"-Xmx1g", "-XX:+ExitOnOutOfMemoryError"})
                .build()) {
            service.start().awaitReady(Duration.ofSeconds(180));
            URI metrics = URI.create(service.baseUrl() + "/q/metrics");

            long t0 = System.nanoTime();
            int events = publishFleet(bootstrap, run);
            double publishSeconds = (System.nanoTime() - t0) / 1e9;
            Scrape loaded = awaitLoaded(http, metrics, events);
            double loadedSeconds = (System.nanoTime() - t0) / 1e9;
            log("%,d devices, %,d events published in %.1f s; all in the service's view after %.1f s", DEVICES,
                    events, publishSeconds, loadedSeconds);
            assertThat(loaded.sum("fleet_devices", Map.of())).isEqualTo(DEVICES);
            assertThat(loaded.find("fleet_app_desired_running", Map.of())).hasSize(2 * DEVICES);
            assertThat(loaded.find("fleet_device_up", Map.of())).hasSize(DEVICES);

            StringBuilder report = new StringBuilder(String.format("""
                    telemetry /q/metrics scrape, %,d devices (%,d desired apps), %d rollouts, %,d events
                    scrapes: %d after %d warm-up, sequential, Accept: text/plain, HTTP/1.1 keep-alive, body read as bytes
                    view loaded through Kafka in %.1f s (published in %.1f s)
                    """, DEVICES, 2 * DEVICES, 20, events, SCRAPES, WARMUP, loadedSeconds, publishSeconds));
            report.append(timeScrapes("fleet state only", http, metrics, service));

            // Then the sample metrics: polling rounds of every device, 30 s apart, up to now.
            BenchFleet samples = new BenchFleet("sw-" + run + "-", DEVICES, 0);
            long t1 = System.nanoTime();
            try (FleetTopics topics = new FleetTopics(bootstrap)) {
                Instant first = Instant.now().minusSeconds(30L * (ROUNDS - 1));
                for (int round = 0; round < ROUNDS; round++) {
                    for (int i = 0; i < DEVICES; i++) {
                        for (var sample : samples.round(i, first.plusSeconds(30L * round))) {
                            topics.send(Topic.TELEMETRY, sample.getDeviceId(), sample.toByteArray());
                        }
                    }
                }
                topics.flush();
            }
            Scrape withSamples = awaitSamples(http, metrics);
            log("%,d telemetry records in the sample metrics after %.1f s", ROUNDS * DEVICES * BenchFleet.RECORDS_PER_ROUND,
                    (System.nanoTime() - t1) / 1e9);
            assertThat(withSamples.find("fleet_cpp_dropped_frames_total", Map.of()))
                    .hasSize(BenchFleet.CPP_CLASSES.length * DEVICES);
            report.append(timeScrapes("fleet state and sample metrics (CPP: every class of every device dropped)", http,
                    metrics, service));
            report.append(String.format("NOC reads over %d minutes of telemetry of every device (ms: first, then median"
                    + " and max of %d more):%n", ROUNDS / 2, NOC_CALLS));
            for (String path : List.of("/api/v1/noc/summary", "/api/v1/noc/cpp/top-droppers?window=15m&size=20",
                    "/api/v1/noc/cpp/top-droppers?window=6h&size=20", "/api/v1/noc/cpp/top-droppers?window=1d&size=20",
                    "/api/v1/noc/devices?size=50", "/noc")) {
                report.append(timeGets(http, URI.create(service.baseUrl() + path))).append('\n');
            }
            System.out.println(report);
            Files.writeString(Path.of("target", "benchmarks", "telemetry-scrape-" + DEVICES + ".txt"), report);
        }
    }

    /** Warm-up, then the timed scrapes; the last one must pass promtool. */
    private static String timeScrapes(String what, HttpClient http, URI metrics, ServiceProcess service)
            throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            scrape(http, metrics);
        }
        String load = ProcStat.loadAverage();
        double cpu0 = ProcStat.cpuSeconds(service.pid());
        double busy0 = ProcStat.machineBusySeconds();
        long[] nanos = new long[SCRAPES];
        byte[] last = null;
        long tScrapes = System.nanoTime();
        for (int i = 0; i < SCRAPES; i++) {
            long t = System.nanoTime();
            last = scrapeBytes(http, metrics);
            nanos[i] = System.nanoTime() - t;
        }
        double wall = (System.nanoTime() - tScrapes) / 1e9;
        double cpu = ProcStat.cpuSeconds(service.pid()) - cpu0;
        double busy = ProcStat.machineBusySeconds() - busy0;
        String text = new String(last, StandardCharsets.UTF_8);
        Scrape s = Scrape.parse(text);
        Scrape.PromtoolResult lint = s.promtool();
        assertThat(lint.output()).as("promtool check metrics").isEmpty();
        assertThat(lint.exitCode()).isZero();

        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        long fleetSamples = s.samples().stream().filter(x -> x.name().startsWith("fleet_")).count();
        return String.format("""
                %s:
                  p50 %.1f ms, p99 %.1f ms, max %.1f ms, min %.1f ms, mean %.1f ms
                  body: %,d bytes, %,d samples (%,d fleet_*), %,d lines
                  service CPU over the %d scrapes: %.2f s (%.1f ms per scrape); wall %.2f s
                  machine busy over the scrapes: %.2f CPU s of %.2f (2 cores); load average before: %s
                  promtool check metrics: passed, no complaints
                """, what, ms(percentile(sorted, 50)), ms(percentile(sorted, 99)), ms(sorted[sorted.length - 1]),
                ms(sorted[0]), ms(Arrays.stream(nanos).sum() / nanos.length), last.length,
                s.samples().size(), fleetSamples, text.split("\n").length, SCRAPES, cpu, cpu * 1000 / SCRAPES, wall,
                busy, wall * 2, load);
    }

    private static final int NOC_CALLS = 10;

    /** A NOC read: its first call (caches cold), then the median and max of more, sequential. */
    private static String timeGets(HttpClient http, URI uri) throws Exception {
        long[] nanos = new long[NOC_CALLS + 1];
        for (int i = 0; i < nanos.length; i++) {
            long t = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            nanos[i] = System.nanoTime() - t;
            assertThat(r.statusCode()).as("GET " + uri).isEqualTo(200);
        }
        long[] more = Arrays.copyOfRange(nanos, 1, nanos.length);
        Arrays.sort(more);
        return String.format("  GET %s: %.1f, then %.1f / %.1f", uri.getRawPath()
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()), ms(nanos[0]), ms(percentile(more, 50)),
                ms(more[more.length - 1]));
    }

    private static Scrape awaitSamples(HttpClient http, URI metrics) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        double want = (double) ROUNDS * DEVICES * BenchFleet.RECORDS_PER_ROUND;
        Scrape s = null;
        while (System.nanoTime() < deadline) {
            s = Scrape.parse(scrape(http, metrics));
            if (s.sum("fleet_telemetry_samples_ingested_total", Map.of()) >= want) {
                return s;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the samples were not ingested within 5 minutes; ingested "
                + (s == null ? "-" : s.sum("fleet_telemetry_samples_ingested_total", Map.of())) + " of " + want);
    }

    /**
     * A timed scrape: the body read whole, as bytes. Decoding 50 MB into a String would add ~50 ms of this
     * client's CPU to a machine whose two cores the service's scrape uses too; Prometheus parses on its own host.
     */
    private static byte[] scrapeBytes(HttpClient http, URI metrics) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(metrics).header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static String scrape(HttpClient http, URI metrics) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(metrics).header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static Scrape awaitLoaded(HttpClient http, URI metrics, int events) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        Scrape s = null;
        while (System.nanoTime() < deadline) {
            s = Scrape.parse(scrape(http, metrics));
            if (s.sum("fleet_devices", Map.of()) == DEVICES
                    && s.find("fleet_app_desired_running", Map.of()).size() == 2 * DEVICES
                    && s.find("fleet_rollout_info", Map.of()).size() == 20
                    && s.sum("fleet_reconcile_steps_total", Map.of()) == events
                    && s.find("fleet_devices", Map.of()).size() > 1) {
                return s;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the view did not load the fleet within 5 minutes; last scrape: devices "
                + (s == null ? "-" : s.sum("fleet_devices", Map.of())) + ", steps "
                + (s == null ? "-" : s.sum("fleet_reconcile_steps_total", Map.of())));
    }

    /** Publishes the fleet; returns the number of reconcile events. */
    private static int publishFleet(String bootstrap, String run) {
        Instant now = Instant.now();
        int events = 0;
        try (FleetTopics topics = new FleetTopics(bootstrap)) {
            for (int i = 0; i < DEVICES; i++) {
                String id = String.format("sw-%s-%05d", run, i);
                Platform platform = i % 10 < 6 ? Platform.PLATFORM_IOSXE
                        : i % 10 < 9 ? Platform.PLATFORM_IOSXR : Platform.PLATFORM_INFIX;
                String site = CITIES[i % CITIES.length] + (1 + (i / CITIES.length) % 10);
                topics.send(Topic.INVENTORY, id, FleetFixtures.device(id, platform, site, Map.of("role",
                        ROLES[i % ROLES.length], "rack", "r" + (i % 40)), i % 50 == 0
                        ? AdminState.ADMIN_STATE_MAINTENANCE : AdminState.ADMIN_STATE_MANAGED, 1).toByteArray());
                String[] apps = platform == Platform.PLATFORM_INFIX ? new String[] {"telegraf", "probe"}
                        : new String[] {"perfsonar", "iperf"};
                topics.send(Topic.DESIRED, id, FleetFixtures.desired(id, 2, Map.of(apps[0],
                        DesiredAppState.DESIRED_APP_STATE_RUNNING, apps[1], DesiredAppState.DESIRED_APP_STATE_RUNNING))
                        .toByteArray());
                if (i % 100 == 99) {
                    continue; // never observed
                }
                Reachability reach = i % 100 < 3 ? Reachability.REACHABILITY_UNREACHABLE
                        : i % 100 == 3 ? Reachability.REACHABILITY_AUTH_FAILED : Reachability.REACHABILITY_REACHABLE;
                boolean reachable = reach == Reachability.REACHABILITY_REACHABLE;
                boolean drifted = i % 20 == 7;
                List<ObservedApp> observed = new ArrayList<>();
                observed.add(FleetFixtures.app(apps[0], true, ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                        HealthStatus.HEALTH_STATUS_HEALTHY));
                observed.add(FleetFixtures.app(apps[1], true, drifted ? ObservedAppState.OBSERVED_APP_STATE_STOPPED
                        : i % 37 == 0 ? ObservedAppState.OBSERVED_APP_STATE_ERROR
                        : ObservedAppState.OBSERVED_APP_STATE_RUNNING, drifted || i % 37 == 0
                        ? HealthStatus.HEALTH_STATUS_DEGRADED : HealthStatus.HEALTH_STATUS_HEALTHY));
                if (i % 10 == 3) {
                    observed.add(FleetFixtures.app("legacy", false, ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                            HealthStatus.HEALTH_STATUS_UNKNOWN));
                }
                topics.send(Topic.OBSERVED, id, FleetFixtures.observed(id, reach,
                        !reachable ? SyncStatus.SYNC_STATUS_UNKNOWN : drifted ? SyncStatus.SYNC_STATUS_OUT_OF_SYNC
                                : SyncStatus.SYNC_STATUS_SYNCED,
                        !reachable ? HealthStatus.HEALTH_STATUS_UNKNOWN : drifted || i % 37 == 0
                                ? HealthStatus.HEALTH_STATUS_DEGRADED : HealthStatus.HEALTH_STATUS_HEALTHY,
                        now, reachable ? observed.toArray(ObservedApp[]::new) : new ObservedApp[0]).toByteArray());
                for (int k = 0; k < 2; k++) {
                    ReconcileEvent e = ReconcileEvent.newBuilder().setEventId(id + "-e" + k).setDeviceId(id)
                            .setAppId(apps[k]).setStep(k == 0 ? ReconcileStep.RECONCILE_STEP_INSTALL
                                    : ReconcileStep.RECONCILE_STEP_START)
                            .setOutcome(i % 37 == 0 && k == 1 ? StepOutcome.STEP_OUTCOME_FAILED
                                    : StepOutcome.STEP_OUTCOME_SUCCEEDED).setAttempt(1)
                            .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(k == 0 ? 4 + i % 30 : 0)
                                    .setNanos(k == 0 ? 0 : 100_000_000 + (i % 9) * 100_000_000))
                            .setFinishedAt(FleetFixtures.ts(now.minusSeconds(i % 3600))).build();
                    topics.send(Topic.EVENTS, id, e.toByteArray());
                    events++;
                }
            }
            RolloutState[] states = RolloutState.values();
            for (int d = 0; d < 20; d++) {
                String name = "deploy-" + run + "-" + d;
                topics.send(Topic.ROLLOUTS, name, FleetFixtures.rollout(name, states[1 + d % 5], 1 + d % 3, 1)
                        .toByteArray());
            }
            topics.flush();
        }
        return events;
    }

    private static long percentile(long[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static void log(String format, Object... args) {
        System.out.println("[scrape-bench] " + String.format(format, args));
    }
}
