package io.appfleet.telemetry.ingest;

import java.time.Instant;

/**
 * One value of one sample (a {@link FlatSample} keeps its values in arrays; this is their readable
 * form). As a row of the view {@code raw_sample}, its key is (device, series, metric, sampledAt).
 *
 * @param series  what the value is about, bounded per device: {@code app/<appId>},
 *                {@code cpp/<class>}, {@code guest/<appId>}, {@code guest/<appId>/disk/<name>} ...
 * @param metric  the proto field's name, in its unit ({@code _bytes}, {@code _total} for counters)
 * @param counter a counter (only grows until its source restarts) or a gauge
 * @param value   the value; for a counter the unsigned 64-bit number as a double
 * @param counterValue for a counter, the unsigned 64-bit number's bits
 * @param epoch   for counters, what they restart with: {@code <boot_id>|<instance_id>}
 */
public record Measurement(String deviceId, String series, String metric, Instant sampledAt, boolean counter,
        double value, long counterValue, String epoch) {

    public static Measurement gauge(String deviceId, String series, String metric, Instant at, double value,
            String epoch) {
        return new Measurement(deviceId, series, metric, at, false, value, 0, epoch);
    }

    public static Measurement counter(String deviceId, String series, String metric, Instant at, long value,
            String epoch) {
        return new Measurement(deviceId, series, metric, at, true, io.appfleet.telemetry.rates.CounterRates.unsignedValue(value),
                value, epoch);
    }
}
