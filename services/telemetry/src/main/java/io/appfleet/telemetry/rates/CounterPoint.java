package io.appfleet.telemetry.rates;

import java.time.Instant;
import java.util.Objects;

/**
 * One reading of a counter.
 *
 * @param at    when the value was read
 * @param epoch what the counter's life depends on (device boot id, app instance id); a different
 *              epoch means the counter started again from zero, so no rate spans the change
 * @param value the counter's value, an unsigned 64-bit number
 */
public record CounterPoint(Instant at, String epoch, long value) {

    public CounterPoint {
        Objects.requireNonNull(at, "at");
        epoch = epoch == null ? "" : epoch;
    }
}
