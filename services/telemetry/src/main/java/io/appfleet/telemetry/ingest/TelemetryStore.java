package io.appfleet.telemetry.ingest;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.appfleet.telemetry.rates.CounterPoint;

/**
 * The SQL of the ingest, on a connection the caller holds in a transaction. Each batch is a few
 * statements over arrays ({@code unnest}), whatever its size.
 */
final class TelemetryStore {

    private static final String LATEST = """
            SELECT k.d, k.s, k.m, r.sampled_at, r.epoch, r.counter_value
            FROM unnest(?::text[], ?::text[], ?::text[]) AS k(d, s, m)
            CROSS JOIN LATERAL (
                SELECT sampled_at, epoch, counter_value FROM raw_sample
                WHERE device_id = k.d AND series = k.s AND metric = k.m
                ORDER BY sampled_at DESC LIMIT 1) r
            """;

    private static final String INSERT_RAW = """
            INSERT INTO raw_sample (device_id, series, metric, sampled_at, counter, value, counter_value, epoch,
                                    increase, interval_seconds, reset, gap)
            SELECT d, s, m, t::timestamptz, c, v, cv, e, i, sec, rs, g
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::float8[], ?::int8[], ?::text[],
                        ?::float8[], ?::float8[], ?::boolean[], ?::boolean[]) AS u(d, s, m, t, c, v, cv, e, i, sec, rs, g)
            ON CONFLICT DO NOTHING
            RETURNING device_id, series, metric, sampled_at
            """;

    private static final String UPSERT_ROLLUP = """
            INSERT INTO rollup_1m AS r (device_id, series, metric, bucket, counter, samples, value_sum, value_min,
                                        value_max, increase, rate_seconds, resets, gaps)
            SELECT d, s, m, b::timestamptz, c, n, vs, vmin, vmax, i, sec, rs, g
            FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::int4[], ?::float8[], ?::float8[],
                        ?::float8[], ?::float8[], ?::float8[], ?::int4[], ?::int4[])
                 AS u(d, s, m, b, c, n, vs, vmin, vmax, i, sec, rs, g)
            ON CONFLICT (device_id, series, metric, bucket) DO UPDATE SET
                samples = r.samples + EXCLUDED.samples,
                value_sum = CASE WHEN r.value_sum IS NULL THEN EXCLUDED.value_sum
                                 WHEN EXCLUDED.value_sum IS NULL THEN r.value_sum
                                 ELSE r.value_sum + EXCLUDED.value_sum END,
                value_min = LEAST(r.value_min, EXCLUDED.value_min),
                value_max = GREATEST(r.value_max, EXCLUDED.value_max),
                increase = r.increase + EXCLUDED.increase,
                rate_seconds = r.rate_seconds + EXCLUDED.rate_seconds,
                resets = r.resets + EXCLUDED.resets,
                gaps = r.gaps + EXCLUDED.gaps
            """;

    /** A stored reading of a counter. */
    record Latest(Measurement.CounterKey key, CounterPoint point) {
    }

    private TelemetryStore() {
    }

    /** The newest stored reading of each given counter that has one. */
    static List<Latest> latest(Connection c, Collection<Measurement.CounterKey> keys) throws SQLException {
        List<Latest> out = new ArrayList<>();
        if (keys.isEmpty()) {
            return out;
        }
        String[] d = new String[keys.size()];
        String[] s = new String[keys.size()];
        String[] m = new String[keys.size()];
        int i = 0;
        for (Measurement.CounterKey k : keys) {
            d[i] = k.deviceId();
            s[i] = k.series();
            m[i++] = k.metric();
        }
        try (PreparedStatement ps = c.prepareStatement(LATEST)) {
            ps.setArray(1, c.createArrayOf("text", d));
            ps.setArray(2, c.createArrayOf("text", s));
            ps.setArray(3, c.createArrayOf("text", m));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long value = rs.getLong(6);
                    if (rs.wasNull()) {
                        continue; // was a gauge under the same name: no baseline
                    }
                    out.add(new Latest(new Measurement.CounterKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                            new CounterPoint(rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getString(5), value)));
                }
            }
        }
        return out;
    }

    /** Inserts the rows not stored yet; returns the keys of those actually inserted. */
    static Set<Key> insertRaw(Connection c, List<RawRow> rows) throws SQLException {
        int n = rows.size();
        String[] d = new String[n];
        String[] s = new String[n];
        String[] m = new String[n];
        String[] t = new String[n];
        Boolean[] counter = new Boolean[n];
        Double[] v = new Double[n];
        Long[] cv = new Long[n];
        String[] e = new String[n];
        Double[] inc = new Double[n];
        Double[] sec = new Double[n];
        Boolean[] reset = new Boolean[n];
        Boolean[] gap = new Boolean[n];
        for (int i = 0; i < n; i++) {
            RawRow r = rows.get(i);
            Measurement x = r.m();
            d[i] = x.deviceId();
            s[i] = x.series();
            m[i] = x.metric();
            t[i] = x.sampledAt().toString();
            counter[i] = x.counter();
            v[i] = x.value();
            cv[i] = x.counter() ? x.counterValue() : null;
            e[i] = x.epoch();
            inc[i] = r.increase();
            sec[i] = r.seconds();
            reset[i] = r.reset();
            gap[i] = r.gap();
        }
        Set<Key> inserted = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_RAW)) {
            int p = 1;
            ps.setArray(p++, c.createArrayOf("text", d));
            ps.setArray(p++, c.createArrayOf("text", s));
            ps.setArray(p++, c.createArrayOf("text", m));
            ps.setArray(p++, c.createArrayOf("text", t));
            ps.setArray(p++, c.createArrayOf("boolean", counter));
            ps.setArray(p++, c.createArrayOf("float8", v));
            ps.setArray(p++, c.createArrayOf("int8", cv));
            ps.setArray(p++, c.createArrayOf("text", e));
            ps.setArray(p++, c.createArrayOf("float8", inc));
            ps.setArray(p++, c.createArrayOf("float8", sec));
            ps.setArray(p++, c.createArrayOf("boolean", reset));
            ps.setArray(p, c.createArrayOf("boolean", gap));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(new Key(new Measurement.CounterKey(rs.getString(1), rs.getString(2), rs.getString(3)),
                            rs.getObject(4, OffsetDateTime.class).toInstant()));
                }
            }
        }
        return inserted;
    }

    static void upsertRollups(Connection c, Collection<MinuteRollup> rollups) throws SQLException {
        if (rollups.isEmpty()) {
            return;
        }
        int n = rollups.size();
        String[] d = new String[n];
        String[] s = new String[n];
        String[] m = new String[n];
        String[] b = new String[n];
        Boolean[] counter = new Boolean[n];
        Integer[] samples = new Integer[n];
        Double[] sum = new Double[n];
        Double[] min = new Double[n];
        Double[] max = new Double[n];
        Double[] inc = new Double[n];
        Double[] sec = new Double[n];
        Integer[] resets = new Integer[n];
        Integer[] gaps = new Integer[n];
        int i = 0;
        for (MinuteRollup r : rollups) {
            d[i] = r.key().deviceId();
            s[i] = r.key().series();
            m[i] = r.key().metric();
            b[i] = r.bucket().toString();
            counter[i] = r.counter();
            samples[i] = r.samples();
            sum[i] = r.valueSum();
            min[i] = r.valueMin();
            max[i] = r.valueMax();
            inc[i] = r.increase();
            sec[i] = r.rateSeconds();
            resets[i] = r.resets();
            gaps[i++] = r.gaps();
        }
        try (PreparedStatement ps = c.prepareStatement(UPSERT_ROLLUP)) {
            Object[][] arrays = {d, s, m, b, counter, samples, sum, min, max, inc, sec, resets, gaps};
            String[] types = {"text", "text", "text", "text", "boolean", "int4", "float8", "float8", "float8", "float8",
                "float8", "int4", "int4"};
            for (int p = 0; p < arrays.length; p++) {
                Array a = c.createArrayOf(types[p], arrays[p]);
                ps.setArray(p + 1, a);
            }
            ps.executeUpdate();
        }
    }

    /** The natural key of a raw row. */
    record Key(Measurement.CounterKey series, Instant sampledAt) {
        static Key of(Measurement m) {
            return new Key(m.key(), m.sampledAt());
        }
    }
}
