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
        if (!current.at().isAfter(previous.at())) {
            return new RateStep.NoRate(RateStep.Reason.STALE);
        }
        if (!previous.epoch().equals(current.epoch())) {
            return new RateStep.NoRate(RateStep.Reason.EPOCH_CHANGED);
        }
        Duration elapsed = Duration.between(previous.at(), current.at());
        double seconds = elapsed.toNanos() / 1e9;
        // Counters are unsigned 64-bit: compare and subtract as such so a value above 2^63 is no reset.
        boolean reset = Long.compareUnsigned(current.value(), previous.value()) < 0;
        long increase = reset ? current.value() : current.value() - previous.value();
        return new RateStep.Rate(unsigned(increase), seconds, reset, elapsed.compareTo(maxGap) > 0);
    }

    /** The unsigned 64-bit number whose bits {@code v} holds, as a double. */
    public static double unsignedValue(long v) {
        return unsigned(v);
    }

    static double unsigned(long v) {
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
    }
}
