package io.appfleet.telemetry.retention;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.agroal.api.AgroalDataSource;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Deletes raw samples older than {@code appfleet.telemetry.raw-retention}, 1-minute rollups older
 * than {@code appfleet.telemetry.minute-retention} and 1-hour rollups older than
 * {@code appfleet.telemetry.hour-retention}, in chunks so no delete holds locks for long. Several
 * instances may run it at once: deletes of the same rows do not conflict.
 */
@ApplicationScoped
public class RetentionJob {

    private static final Logger LOG = Logger.getLogger(RetentionJob.class);
    private static final int CHUNK = 50_000;

    /** Rows deleted by one run. */
    public record Purged(long rawRows, long minuteRows, long hourRows) {
    }

    @Inject
    AgroalDataSource dataSource;
    @ConfigProperty(name = "appfleet.telemetry.raw-retention", defaultValue = "2h")
    Duration rawRetention;
    @ConfigProperty(name = "appfleet.telemetry.minute-retention", defaultValue = "7d")
    Duration minuteRetention;
    @ConfigProperty(name = "appfleet.telemetry.hour-retention", defaultValue = "90d")
    Duration hourRetention;

    @Scheduled(every = "${appfleet.telemetry.retention-interval:5m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge(Instant.now());
        } catch (SQLException e) {
            LOG.warnf("telemetry retention run failed (next run retries): %s", e.getMessage());
        }
    }

    /** Deletes what is older than the retentions, counted back from {@code now}. */
    public Purged purge(Instant now) throws SQLException {
        long raw = delete("sample_raw", "sampled_at", now.minus(rawRetention));
        long minute = delete("sample_rollup_1m", "bucket", now.minus(minuteRetention));
        long hour = delete("sample_rollup_1h", "bucket", now.minus(hourRetention));
        if (raw + minute + hour > 0) {
            LOG.infof("telemetry retention deleted %d raw samples, %d 1-minute and %d 1-hour rollups (rows of one"
                    + " stream each)", raw, minute, hour);
        }
        return new Purged(raw, minute, hour);
    }

    private long delete(String table, String column, Instant before) throws SQLException {
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table + " WHERE " + column
                + " < ? LIMIT " + CHUNK + "))";
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, OffsetDateTime.ofInstant(before, ZoneOffset.UTC));
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == CHUNK);
        }
        return total;
    }
}
