package io.appfleet.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestDiskStats;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.telemetry.rates.CounterTracker;
import io.appfleet.telemetry.scrape.TextExposition;

class SampleMetricsTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0.plusSeconds(600));
    private final SampleMetrics metrics = new SampleMetrics(clock, Duration.ofMinutes(15));
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<String, CounterTracker> trackers = new HashMap<>();
    private final Map<String, Integer> streams = new HashMap<>();
    private final Map<String, int[]> layouts = new HashMap<>();

    private static int[] ids0(String printed) {
        return java.util.Arrays.stream(printed.substring(1, printed.length() - 1).split(", ")).mapToInt(Integer::parseInt)
                .toArray();
    }

    /** As BatchWriter hands them over: ids, rates in order, then the committed rows. */
    private void commit(Instant committedAt, TelemetrySample... samples) throws Exception {
        List<RawRecord> rows = new java.util.ArrayList<>();
        for (TelemetrySample t : samples) {
            FlatSample s = SampleFlattener.sample(t);
            int[] metricIds = s.values().stream()
                    .mapToInt(m -> ids.computeIfAbsent(m.series() + "|" + m.metric(), k -> ids.size() + 1)).toArray();
            // Like Dictionary: one id per stream, one array instance per layout.
            int stream = streams.computeIfAbsent(s.deviceId() + "|" + s.source(), k -> streams.size() + 1);
            metricIds = layouts.computeIfAbsent(java.util.Arrays.toString(metricIds), k -> ids0(k));
            RawRecord r = new RawRecord(s, stream, metricIds);
            r.rate(trackers.computeIfAbsent(s.deviceId() + s.source(), k -> new CounterTracker(Duration.ofMinutes(5))));
            rows.add(r);
        }
        metrics.committed(rows, committedAt);
    }

    private static TelemetrySample.Builder sample(String device, Instant at, String boot) {
        return TelemetrySample.newBuilder().setDeviceId(device).setBootId(boot)
                .setSampledAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()));
    }

    private static TelemetrySample cpp(String device, Instant at, String boot, long dropFrames, long conformFrames) {
        return sample(device, at, boot).setCppPolicerStats(CppPolicerStats.newBuilder()
                .addClasses(CppClassStats.newBuilder().setClassName("system-cpp-police-sys-data").setEnabled(true)
                        .setDropBytesTotal(dropFrames * 64).setDropFramesTotal(dropFrames)
                        .setConformFramesTotal(conformFrames))).build();
    }

    private static TelemetrySample app(String device, Instant at, double cpu, long rx, long read) {
        return sample(device, at, "b1").setAppUtilization(AppUtilization.newBuilder().setAppId("vpg")
                .setInstanceId("c1").setCpuPercent(cpu).setMemoryUsedBytes(1000).setNetRxBytesTotal(rx)
                .setDiskReadBytesTotal(read)).build();
    }

    private static TelemetrySample guest(String device, Instant at, long userMs, long stealMs, long readBytes) {
        return sample(device, at, "b1").setGuestStats(GuestStats.newBuilder().setAppId("vpg")
                .addCpus(GuestCpuStats.newBuilder().setUserMsTotal(userMs).setNiceMsTotal(0).setSystemMsTotal(0)
                        .setIdleMsTotal(10 * userMs).setStealMsTotal(stealMs))
                .addDisks(GuestDiskStats.newBuilder().setName("vda").setReadBytesTotal(readBytes))).build();
    }

    /** The scrape as Prometheus reads it: sample line without its value, to its value. */
    private Map<String, Double> scrape() throws Exception {
        TextExposition text = new TextExposition(0);
        metrics.parts().forEach(part -> part.writeTo(text));
        Map<String, Double> out = new LinkedHashMap<>();
        for (String line : text.asString().split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                int space = line.lastIndexOf(' ');
                out.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return out;
    }

    private static final String DROPS = "fleet_cpp_dropped_frames_total{device=\"sw1\",class=\"system-cpp-police-sys-data\"}";

    @Test
    void cppCountersAreSumsOfIncreasesAndKeepRisingAcrossAReboot() throws Exception {
        commit(T0.plusSeconds(1), cpp("sw1", T0, "b1", 1000, 50));
        assertThat(scrape()).as("the first reading gives no increase: the counter appears at 0").containsEntry(DROPS, 0.0);
        commit(T0.plusSeconds(61), cpp("sw1", T0.plusSeconds(60), "b1", 1300, 80));
        assertThat(scrape()).containsEntry(DROPS, 300.0)
                .containsEntry("fleet_cpp_dropped_bytes_total{device=\"sw1\",class=\"system-cpp-police-sys-data\"}", 19200.0)
                .containsEntry("fleet_cpp_conformed_frames_total{device=\"sw1\",class=\"system-cpp-police-sys-data\"}",
                        30.0);
        // The device reboots: its counter starts again from 0, ours does not go down.
        commit(T0.plusSeconds(121), cpp("sw1", T0.plusSeconds(120), "b2", 5, 0));
        assertThat(scrape()).containsEntry(DROPS, 300.0);
        commit(T0.plusSeconds(181), cpp("sw1", T0.plusSeconds(180), "b2", 45, 0));
        assertThat(scrape()).containsEntry(DROPS, 340.0);
    }

    @Test
    void appGaugesAreTheNewestAndALateSampleDoesNotReplaceThem() throws Exception {
        commit(T0.plusSeconds(1), app("sw1", T0, 50, 1000, 0));
        commit(T0.plusSeconds(31), app("sw1", T0.plusSeconds(30), 25, 4000, 0));
        commit(T0.plusSeconds(32), app("sw1", T0.plusSeconds(20), 99, 3000, 0)); // late
        Map<String, Double> m = scrape();
        assertThat(m).containsEntry("fleet_app_cpu_ratio{device=\"sw1\",app=\"vpg\"}", 0.25)
                .containsEntry("fleet_app_memory_used_bytes{device=\"sw1\",app=\"vpg\"}", 1000.0)
                .containsEntry("fleet_app_network_receive_bytes_total{device=\"sw1\",app=\"vpg\"}", 3000.0);
        assertThat(m).as("not reported by this app").doesNotContainKey(
                "fleet_app_network_transmit_bytes_total{device=\"sw1\",app=\"vpg\"}");
    }

    @Test
    void guestStatsGiveCpuSecondsAndTakeOverDiskBytesFromAppUtilization() throws Exception {
        commit(T0.plusSeconds(1), app("sw1", T0, 1, 0, 100));
        commit(T0.plusSeconds(31), app("sw1", T0.plusSeconds(30), 1, 0, 600));
        assertThat(scrape()).containsEntry("fleet_app_disk_read_bytes_total{device=\"sw1\",app=\"vpg\"}", 500.0);
        commit(T0.plusSeconds(41), guest("sw1", T0.plusSeconds(40), 10_000, 500, 7_000));
        commit(T0.plusSeconds(61), app("sw1", T0.plusSeconds(60), 1, 0, 10_600));
        commit(T0.plusSeconds(101), guest("sw1", T0.plusSeconds(100), 13_000, 1_000, 9_000));
        Map<String, Double> m = scrape();
        assertThat(m).as("user + steal ms over the interval").containsEntry(
                "fleet_app_cpu_seconds_total{device=\"sw1\",app=\"vpg\"}", 3.5);
        assertThat(m).as("guest disks once the app has them; app utilization no longer adds (would count twice)")
                .containsEntry("fleet_app_disk_read_bytes_total{device=\"sw1\",app=\"vpg\"}", 2500.0);
    }

    @Test
    void lagIsAHistogramOfSampledAtToCommitAndIngestedCountsSamples() throws Exception {
        commit(T0.plusMillis(300), cpp("sw1", T0, "b1", 1, 1), app("sw1", T0, 1, 1, 1));
        commit(T0.plusSeconds(7), app("sw1", T0.plusSeconds(1), 1, 1, 1));
        Map<String, Double> m = scrape();
        assertThat(m).containsEntry("fleet_telemetry_samples_ingested_total", 3.0)
                .containsEntry("fleet_telemetry_ingest_lag_seconds_bucket{le=\"0.25\"}", 0.0)
                .containsEntry("fleet_telemetry_ingest_lag_seconds_bucket{le=\"0.5\"}", 2.0)
                .containsEntry("fleet_telemetry_ingest_lag_seconds_bucket{le=\"5.0\"}", 2.0)
                .containsEntry("fleet_telemetry_ingest_lag_seconds_bucket{le=\"10.0\"}", 3.0)
                .containsEntry("fleet_telemetry_ingest_lag_seconds_bucket{le=\"+Inf\"}", 3.0)
                .containsEntry("fleet_telemetry_ingest_lag_seconds_count", 3.0);
        assertThat(m.get("fleet_telemetry_ingest_lag_seconds_sum")).isCloseTo(6.6, org.assertj.core.api.Assertions.within(1e-9));
    }

    @Test
    void aDeviceSilentForTheExpiryLeavesTheScrapeAndLabelValuesAreEscaped() throws Exception {
        commit(T0.plusSeconds(1), cpp("sw\"1\\", T0, "b1", 1, 1), cpp("sw2", T0, "b1", 1, 1));
        assertThat(scrape()).containsKey(
                "fleet_cpp_dropped_frames_total{device=\"sw\\\"1\\\\\",class=\"system-cpp-police-sys-data\"}");
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        commit(T0.plusSeconds(600), cpp("sw2", T0.plusSeconds(599), "b1", 2, 2));
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        Map<String, Double> m = scrape();
        assertThat(m.keySet()).noneMatch(k -> k.contains("sw\\\"1")).anyMatch(k -> k.contains("sw2"));
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
