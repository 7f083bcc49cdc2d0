package io.appfleet.telemetry.rates;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Remembers the newest reading of each counter and turns each new reading into a {@link RateStep}.
 * A reading not newer than the newest one seen (duplicate, replay, late arrival) changes nothing,
 * so rates never go backwards in time and never go negative. Counters are named by an int (the
 * ingest's metric ids, one tracker per stream of a few dozen counters); the readings are kept in
 * primitive arrays in the order first seen, and a lookup tries the slot after the previous one first:
 * a stream's samples list their counters in the same order, and the ingest asks once per counter value
 * (over a million times a second at full load). Not thread-safe: one consumer thread owns it.
 */
public final class CounterTracker {

    private final long maxGapNanos;
    private int[] keys = new int[8];
    private long[] atNanos = new long[8];
    private String[] epochs = new String[8];
    private long[] values = new long[8];
    private int size;
    private int last = -1;
    private double lastSeconds;
    private boolean lastReset;
    private boolean lastGap;
    private RateStep.Reason lastNoRate;

    public CounterTracker(Duration maxGap) {
        this.maxGapNanos = maxGap.toNanos();
    }

    public RateStep observe(int key, CounterPoint point) {
        double increase = observe(key, nanos(point.at()), point.epoch(), point.value());
        if (!Double.isNaN(increase)) {
            return new RateStep.Rate(increase, lastSeconds, lastReset, lastGap);
        }
        return new RateStep.NoRate(lastNoRate);
    }

    /**
     * The same without objects, for the ingest: returns the increase, or NaN when there is no rate; the
     * rate's seconds, reset and gap are then {@link #lastSeconds()}, {@link #lastReset()}, {@link #lastGap()}.
     */
    public double observe(int key, long at, String epoch, long value) {
        int i = find(key);
        if (i < 0) {
            add(key, at, epoch, value);
            lastNoRate = RateStep.Reason.FIRST;
            return Double.NaN;
        }
        if (at <= atNanos[i]) {
            lastNoRate = RateStep.Reason.STALE; // not newer: a duplicate, a replay or a late sample changes nothing
            return Double.NaN;
        }
        long previousAt = atNanos[i];
        long previous = values[i];
        boolean sameEpoch = epochs[i].equals(epoch);
        atNanos[i] = at;
        epochs[i] = epoch;
        values[i] = value;
        if (!sameEpoch) {
            lastNoRate = RateStep.Reason.EPOCH_CHANGED;
            return Double.NaN;
        }
        long elapsed = at - previousAt;
        lastSeconds = elapsed / 1e9;
        lastReset = CounterRates.isReset(previous, value);
        lastGap = elapsed > maxGapNanos;
        return CounterRates.increase(previous, value);
    }

    /** Of the last rate {@link #observe(int, long, String, long)} gave: the seconds it covers. */
    public double lastSeconds() {
        return lastSeconds;
    }

    /** Of the last rate: the counter went down (reset) in between. */
    public boolean lastReset() {
        return lastReset;
    }

    /** Of the last rate: the readings were further apart than the maximum gap. */
    public boolean lastGap() {
        return lastGap;
    }

    /** Takes a reading known from elsewhere (the database, after a restart) as the newest, unless a newer one is known. */
    public void seed(int key, CounterPoint point) {
        long at = nanos(point.at());
        int i = find(key);
        if (i < 0) {
            add(key, at, point.epoch(), point.value());
        } else if (at > atNanos[i]) {
            atNanos[i] = at;
            epochs[i] = point.epoch();
            values[i] = point.value();
        }
    }

    public boolean knows(int key) {
        return find(key) >= 0;
    }

    public Optional<CounterPoint> newest(int key) {
        int i = find(key);
        if (i < 0) {
            return Optional.empty();
        }
        return Optional.of(new CounterPoint(Instant.ofEpochSecond(0, atNanos[i]), epochs[i], values[i]));
    }

    public int size() {
        return size;
    }

    /** Forgets everything (partitions moved, or a batch failed and will be read again). */
    public void clear() {
        Arrays.fill(epochs, null);
        size = 0;
        last = -1;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private int find(int key) {
        int next = last + 1;
        if (next < size && keys[next] == key) {
            return last = next;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                return last = i;
            }
        }
        return -1;
    }

    private void add(int key, long at, String epoch, long value) {
        if (size == keys.length) {
            int n = size * 2;
            keys = Arrays.copyOf(keys, n);
            atNanos = Arrays.copyOf(atNanos, n);
            epochs = Arrays.copyOf(epochs, n);
            values = Arrays.copyOf(values, n);
        }
        keys[size] = key;
        atNanos[size] = at;
        epochs[size] = epoch;
        values[size] = value;
        last = size++;
    }
}
