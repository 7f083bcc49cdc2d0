package io.appfleet.telemetry.fleet;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reconcile steps counted from fleet.events.v1 since this instance started: steps by platform,
 * step and outcome, and step durations by platform and step as a histogram. Only events stored for
 * the first time count, so a replay of the topic adds nothing.
 */
@ApplicationScoped
public class StepStats {

    /** Upper bounds, seconds: from a quick CLI command to a package copy of several minutes. */
    static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};

    record StepKey(String platform, String step, String outcome) {
    }

    record DurationKey(String platform, String step) {
    }

    /** A histogram's state at one moment: cumulative counts per bucket (the last is +Inf), sum, count. */
    record Histogram(long[] cumulative, double sum, long count) {
    }

    private final Map<StepKey, LongAdder> steps = new ConcurrentHashMap<>();
    private final Map<DurationKey, Durations> durations = new ConcurrentHashMap<>();

    public void record(String platform, String step, String outcome, Double seconds) {
        steps.computeIfAbsent(new StepKey(platform, step, outcome), k -> new LongAdder()).increment();
        if (seconds != null && seconds >= 0 && !seconds.isNaN() && !seconds.isInfinite()) {
            durations.computeIfAbsent(new DurationKey(platform, step), k -> new Durations()).add(seconds);
        }
    }

    void forEachStep(BiConsumer<StepKey, Long> action) {
        steps.forEach((k, v) -> action.accept(k, v.sum()));
    }

    void forEachDuration(BiConsumer<DurationKey, Histogram> action) {
        durations.forEach((k, v) -> action.accept(k, v.snapshot()));
    }

    /** Guarded by itself: one consumer thread writes, scrapes read a consistent snapshot. */
    private static final class Durations {
        private final long[] counts = new long[BUCKETS.length + 1];
        private double sum;
        private long count;

        synchronized void add(double seconds) {
            int i = 0;
            while (i < BUCKETS.length && seconds > BUCKETS[i]) {
                i++;
            }
            counts[i]++;
            sum += seconds;
            count++;
        }

        synchronized Histogram snapshot() {
            long[] cumulative = new long[counts.length];
            long running = 0;
            for (int i = 0; i < counts.length; i++) {
                running += counts[i];
                cumulative[i] = running;
            }
            return new Histogram(cumulative, sum, count);
        }
    }
}
