package io.appfleet.telemetry.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one minute of raw rows adds to a row of {@code rollup_1m}: gauges as count, sum, min and max
 * (so the average stays exact when minutes are merged), counters as the sum of their increases and
 * the seconds those increases cover (average rate = increase / seconds). An increase counts in the
 * minute of the reading that ends it.
 */
public record MinuteRollup(Measurement.CounterKey key, Instant bucket, boolean counter, int samples, Double valueSum,
        Double valueMin, Double valueMax, double increase, double rateSeconds, int resets, int gaps) {

    public static Instant bucketOf(Instant at) {
        return at.truncatedTo(ChronoUnit.MINUTES);
    }

    /** One rollup per (series, minute) of the given rows: a statement must not upsert a row twice. */
    public static Collection<MinuteRollup> of(Collection<RawRow> rows) {
        Map<Object, MinuteRollup> byKey = new LinkedHashMap<>();
        for (RawRow r : rows) {
            MinuteRollup one = single(r);
            byKey.merge(java.util.List.of(one.key(), one.bucket()), one, MinuteRollup::plus);
        }
        return byKey.values();
    }

    static MinuteRollup single(RawRow r) {
        Measurement m = r.m();
        if (m.counter()) {
            boolean rated = r.increase() != null;
            return new MinuteRollup(m.key(), bucketOf(m.sampledAt()), true, 1, null, null, null,
                    rated ? r.increase() : 0, rated ? r.seconds() : 0, r.reset() ? 1 : 0, r.gap() ? 1 : 0);
        }
        return new MinuteRollup(m.key(), bucketOf(m.sampledAt()), false, 1, m.value(), m.value(), m.value(), 0, 0, 0, 0);
    }

    public MinuteRollup plus(MinuteRollup o) {
        return new MinuteRollup(key, bucket, counter, samples + o.samples, add(valueSum, o.valueSum),
                pick(valueMin, o.valueMin, Math::min), pick(valueMax, o.valueMax, Math::max), increase + o.increase,
                rateSeconds + o.rateSeconds, resets + o.resets, gaps + o.gaps);
    }

    private static Double add(Double a, Double b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return a + b;
    }

    private static Double pick(Double a, Double b, java.util.function.DoubleBinaryOperator f) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return f.applyAsDouble(a, b);
    }
}
