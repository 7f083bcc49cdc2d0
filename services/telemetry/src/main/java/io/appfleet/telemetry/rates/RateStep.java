package io.appfleet.telemetry.rates;

/** What one new reading of a counter says about its rate: a rate, or why there is none. */
public sealed interface RateStep permits RateStep.Rate, RateStep.NoRate {

    /**
     * The counter grew by {@code increase} over {@code seconds}.
     *
     * @param reset the counter went down in between (cleared or its source restarted without a new
     *              epoch); {@code increase} is then the value counted since the reset, as Prometheus'
     *              rate() takes it, a lower bound of the real increase
     * @param gap   the readings are further apart than the expected interval allows; the rate is the
     *              average over the whole gap, not what happened at any one moment in it
     */
    record Rate(double increase, double seconds, boolean reset, boolean gap) implements RateStep {

        public double perSecond() {
            return increase / seconds;
        }
    }

    /** No rate from this reading. */
    record NoRate(Reason reason) implements RateStep {
    }

    enum Reason {
        /** The first reading of the counter: nothing to compare with. */
        FIRST,
        /** The device rebooted or the app restarted in between: the counters began again. */
        EPOCH_CHANGED,
        /** Not newer than the last reading (a duplicate or a late sample): ignored for rates. */
        STALE
    }
}
