package io.appfleet.telemetry.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.telemetry.rates.CounterTracker;

class RollupTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final int CPU = 1;
    private static final int RX = 2;

    /** Rates in order, then each row into the rollup of its bucket, as BatchWriter does. */
    private static Map<Long, Rollup> rollUp(Rollup.Width w, List<FlatSample> samples, int... ids) {
        CounterTracker counters = new CounterTracker(Duration.ofMinutes(5));
        Map<Long, Rollup> out = new LinkedHashMap<>();
        for (FlatSample s : samples) {
            RawRecord r = new RawRecord(s, 7, java.util.Arrays.copyOf(ids, s.values().size()));
            r.rate(counters);
            long bucket = w.bucketOf(r.sampledAtMicros);
            out.computeIfAbsent(bucket, b -> new Rollup(7, b, 0, 2)).add(r);
        }
        return out;
    }

    private static FlatSample app(Instant at, double cpu, long rx) {
        return new FlatSample("d", "app/a", at, "b|", List.of(Measurement.gauge("d", "app/a", "cpu_percent", at, cpu, "b|"),
                Measurement.counter("d", "app/a", "net_rx_bytes_total", at, rx, "b|")));
    }

    private static FlatSample drops(Instant at, long frames) {
        return new FlatSample("d", "cpp", at, "b",
                List.of(Measurement.counter("d", "cpp/c", "drop_frames_total", at, frames, "b")));
    }

    private static long micros(Instant t) {
        return t.getEpochSecond() * 1_000_000L;
    }

    /** An hour summed from its stored minutes is the hour the same samples make (how a writer catches up). */
    @Test
    void anHourSummedFromItsMinutesEqualsTheHourOfTheSameSamples() {
        List<FlatSample> samples = List.of(app(T0, 10, 1000), app(T0.plusSeconds(20), 20, 3000),
                app(T0.plusSeconds(70), 5, 900), // counter reset
                app(T0.plusSeconds(130), 30, 1500), app(T0.plusSeconds(190), 40, 2500));
        Rollup hour = rollUp(Rollup.Width.HOUR, samples, CPU, RX).get(micros(T0));
        Rollup summed = new Rollup(7, micros(T0), 3, 1);
        for (Rollup minute : rollUp(Rollup.Width.MINUTE, samples, CPU, RX).values()) {
            summed.merge(minute.entries());
        }
        assertThat(summed.entries()).isEqualTo(hour.entries());
        assertThat(summed.values()).isEqualTo(10);
        int rx = summed.indexOf(RX);
        assertThat(summed.resets(rx)).isEqualTo(1);
        assertThat(summed.increase(rx)).isEqualTo(2000 + 900 + 600 + 1000);
        assertThat(summed.valueMin(summed.indexOf(CPU))).isEqualTo(5);
        assertThat(summed.valueMax(summed.indexOf(CPU))).isEqualTo(40);

        Rollup drops = new Rollup(7, micros(T0), 1, 1);
        for (Rollup minute : rollUp(Rollup.Width.MINUTE, List.of(drops(T0, 10), drops(T0.plusSeconds(60), 50)), RX).values()) {
            drops.merge(minute.entries());
        }
        assertThat(drops.entries()).as("a CPP drop counter stays one").isEqualTo(
                rollUp(Rollup.Width.HOUR, List.of(drops(T0, 10), drops(T0.plusSeconds(60), 50)), RX).get(micros(T0)).entries());
    }

    @Test
    void gaugesAndCounterIncreasesAreRolledUpPerBucketOfTheEndingReading() {
        // 10:00:00, :20, :40, 10:01:00
        Map<Long, Rollup> r = rollUp(Rollup.Width.MINUTE, List.of(app(T0, 10, 1000), app(T0.plusSeconds(20), 20, 3000),
                app(T0.plusSeconds(40), 30, 5000), app(T0.plusSeconds(60), 40, 7000)), CPU, RX);
        assertThat(r).hasSize(2);
        Rollup m0 = r.get(micros(T0));
        int cpu = m0.indexOf(CPU);
        assertThat(m0.samples(cpu)).isEqualTo(3);
        assertThat(m0.valueSum(cpu)).isEqualTo(60);
        assertThat(m0.valueMin(cpu)).isEqualTo(10);
        assertThat(m0.valueMax(cpu)).isEqualTo(30);
        assertThat(m0.increase(cpu)).as("gauges have no increase").isNaN();
        int rx = m0.indexOf(RX);
        assertThat(m0.samples(rx)).isEqualTo(3);
        assertThat(m0.increase(rx)).as("the first reading gives no increase").isEqualTo(4000);
        assertThat(m0.rateSeconds(rx)).isEqualTo(40);
        assertThat(m0.valueSum(rx)).as("counters have no sum").isNaN();
        Rollup m1 = r.get(micros(T0.plusSeconds(60)));
        assertThat(m1.increase(m1.indexOf(RX))).isEqualTo(2000);
        assertThat(m1.rateSeconds(m1.indexOf(RX))).isEqualTo(20);

        Map<Long, Rollup> h = rollUp(Rollup.Width.HOUR, List.of(app(T0, 10, 1000), app(T0.plusSeconds(20), 20, 3000),
                app(T0.plusSeconds(40), 30, 5000), app(T0.plusSeconds(60), 40, 7000)), CPU, RX);
        assertThat(h).as("one hour").hasSize(1);
        Rollup h0 = h.get(micros(T0));
        assertThat(h0.samples(h0.indexOf(CPU))).isEqualTo(4);
        assertThat(h0.valueSum(h0.indexOf(CPU))).isEqualTo(100);
        assertThat(h0.valueMax(h0.indexOf(CPU))).isEqualTo(40);
        assertThat(h0.increase(h0.indexOf(RX))).isEqualTo(6000);
        assertThat(h0.rateSeconds(h0.indexOf(RX))).isEqualTo(60);
    }

    @Test
    void resetsAndGapsAreCounted() {
        Map<Long, Rollup> r = rollUp(Rollup.Width.MINUTE, List.of(drops(T0, 500), drops(T0.plusSeconds(30), 20),
                drops(T0.plusSeconds(3600), 3590)), RX);
        Rollup first = r.get(micros(T0));
        assertThat(first.resets(0)).isEqualTo(1);
        assertThat(first.increase(0)).isEqualTo(20);
        Rollup late = r.get(micros(T0.plusSeconds(3600)));
        assertThat(late.gaps(0)).isEqualTo(1);
        assertThat(late.increase(0) / late.rateSeconds(0)).isEqualTo(1.0);
    }

    @Test
    void bucketsAreWholeMinutesAndHours() {
        long t = micros(Instant.parse("2026-12-04T10:59:59.999999Z")) + 999_999;
        assertThat(Rollup.Width.MINUTE.bucketOf(t)).isEqualTo(micros(Instant.parse("2026-12-04T10:59:00Z")));
        assertThat(Rollup.Width.HOUR.bucketOf(t)).isEqualTo(micros(Instant.parse("2026-12-04T10:00:00Z")));
        assertThat(Rollup.Width.MINUTE.bucketOf(micros(Instant.parse("1969-12-31T23:59:30Z"))))
                .as("before 1970 too").isEqualTo(micros(Instant.parse("1969-12-31T23:59:00Z")));
    }
}
