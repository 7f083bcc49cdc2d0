package io.appfleet.telemetry.noc.series;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Where the rows of a step are: {@code rollup_1m} for minutes, {@code rollup_1h} for hours. The
 * NOC reads both through the columns of the ingest's views (device_id, series, metric, bucket,
 * counter, samples, value_sum, increase, rate_seconds): a gauge's average is value_sum / samples,
 * a counter's rate increase / rate_seconds, whichever step.
 */
public final class Rollups {

    private Rollups() {
    }

    /** The relation holding the buckets of {@code step}. */
    public static String table(Step step) {
        return step == Step.MINUTE ? "rollup_1m" : "rollup_1h";
    }

    /** The value a row stands for: a gauge's average, a counter's average rate per second (null without seconds). */
    static final String VALUE = "CASE WHEN counter THEN increase / NULLIF(rate_seconds, 0)"
            + " ELSE value_sum / NULLIF(samples, 0) END";

    public static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
