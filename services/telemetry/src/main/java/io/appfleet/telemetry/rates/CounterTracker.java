package io.appfleet.telemetry.rates;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Remembers the newest reading of each counter and turns each new reading into a {@link RateStep}.
 * A reading not newer than the newest one seen (duplicate, replay, late arrival) changes nothing,
 * so rates never go backwards in time and never go negative. Counters are named by an int (the
 * ingest's metric ids, one tracker per stream); the readings are kept in primitive arrays, open
 * addressing, since the ingest asks once per counter value (over a million times a second at full
 * load). Not thread-safe: one consumer thread owns it.
 */
public final class CounterTracker {

    private final long maxGapNanos;
    private int[] keys = new int[16];
    private boolean[] used = new boolean[16];
    private long[] atNanos = new long[16];
    private String[] epochs = new String[16];
    private long[] values = new long[16];
    private int size;

    public CounterTracker(Duration maxGap) {
        this.maxGapNanos = maxGap.toNanos();
    }

    public RateStep observe(int key, CounterPoint point) {
        long at = nanos(point.at());
        int i = find(key);
        if (!used[i]) {
            put(i, key, at, point.epoch(), point.value());
            return new RateStep.NoRate(RateStep.Reason.FIRST);
        }
        RateStep step = CounterRates.between(atNanos[i], epochs[i], values[i], at, point.epoch(), point.value(),
                maxGapNanos);
        if (!(step instanceof RateStep.NoRate n && n.reason() == RateStep.Reason.STALE)) {
            atNanos[i] = at;
            epochs[i] = point.epoch();
            values[i] = point.value();
        }
        return step;
    }

    /** Takes a reading known from elsewhere (the database, after a restart) as the newest, unless a newer one is known. */
    public void seed(int key, CounterPoint point) {
        long at = nanos(point.at());
        int i = find(key);
        if (!used[i]) {
            put(i, key, at, point.epoch(), point.value());
        } else if (at > atNanos[i]) {
            atNanos[i] = at;
            epochs[i] = point.epoch();
            values[i] = point.value();
        }
    }

    public boolean knows(int key) {
        return used[find(key)];
    }

    public Optional<CounterPoint> newest(int key) {
        int i = find(key);
        if (!used[i]) {
            return Optional.empty();
        }
        return Optional.of(new CounterPoint(Instant.ofEpochSecond(0, atNanos[i]), epochs[i], values[i]));
    }

    public int size() {
        return size;
    }

    /** Forgets everything (partitions moved, or a batch failed and will be read again). */
    public void clear() {
        Arrays.fill(used, false);
        Arrays.fill(epochs, null);
        size = 0;
    }

    private static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private int find(int key) {
        int mask = keys.length - 1;
        int i = (key * 0x9E3779B9) >>> 16 & mask;
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void put(int i, int key, long at, String epoch, long value) {
        used[i] = true;
        keys[i] = key;
        atNanos[i] = at;
        epochs[i] = epoch;
        values[i] = value;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        int[] k = keys;
        boolean[] u = used;
        long[] a = atNanos;
        String[] e = epochs;
        long[] v = values;
        int n = k.length * 2;
        keys = new int[n];
        used = new boolean[n];
        atNanos = new long[n];
        epochs = new String[n];
        values = new long[n];
        size = 0;
        for (int j = 0; j < k.length; j++) {
            if (u[j]) {
                put(find(k[j]), k[j], a[j], e[j], v[j]);
            }
        }
    }
}
