package io.appfleet.telemetry.rates;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Remembers the newest reading of each counter and turns each new reading into a {@link RateStep}.
 * A reading not newer than the newest one seen (duplicate, replay, late arrival) changes nothing,
 * so rates never go backwards in time and never go negative. Not thread-safe: one consumer thread
 * owns it.
 *
 * @param <K> what names one counter (device, series, metric)
 */
public final class CounterTracker<K> {

    private final Map<K, CounterPoint> newest = new HashMap<>();
    private final Duration maxGap;

    public CounterTracker(Duration maxGap) {
        this.maxGap = maxGap;
    }

    public RateStep observe(K key, CounterPoint point) {
        CounterPoint last = newest.get(key);
        if (last == null) {
            newest.put(key, point);
            return new RateStep.NoRate(RateStep.Reason.FIRST);
        }
        RateStep step = CounterRates.between(last, point, maxGap);
        if (!(step instanceof RateStep.NoRate n && n.reason() == RateStep.Reason.STALE)) {
            newest.put(key, point);
        }
        return step;
    }

    /** Takes a reading known from elsewhere (the database, after a restart) as the newest, unless a newer one is known. */
    public void seed(K key, CounterPoint point) {
        newest.merge(key, point, (known, seeded) -> seeded.at().isAfter(known.at()) ? seeded : known);
    }

    public boolean knows(K key) {
        return newest.containsKey(key);
    }

    public Optional<CounterPoint> newest(K key) {
        return Optional.ofNullable(newest.get(key));
    }

    public int size() {
        return newest.size();
    }

    /** Forgets everything (partitions moved, or a batch failed and will be read again). */
    public void clear() {
        newest.clear();
    }
}
