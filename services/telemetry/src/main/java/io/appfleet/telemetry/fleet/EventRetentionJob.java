package io.appfleet.telemetry.fleet;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;

/**
 * Deletes reconcile events that finished more than {@code appfleet.telemetry.events-retention}
 * ago (7 days, as long as the topic keeps them), in chunks so no delete holds locks for long.
 */
@ApplicationScoped
public class EventRetentionJob {

    private static final Logger LOG = Logger.getLogger(EventRetentionJob.class);
    private static final int CHUNK = 50_000;

    @Inject
    ReconcileEventStore store;
    @ConfigProperty(name = "appfleet.telemetry.events-retention", defaultValue = "7d")
    Duration retention;

    @Scheduled(every = "${appfleet.telemetry.retention-interval:5m}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            purge(Instant.now());
        } catch (SQLException e) {
            LOG.warnf("reconcile event retention run failed (next run retries): %s", e.getMessage());
        }
    }

    /** Deletes the events older than the retention, counted back from {@code now}; returns how many. */
    public long purge(Instant now) throws SQLException {
        long n = store.deleteBefore(now.minus(retention), CHUNK);
        if (n > 0) {
            LOG.infof("reconcile event retention deleted %d events", n);
        }
        return n;
    }
}
