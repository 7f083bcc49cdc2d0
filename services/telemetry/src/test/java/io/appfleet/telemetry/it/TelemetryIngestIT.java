package io.appfleet.telemetry.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.protobuf.Timestamp;

import io.agroal.api.AgroalDataSource;
import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.telemetry.ingest.BatchWriter;
import io.appfleet.telemetry.ingest.FlatSample;
import io.appfleet.telemetry.ingest.SampleFlattener;
import io.appfleet.telemetry.retention.RetentionJob;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The service against the real broker and PostgreSQL: samples shaped as the device-adapter's
 * telemetry poller sends them go in as raw rows and 1-minute and 1-hour rollups with rates (every
 * hour exactly its minutes); a replay changes nothing; garbage goes to the dead-letter topic with its
 * reason; retention removes old rows; the sample metrics on /q/metrics keep rising across a reboot
 * and pass promtool.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TelemetryIngestIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    AgroalDataSource db;
    @Inject
    RetentionJob retention;
    @TestHTTPResource("/q/metrics")
    URL metricsUrl;

    /** A whole minute a few minutes back: the samples' minutes are known, and within the raw retention. */
    private static Instant base() {
        return Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(6));
    }

    private static TelemetrySample.Builder sample(String device, Instant at, String bootId) {
        return TelemetrySample.newBuilder().setDeviceId(device).setCollectedBy("adapter-it").setBootId(bootId)
                .setSampledAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()));
    }

    /** As the poller sends IOS-XE "show app-hosting utilization" (plus the network counters docker platforms give). */
    private static TelemetrySample app(String device, Instant at, String bootId, double cpu, long rxBytes) {
        return sample(device, at, bootId).setAppUtilization(AppUtilization.newBuilder().setAppId("perfsonar")
                .setInstanceId("c1").setCpuPercent(cpu).setMemoryUsedBytes(262_144L * 1024)
                .setMemoryAllocatedBytes(1024L * 1024 * 1024).setDiskUsedBytes(40L * 1024 * 1024)
                .setNetRxBytesTotal(rxBytes)).build();
    }

    /** As the poller sends "show platform hardware fed active qos queue stats internal cpu policer". */
    private static TelemetrySample cpp(String device, Instant at, long dropFrames) {
        return cpp(device, at, "b1", dropFrames);
    }

    private static TelemetrySample cpp(String device, Instant at, String bootId, long dropFrames) {
        return sample(device, at, bootId).setCppPolicerStats(CppPolicerStats.newBuilder()
                .addClasses(CppClassStats.newBuilder().setClassName("system-cpp-police-sys-data").setPolicerIndex(10)
                        .setEnabled(true).setDefaultRatePps(100).setRatePps(100).setDropBytesTotal(dropFrames * 64)
                        .setDropFramesTotal(dropFrames))).build();
    }

    /** Reset, reboot, a late sample and CPP drops, in the order the adapter would have sent them. */
    private static List<TelemetrySample> history(String device, Instant t) {
        return List.of(
                app(device, t, "b1", 10, 1000),
                cpp(device, t, 100),
                app(device, t.plusSeconds(20), "b1", 20, 3000),
                app(device, t.plusSeconds(40), "b1", 30, 5000),
                app(device, t.plusSeconds(30), "b1", 100, 4000), // late
                app(device, t.plusSeconds(60), "b1", 40, 7000),
                cpp(device, t.plusSeconds(60), 700),
                app(device, t.plusSeconds(80), "b1", 50, 100), // counter reset
                app(device, t.plusSeconds(100), "b2", 60, 50), // device rebooted
                app(device, t.plusSeconds(120), "b2", 70, 650));
    }

    @Test
    @Order(1)
    void samplesBecomeRawRowsAndMinuteRollupsWithRates() throws Exception {
        String device = "it-roll";
        Instant t = base();
        TelemetryTopic.publish(history(device, t));
        // 8 app samples of 5 values, 2 CPP samples of 4 (enabled, rate, drop bytes and frames)
        String rx = "app/perfsonar|net_rx_bytes_total";
        await().atMost(WAIT).until(() -> rawCount(device) == 48 && rollup(device, rx, t.plusSeconds(120)) != null);

        Map<String, Object> rx0 = rollup(device, rx, t);
        assertThat(rx0.get("samples")).isEqualTo(4);
        assertThat(rx0.get("increase")).as("the late sample adds nothing").isEqualTo(4000.0);
        assertThat(rx0.get("rate_seconds")).isEqualTo(40.0);
        assertThat(rx0.get("rate_avg")).isEqualTo(100.0);
        Map<String, Object> rx1 = rollup(device, rx, t.plusSeconds(60));
        assertThat(rx1.get("samples")).isEqualTo(3);
        assertThat(rx1.get("increase")).as("2000 before the reset, 100 after it, nothing across the reboot")
                .isEqualTo(2100.0);
        assertThat(rx1.get("rate_seconds")).isEqualTo(40.0);
        assertThat(rx1.get("resets")).isEqualTo(1);
        Map<String, Object> rx2 = rollup(device, rx, t.plusSeconds(120));
        assertThat(rx2.get("rate_avg")).isEqualTo(30.0);

        Map<String, Object> cpu0 = rollup(device, "app/perfsonar|cpu_percent", t);
        assertThat(cpu0.get("samples")).isEqualTo(4);
        assertThat(cpu0.get("value_avg")).isEqualTo(40.0);
        assertThat(cpu0.get("value_min")).isEqualTo(10.0);
        assertThat(cpu0.get("value_max")).as("a late gauge still belongs to its minute").isEqualTo(100.0);

        Map<String, Object> drops = rollup(device, "cpp/system-cpp-police-sys-data|drop_frames_total", t.plusSeconds(60));
        assertThat(drops.get("rate_avg")).isEqualTo(10.0);
        assertThat(rollup(device, "cpp/system-cpp-police-sys-data|drop_bytes_total", t.plusSeconds(60)).get("rate_avg"))
                .isEqualTo(640.0);

        List<Map<String, Object>> raw = query("SELECT sampled_at, epoch, increase, reset FROM raw_sample "
                + "WHERE device_id = ? AND series = 'app/perfsonar' AND metric = 'net_rx_bytes_total' ORDER BY sampled_at",
                device);
        assertThat(raw).extracting(r -> r.get("increase"))
                .containsExactly(null, 2000.0, null, 2000.0, 2000.0, 100.0, null, 600.0);
        assertThat(raw.get(6).get("epoch")).isEqualTo("b2|c1");
        assertThat(raw.get(5).get("reset")).isEqualTo(true);

        assertHoursAddUpTheirMinutes(device);
        Map<String, Object> rxHour = query("SELECT * FROM rollup_1h WHERE device_id = ? AND series = 'app/perfsonar' "
                + "AND metric = 'net_rx_bytes_total' ORDER BY bucket", device).get(0);
        assertThat(rxHour.get("bucket")).isEqualTo(OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.HOURS),
                ZoneOffset.UTC));
    }

    @Test
    @Order(2)
    void aReplayedSampleChangesNothing() throws Exception {
        String device = "it-replay";
        Instant t = base();
        List<TelemetrySample> history = history(device, t);
        TelemetryTopic.publish(history);
        await().atMost(WAIT).until(() -> rawCount(device) == 48 && rollup(device, "app/perfsonar|net_rx_bytes_total",
                t.plusSeconds(120)) != null);
        assertHoursAddUpTheirMinutes(device); // the held-back hour is written: the snapshot is of what is stored
        List<Map<String, Object>> rawBefore = rawSnapshot(device);
        List<Map<String, Object>> rollupsBefore = rollupSnapshot(device);
        List<Map<String, Object>> hoursBefore = hourSnapshot(device);

        TelemetryTopic.publish(history);
        // Same key, same partition: once the sentinel is in, the replay before it has been handled.
        TelemetryTopic.publish(List.of(sample(device, t.plusSeconds(150), "b2").setAppUtilization(
                AppUtilization.newBuilder().setAppId("sentinel").setCpuPercent(1)).build()));
        await().atMost(WAIT).until(() -> rawCount(device) == 49);

        assertThat(rawSnapshot(device)).isEqualTo(rawBefore);
        assertThat(rollupSnapshot(device)).isEqualTo(rollupsBefore);
        assertThat(rollupsBefore).hasSizeGreaterThan(10);
        assertThat(hourSnapshot(device)).isEqualTo(hoursBefore);
        assertHoursAddUpTheirMinutes(device);
    }

    @Test
    @Order(3)
    void recordsThatCannotBeReadGoToTheDeadLetterTopicWithTheReason() throws Exception {
        TelemetryTopic.send("it-dlq-garbage", new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});
        TelemetryTopic.send("it-dlq-empty", sample("it-dlq-empty", base(), "b1").build().toByteArray());
        TelemetryTopic.send("it-dlq-other", app("it-dlq-someone-else", base(), "b1", 1, 1).toByteArray());
        TelemetryTopic.send("it-dlq-future", app("it-dlq-future", Instant.now().plus(Duration.ofHours(1)), "b1", 1, 1)
                .toByteArray());

        List<ConsumerRecord<String, byte[]>> dlq = TelemetryTopic.deadLetters(k -> k.startsWith("it-dlq-"),
                l -> l.size() >= 4, WAIT);
        Map<String, String> reasons = new LinkedHashMap<>();
        dlq.forEach(r -> reasons.put(r.key(), TelemetryTopic.header(r, DeadLetters.H_REASON)));
        assertThat(reasons.get("it-dlq-garbage")).startsWith("not a fleet.v1.TelemetrySample");
        assertThat(reasons.get("it-dlq-empty")).contains("sample has no payload");
        assertThat(reasons.get("it-dlq-other")).contains("differs from the key 'it-dlq-other'");
        assertThat(reasons.get("it-dlq-future")).contains("in the future");
        ConsumerRecord<String, byte[]> garbage = dlq.stream().filter(r -> r.key().equals("it-dlq-garbage")).findFirst()
                .orElseThrow();
        assertThat(garbage.value()).as("parked byte for byte").containsExactly(0xff, 0x01, 0x02, 0x03);
        assertThat(TelemetryTopic.header(garbage, DeadLetters.H_CONSUMER)).isEqualTo("telemetry");
        assertThat(query("SELECT device_id FROM raw_sample WHERE device_id LIKE 'it-dlq-%'")).isEmpty();
    }

    @Test
    @Order(4)
    void aRestartedWriterTakesTheStoredReadingAsBaselineAndStillIgnoresReplays() throws Exception {
        String device = "it-restart";
        Instant t = base();
        TelemetrySample first = app(device, t, "b1", 10, 1000);
        TelemetrySample second = app(device, t.plusSeconds(30), "b1", 20, 4000);
        TelemetryTopic.publish(List.of(first, second));
        await().atMost(WAIT).until(() -> rawCount(device) == 10);
        assertHoursAddUpTheirMinutes(device);
        List<Map<String, Object>> rawBefore = rawSnapshot(device);
        List<Map<String, Object>> rollupsBefore = rollupSnapshot(device);
        List<Map<String, Object>> hoursBefore = hourSnapshot(device);

        // Nothing in memory, as after a restart or a rebalance.
        List<FlatSample> replay = List.of(SampleFlattener.sample(first), SampleFlattener.sample(second));
        try (BatchWriter writer = new BatchWriter(db, Duration.ofMinutes(5))) {
            BatchWriter.Result replayed = writer.write(replay);
            assertThat(replayed.inserted()).isZero();
            assertThat(replayed.duplicates()).isEqualTo(10);
        }
        assertThat(rawSnapshot(device)).isEqualTo(rawBefore);
        assertThat(rollupSnapshot(device)).isEqualTo(rollupsBefore);
        assertThat(hourSnapshot(device)).isEqualTo(hoursBefore);

        try (BatchWriter writer = new BatchWriter(db, Duration.ofMinutes(5))) {
            BatchWriter.Result next = writer.write(List.of(SampleFlattener.sample(app(device, t.plusSeconds(60), "b1",
                    30, 7000))));
            assertThat(next.inserted()).isEqualTo(5);
        }
        Map<String, Object> row = query("SELECT increase, interval_seconds FROM raw_sample WHERE device_id = ? "
                + "AND metric = 'net_rx_bytes_total' AND sampled_at = ?", device,
                OffsetDateTime.ofInstant(t.plusSeconds(60), ZoneOffset.UTC)).get(0);
        assertThat(row.get("increase")).as("from the stored reading at +30 s").isEqualTo(3000.0);
        assertThat(row.get("interval_seconds")).isEqualTo(30.0);
        assertHoursAddUpTheirMinutes(device);
    }

    @Test
    @Order(5)
    void retentionDeletesOldRawRowsThenOldRollupsAndExpiredSamplesAreNotIngested() throws Exception {
        // Test profile: raw rows kept 30 minutes, 1-minute rollups 40 minutes.
        Instant now = Instant.now();
        Instant old = now.minus(Duration.ofMinutes(25));
        Instant recent = now.minus(Duration.ofMinutes(1));
        TelemetryTopic.publish(List.of(
                app("it-ret", now.minus(Duration.ofHours(2)), "b1", 5, 5), // older than the raw retention
                app("it-ret", old, "b1", 10, 1000),
                app("it-ret", recent, "b1", 20, 2000)));
        await().atMost(WAIT).until(() -> rawCount("it-ret") == 10);
        assertThat(query("SELECT bucket FROM rollup_1m WHERE device_id = 'it-ret' AND metric = 'cpu_percent'"))
                .as("the two-hour-old sample was not ingested").hasSize(2);

        retention.purge(now.plus(Duration.ofMinutes(10)));
        assertThat(query("SELECT sampled_at FROM raw_sample WHERE device_id = 'it-ret' AND metric = 'cpu_percent'"))
                .extracting(r -> ((OffsetDateTime) r.get("sampled_at")).toInstant())
                .containsExactly(recent.truncatedTo(ChronoUnit.MICROS));
        assertThat(query("SELECT bucket FROM rollup_1m WHERE device_id = 'it-ret' AND metric = 'cpu_percent'"))
                .as("rollups outlive raw rows").hasSize(2);

        retention.purge(now.plus(Duration.ofMinutes(20)));
        assertThat(query("SELECT bucket FROM rollup_1m WHERE device_id = 'it-ret' AND metric = 'cpu_percent'"))
                .extracting(r -> ((OffsetDateTime) r.get("bucket")).toInstant())
                .containsExactly(recent.truncatedTo(ChronoUnit.MINUTES));
        assertThat(rawCount("it-ret")).as("raw rows newer than the retention stay").isEqualTo(5);
        List<Map<String, Object>> hours = query("SELECT bucket, samples FROM rollup_1h WHERE device_id = 'it-ret' "
                + "AND metric = 'cpu_percent' ORDER BY bucket");
        assertThat(hours).as("1-hour rollups outlive 1-minute ones").isNotEmpty();
        assertThat(hours.stream().mapToInt(r -> (Integer) r.get("samples")).sum()).isEqualTo(2);

        // Test profile: 1-hour rollups kept 3 hours.
        RetentionJob.Purged purged = retention.purge(now.plus(Duration.ofHours(2)));
        assertThat(query("SELECT bucket FROM rollup_1h WHERE device_id = 'it-ret'")).as("not 3 hours old yet")
                .isNotEmpty();
        purged = retention.purge(now.plus(Duration.ofHours(4)));
        assertThat(purged.hourRows()).isPositive();
        assertThat(query("SELECT bucket FROM rollup_1h WHERE device_id = 'it-ret'")).isEmpty();
    }

    @Test
    @Order(6)
    void sampleMetricsOnTheScrapeKeepRisingAcrossARebootAndPassPromtool() throws Exception {
        String device = "it-metrics";
        Instant t = base();
        String drops = "fleet_cpp_dropped_frames_total{device=\"it-metrics\",class=\"system-cpp-police-sys-data\"}";
        String bytes = "fleet_cpp_dropped_bytes_total{device=\"it-metrics\",class=\"system-cpp-police-sys-data\"}";
        TelemetryTopic.publish(List.of(cpp(device, t, "b1", 100), cpp(device, t.plusSeconds(60), "b1", 400),
                app(device, t, "b1", 10, 1000), app(device, t.plusSeconds(60), "b1", 40, 5000)));
        await().atMost(WAIT).until(() -> scraped(drops) == 300.0 && scraped(
                "fleet_app_network_receive_bytes_total{device=\"it-metrics\",app=\"perfsonar\"}") == 4000.0);
        assertThat(scraped(bytes)).isEqualTo(300.0 * 64);

        // The device reboots: its counters start again from 0; the exported ones go on rising.
        TelemetryTopic.publish(List.of(cpp(device, t.plusSeconds(120), "b2", 10), cpp(device, t.plusSeconds(180), "b2", 60),
                app(device, t.plusSeconds(120), "b2", 30, 100), app(device, t.plusSeconds(180), "b2", 20, 700)));
        String rx = "fleet_app_network_receive_bytes_total{device=\"it-metrics\",app=\"perfsonar\"}";
        await().atMost(WAIT).until(() -> scraped(drops) == 350.0 && scraped(rx) == 4600.0);
        String scrape = scrape();
        Map<String, Double> values = parse(scrape);
        assertThat(values).containsEntry(bytes, 350.0 * 64)
                .containsEntry("fleet_app_cpu_ratio{device=\"it-metrics\",app=\"perfsonar\"}", 0.2)
                .containsEntry("fleet_app_memory_used_bytes{device=\"it-metrics\",app=\"perfsonar\"}", 262_144.0 * 1024)
                .containsEntry("fleet_app_disk_used_bytes{device=\"it-metrics\",app=\"perfsonar\"}", 40.0 * 1024 * 1024);
        assertThat(values.get("fleet_telemetry_samples_ingested_total")).isGreaterThanOrEqualTo(8);
        assertThat(values.get("fleet_telemetry_ingest_lag_seconds_count")).isGreaterThanOrEqualTo(8);
        assertThat(values.keySet()).as("only the contract's labels").filteredOn(k -> k.startsWith("fleet_cpp_"))
                .allMatch(k -> k.matches("fleet_cpp_[a-z_]+_total\\{device=\"[^\"]*\",class=\"[^\"]*\"}"));

        // promtool on the whole scrape: it parses; and on this ingest's families alone: not a single complaint. (The
        // whole scrape's lint also reports meters of Quarkus' own binders, which are not this ingest's to rename.)
        Path file = Path.of("target", "it-metrics-scrape.txt");
        Files.writeString(file, scrape, StandardCharsets.UTF_8);
        String whole = promtool(file);
        assertThat(whole).as("promtool check metrics on %s", file.toAbsolutePath())
                .doesNotContain("error while linting").doesNotContain("parsing error");
        assertThat(whole.lines().filter(l -> SAMPLE_FAMILIES.stream().anyMatch(l::startsWith)))
                .as("promtool's complaints about the sample metrics").isEmpty();
        Path ours = Path.of("target", "it-metrics-samples.txt");
        Files.writeString(ours, scrape.lines().filter(l -> SAMPLE_FAMILIES.stream().anyMatch(f ->
                l.startsWith(f) || l.startsWith("# HELP " + f) || l.startsWith("# TYPE " + f)))
                .collect(java.util.stream.Collectors.joining("\n", "", "\n")), StandardCharsets.UTF_8);
        assertThat(Files.readAllLines(ours)).as("the sample families in the scrape").hasSizeGreaterThan(30);
        assertThat(promtool(ours)).as("promtool check metrics on %s", ours.toAbsolutePath()).isEqualTo("exit 0\n");
    }

    /** The families of the metrics contract's "samples" section. */
    private static final List<String> SAMPLE_FAMILIES = List.of("fleet_cpp_dropped_bytes", "fleet_cpp_dropped_frames",
            "fleet_cpp_conformed_frames", "fleet_app_cpu_ratio", "fleet_app_memory_used_bytes",
            "fleet_app_memory_allocated_bytes", "fleet_app_disk_used_bytes", "fleet_app_cpu_seconds",
            "fleet_app_disk_read_bytes", "fleet_app_disk_written_bytes", "fleet_app_network_receive_bytes",
            "fleet_app_network_transmit_bytes", "fleet_telemetry_samples_ingested", "fleet_telemetry_ingest_lag_seconds");

    /** {@code promtool check metrics < file}: what it printed, then "exit N". */
    private static String promtool(Path file) throws Exception {
        Process p = new ProcessBuilder(promtool(), "check", "metrics").redirectErrorStream(true)
                .redirectInput(file.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return out + "exit " + p.exitValue() + "\n";
    }

    @Test
    @Order(7)
    void aRollupChangedByAnotherWriterIsDetectedAndTheBatchIsWrittenAgainFromTheDatabase() throws Exception {
        // Two instances briefly writing the same device (a rebalance): each holds the minute in memory.
        String device = "it-concurrent";
        Instant t = base();
        try (BatchWriter a = new BatchWriter(db, Duration.ofMinutes(5));
                BatchWriter b = new BatchWriter(db, Duration.ofMinutes(5))) {
            a.write(List.of(SampleFlattener.sample(app(device, t.plusSeconds(10), "b1", 10, 1000))));
            b.write(List.of(SampleFlattener.sample(app(device, t.plusSeconds(20), "b1", 20, 3000))));
            List<FlatSample> third = List.of(SampleFlattener.sample(app(device, t.plusSeconds(30), "b1", 30, 4000)));
            assertThatThrownBy(() -> a.write(third)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("changed by another writer");
            assertThat(a.write(third).inserted()).as("written again, from what is stored").isEqualTo(5);
        }
        Map<String, Object> rx = rollup(device, "app/perfsonar|net_rx_bytes_total", t);
        assertThat(rx.get("samples")).isEqualTo(3);
        assertThat(rx.get("increase")).as("1000 -> 3000 (second writer) -> 4000, nothing twice").isEqualTo(3000.0);
        assertThat(rx.get("rate_seconds")).isEqualTo(20.0);
        assertThat(rollup(device, "app/perfsonar|cpu_percent", t).get("value_sum")).isEqualTo(60.0);
        assertHoursAddUpTheirMinutes(device);
    }

    @Test
    @Order(8)
    void cppRollupsCarryTheClassesThatDroppedAndTheSecondsTheirCountersCover() throws Exception {
        String device = "it-drops";
        Instant t = base();
        try (BatchWriter w = new BatchWriter(db, Duration.ofMinutes(5))) {
            w.write(List.of(SampleFlattener.sample(twoClasses(device, t.plusSeconds(10), 100, 5000)),
                    SampleFlattener.sample(twoClasses(device, t.plusSeconds(70), 400, 9000)),
                    SampleFlattener.sample(twoClasses(device, t.plusSeconds(130), 400, 9500))));
        }
        List<Map<String, Object>> minutes = drops("sample_rollup_1m", device);
        assertThat(minutes).extracting(r -> r.get("drop_seconds")).as("a first reading covers no seconds")
                .containsExactly(0.0, 60.0, 60.0);
        assertThat(minutes.get(0).get("dropped")).isNull();
        assertThat(minutes.get(1).get("dropped")).as("only the class that dropped, frames and bytes")
                .isEqualTo("cpp/system-cpp-police-data|drop_bytes_total=19200,cpp/system-cpp-police-data|drop_frames_total=300");
        assertThat(minutes.get(2).get("dropped")).as("nothing dropped in this minute").isNull();
        List<Map<String, Object>> hours = drops("sample_rollup_1h", device);
        assertThat(hours).hasSizeBetween(1, 2);
        assertThat(hours.stream().mapToDouble(r -> (Double) r.get("drop_seconds")).sum()).isEqualTo(120.0);
        assertThat(hours).extracting(r -> r.get("dropped")).contains(
                "cpp/system-cpp-police-data|drop_bytes_total=19200,cpp/system-cpp-police-data|drop_frames_total=300");
    }

    /**
     * A writer holds the current hour back (written at most every hour-rollup-flush); what it holds is in
     * the 1-minute rows already, so a writer that fails or stops before writing it loses nothing: the next
     * one sums the hour from its minutes.
     */
    @Test
    @Order(9)
    void anHourHeldBackIsWrittenWhenDueAndSummedFromItsMinutesIfTheWriterFails() throws Exception {
        String device = "it-held";
        // Four minutes of one hour, all past: base() is 6 minutes back.
        Instant t = base().truncatedTo(ChronoUnit.HOURS).plusSeconds(60);
        try (BatchWriter w = new BatchWriter(db, Duration.ofMinutes(5), Duration.ofMillis(500))) {
            w.write(List.of(SampleFlattener.sample(app(device, t, "b1", 10, 1000))));
            assertHoursAreTheirMinutes(device); // a new hour's row goes in with its batch
            w.write(List.of(SampleFlattener.sample(app(device, t.plusSeconds(60), "b1", 20, 3000))));
            assertThat(w.pendingHours()).as("the update is held back").isEqualTo(1);
            assertThat(hourSamples(device, "cpu_percent")).isEqualTo(1);
            Thread.sleep(600);
            assertThat(w.flushHours(false)).as("due").isEqualTo(1);
            assertHoursAreTheirMinutes(device);

            w.write(List.of(SampleFlattener.sample(app(device, t.plusSeconds(120), "b1", 30, 4000))));
            assertThat(hourSamples(device, "cpu_percent")).isEqualTo(2);
            w.forget(); // as after a failed batch: what memory held back is gone
        }
        assertThat(hourSamples(device, "cpu_percent")).as("the stored hour is behind its minutes").isEqualTo(2);

        try (BatchWriter next = new BatchWriter(db, Duration.ofMinutes(5), Duration.ofHours(1))) {
            next.write(List.of(SampleFlattener.sample(app(device, t.plusSeconds(180), "b1", 40, 6000))));
            assertThat(next.pendingHours()).as("summed from the minutes, plus the new sample, not written yet")
                    .isEqualTo(1);
        } // close writes it
        assertHoursAreTheirMinutes(device);
        assertThat(hourSamples(device, "cpu_percent")).isEqualTo(4);
        assertThat(query("SELECT increase FROM rollup_1h WHERE device_id = ? AND metric = 'net_rx_bytes_total'", device)
                .get(0).get("increase")).as("1000 -> 3000 -> 4000 -> 6000").isEqualTo(5000.0);
    }

    private int hourSamples(String device, String metric) throws SQLException {
        List<Map<String, Object>> rows = query("SELECT samples FROM rollup_1h WHERE device_id = ? AND metric = ?", device,
                metric);
        return rows.stream().mapToInt(r -> (Integer) r.get("samples")).sum();
    }

    /** One class dropping ({@code dropFrames}), one accepting only ({@code conformFrames}). */
    private static TelemetrySample twoClasses(String device, Instant at, long dropFrames, long conformFrames) {
        return sample(device, at, "b1").setCppPolicerStats(CppPolicerStats.newBuilder()
                .addClasses(CppClassStats.newBuilder().setClassName("system-cpp-police-data").setEnabled(true)
                        .setDropFramesTotal(dropFrames).setDropBytesTotal(dropFrames * 64)
                        .setConformFramesTotal(conformFrames))
                .addClasses(CppClassStats.newBuilder().setClassName("system-cpp-police-forus").setEnabled(true)
                        .setDropFramesTotal(0).setDropBytesTotal(0).setConformFramesTotal(conformFrames * 2)))
                .build();
    }

    /** A stream's rollup rows with their drop columns, the dropped metrics as series|metric=increase. */
    private List<Map<String, Object>> drops(String table, String device) throws SQLException {
        return query("SELECT r.bucket, r.drop_seconds, (SELECT string_agg(m.series || '|' || m.metric || '=' || d.inc, ','"
                + " ORDER BY m.metric) FROM unnest(r.drop_metric, r.drop_increase) AS d(id, inc) JOIN metric m ON m.id = d.id)"
                + " AS dropped FROM " + table + " r JOIN stream s ON s.id = r.stream_id WHERE s.device_id = ?"
                + " ORDER BY r.bucket", device);
    }

    /** Debian's prometheus package puts it on the PATH (.ci/run installs it). */
    private static String promtool() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "promtool");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError("promtool is not on the PATH: install Debian's prometheus package (see .ci/run)");
    }

    /** In the Prometheus text format (0.0.4), the one promtool reads (without Accept the service answers OpenMetrics). */
    private String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metricsUrl.toURI())
                .header("Accept", "text/plain; version=0.0.4").timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private double scraped(String series) throws Exception {
        return parse(scrape()).getOrDefault(series, Double.NaN);
    }

    /** Sample line without its value, to its value. */
    private static Map<String, Double> parse(String scrape) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : scrape.split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    /**
     * Every 1-hour rollup is exactly what its 1-minute rollups add up to, and there is no other, once the
     * service's writers have written the hours they hold back (test profile: every second).
     */
    private void assertHoursAddUpTheirMinutes(String device) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertHoursAreTheirMinutes(device));
    }

    private void assertHoursAreTheirMinutes(String device) throws SQLException {
        List<Map<String, Object>> fromMinutes = query("""
                SELECT series, metric, date_trunc('hour', bucket, 'UTC') AS bucket, sum(samples)::integer AS samples,
                       sum(value_sum) AS value_sum, min(value_min) AS value_min, max(value_max) AS value_max,
                       sum(increase) AS increase, sum(rate_seconds) AS rate_seconds, sum(resets)::integer AS resets,
                       sum(gaps)::integer AS gaps
                FROM rollup_1m WHERE device_id = ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3""", device);
        List<Map<String, Object>> hours = query("""
                SELECT series, metric, bucket, samples, value_sum, value_min, value_max, increase, rate_seconds,
                       resets, gaps
                FROM rollup_1h WHERE device_id = ? ORDER BY 1, 2, 3""", device);
        assertThat(hours).as("1-hour rollups of %s", device).isNotEmpty().isEqualTo(fromMinutes);
    }

    private long rawCount(String device) throws SQLException {
        return ((Number) query("SELECT count(*) AS n FROM raw_sample WHERE device_id = ?", device).get(0).get("n"))
                .longValue();
    }

    private Map<String, Object> rollup(String device, String seriesAndMetric, Instant bucket) throws SQLException {
        String[] sm = seriesAndMetric.split("\\|");
        List<Map<String, Object>> rows = query("SELECT * FROM rollup_1m WHERE device_id = ? AND series = ? AND metric = ? "
                + "AND bucket = ?", device, sm[0], sm[1], OffsetDateTime.ofInstant(bucket, ZoneOffset.UTC));
        return rows.isEmpty() ? null : rows.get(0);
    }

    private List<Map<String, Object>> rawSnapshot(String device) throws SQLException {
        return query("SELECT * FROM raw_sample WHERE device_id = ? AND series <> 'app/sentinel' "
                + "ORDER BY series, metric, sampled_at", device);
    }

    private List<Map<String, Object>> hourSnapshot(String device) throws SQLException {
        return query("SELECT * FROM rollup_1h WHERE device_id = ? AND series <> 'app/sentinel' "
                + "ORDER BY series, metric, bucket", device);
    }

    private List<Map<String, Object>> rollupSnapshot(String device) throws SQLException {
        return query("SELECT * FROM rollup_1m WHERE device_id = ? AND series <> 'app/sentinel' "
                + "ORDER BY series, metric, bucket", device);
    }

    private List<Map<String, Object>> query(String sql, Object... params) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Map<String, Object>> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.put(md.getColumnLabel(i), v instanceof java.sql.Timestamp ts
                                ? rs.getObject(i, OffsetDateTime.class) : v);
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }
}
