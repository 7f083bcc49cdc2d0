package io.appfleet.telemetry.rates;

import java.time.Duration;

/** The rate between two readings of one counter. Pure: no state, no clock. */
public final class CounterRates {

    private CounterRates() {
    }

    /**
     * @param previous the last reading taken into account
     * @param current  the new reading
     * @param maxGap   readings further apart than this give a rate flagged as a gap
     */
    public static RateStep between(CounterPoint previous, CounterPoint current, Duration maxGap) {
        return between(nanos(previous.at()), previous.epoch(), previous.value(), nanos(current.at()), current.epoch(),
                current.value(), maxGap.toNanos());
    }

    /** The same, on readings given as their parts (times in nanoseconds since the epoch). */
    public static RateStep between(long previousAt, String previousEpoch, long previousValue, long currentAt,
            String currentEpoch, long currentValue, long maxGapNanos) {
        if (currentAt <= previousAt) {
            return new RateStep.NoRate(RateStep.Reason.STALE);
        }
        if (!previousEpoch.equals(currentEpoch)) {
            return new RateStep.NoRate(RateStep.Reason.EPOCH_CHANGED);
        }
        long elapsed = currentAt - previousAt;
        return new RateStep.Rate(increase(previousValue, currentValue), elapsed / 1e9,
                isReset(previousValue, currentValue), elapsed > maxGapNanos);
    }

    /** Whether the counter went down: it was reset (or its source restarted without a new epoch). */
    public static boolean isReset(long previousValue, long currentValue) {
        // Counters are unsigned 64-bit: compare and subtract as such so a value above 2^63 is no reset.
        return Long.compareUnsigned(currentValue, previousValue) < 0;
    }

    /** The increase from one reading to the next of the same epoch; after a reset, the value counted since. */
    public static double increase(long previousValue, long currentValue) {
        return unsigned(isReset(previousValue, currentValue) ? currentValue : currentValue - previousValue);
    }

    private static long nanos(java.time.Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** The unsigned 64-bit number whose bits {@code v} holds, as a double. */
    public static double unsignedValue(long v) {
        return unsigned(v);
    }

    static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
