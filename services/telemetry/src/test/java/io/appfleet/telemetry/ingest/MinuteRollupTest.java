package io.appfleet.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.appfleet.telemetry.rates.CounterTracker;

class MinuteRollupTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void gaugesAndCounterIncreasesAreRolledUpPerMinuteOfTheEndingReading() {
        List<Measurement> in = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // 10:00:00, :20, :40, 10:01:00
            Instant at = T0.plusSeconds(20L * i);
            in.add(Measurement.gauge("d", "app/a", "cpu_percent", at, 10 * (i + 1), "b|"));
            in.add(Measurement.counter("d", "app/a", "net_rx_bytes_total", at, 1000L + 2000L * i, "b|"));
        }
        List<RawRow> rows = new RateAssigner(new CounterTracker<>(Duration.ofMinutes(5))).assign(in);
        List<MinuteRollup> r = new ArrayList<>(MinuteRollup.of(rows));
        assertThat(r).hasSize(4);
        MinuteRollup cpu0 = find(r, "cpu_percent", T0);
        assertThat(cpu0.samples()).isEqualTo(3);
        assertThat(cpu0.valueSum()).isEqualTo(60);
        assertThat(cpu0.valueMin()).isEqualTo(10);
        assertThat(cpu0.valueMax()).isEqualTo(30);
        MinuteRollup rx0 = find(r, "net_rx_bytes_total", T0);
        assertThat(rx0.samples()).isEqualTo(3);
        assertThat(rx0.increase()).as("the first reading gives no increase").isEqualTo(4000);
        assertThat(rx0.rateSeconds()).isEqualTo(40);
        MinuteRollup rx1 = find(r, "net_rx_bytes_total", T0.plusSeconds(60));
        assertThat(rx1.increase()).isEqualTo(2000);
        assertThat(rx1.rateSeconds()).isEqualTo(20);
        assertThat(rx1.valueSum()).isNull();
    }

    @Test
    void resetsAndGapsAreCounted() {
        List<Measurement> in = List.of(
                Measurement.counter("d", "cpp/c", "drop_frames_total", T0, 500, "b"),
                Measurement.counter("d", "cpp/c", "drop_frames_total", T0.plusSeconds(30), 20, "b"),
                Measurement.counter("d", "cpp/c", "drop_frames_total", T0.plusSeconds(3600), 3590, "b"));
        List<MinuteRollup> r = new ArrayList<>(MinuteRollup.of(
                new RateAssigner(new CounterTracker<>(Duration.ofMinutes(5))).assign(in)));
        assertThat(find(r, "drop_frames_total", T0).resets()).isEqualTo(1);
        assertThat(find(r, "drop_frames_total", T0).increase()).isEqualTo(20);
        MinuteRollup late = find(r, "drop_frames_total", T0.plusSeconds(3600));
        assertThat(late.gaps()).isEqualTo(1);
        assertThat(late.increase() / late.rateSeconds()).isEqualTo(1.0);
    }

    private static MinuteRollup find(List<MinuteRollup> r, String metric, Instant bucket) {
        return r.stream().filter(x -> x.key().metric().equals(metric) && x.bucket().equals(bucket)).findFirst()
                .orElseThrow();
    }
}
