package io.appfleet.telemetry.noc.series;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * Where the rows of a step are: {@code rollup_1m} for minutes, {@code rollup_1h} for hours. The
 * NOC reads both through the columns the ingest writes (device_id, series, metric, bucket,
 * counter, samples, value_sum, increase, rate_seconds): a gauge's average is value_sum / samples,
 * a counter's rate increase / rate_seconds, whichever table.
 *
 * <p>Until the ingest's hourly table exists in the schema, hours are summed from the minutes
 * (which hold the last {@code appfleet.telemetry.minute-retention}); the table is looked for again
 * at every query until it is there.
 */
@ApplicationScoped
public class Rollups {

    /** The columns every source gives. */
    static final String COLUMNS = "device_id, series, metric, bucket, counter, samples, value_sum, increase, rate_seconds";

    @Inject
    AgroalDataSource dataSource;

    private volatile boolean hourTable;

    /**
     * A FROM item with {@link #COLUMNS} for {@code step}, holding the buckets in {@code [from, to)};
     * its {@code ?} parameters (none, or from and to) are bound from {@code first} on.
     */
    public Source source(Step step, Instant from, Instant to) {
        if (step == Step.MINUTE) {
            return new Source("rollup_1m", 0, from, to);
        }
        if (hasHourTable()) {
            return new Source("rollup_1h", 0, from, to);
        }
        String hour = "(date_trunc('hour', bucket AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')";
        return new Source("(SELECT device_id, series, metric, " + hour + " AS bucket, bool_or(counter) AS counter,"
                + " sum(samples)::int AS samples, sum(value_sum) AS value_sum, sum(increase) AS increase,"
                + " sum(rate_seconds) AS rate_seconds FROM rollup_1m WHERE bucket >= ? AND bucket < ?"
                + " GROUP BY device_id, series, metric, " + hour + ") AS rollup_1h_from_1m", 2, from, to);
    }

    /** The value a row stands for: a gauge's average, a counter's average rate per second (null without seconds). */
    static final String VALUE = "CASE WHEN counter THEN increase / NULLIF(rate_seconds, 0)"
            + " ELSE value_sum / NULLIF(samples, 0) END";

    boolean hasHourTable() {
        if (hourTable) {
            return true;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT to_regclass('rollup_1h') IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            hourTable = rs.getBoolean(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for rollup_1h: " + e.getMessage(), e);
        }
        return hourTable;
    }

    /** A FROM item and how many parameters of its own it takes (bound before the query's). */
    public record Source(String sql, int parameters, Instant from, Instant to) {

        /** Binds this source's own parameters from position {@code first}; returns the next position. */
        public int bind(PreparedStatement ps, int first) throws SQLException {
            if (parameters == 2) {
                ps.setObject(first, utc(from));
                ps.setObject(first + 1, utc(to));
            }
            return first + parameters;
        }
    }

    public static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
