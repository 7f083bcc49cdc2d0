package io.appfleet.telemetry.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import io.appfleet.telemetry.rates.CounterTracker;

/**
 * Writes one batch of measurements in one transaction: counters get their rates, raw rows go in
 * unless already there, and only the rows that went in are added to the minute rollups, so a
 * replayed sample changes nothing. Counters unknown to memory (after a start or a rebalance) take
 * their newest stored reading as the baseline. One thread (the consumer's) uses it.
 */
public final class BatchWriter {

    /** What one batch did. */
    public record Result(int measurements, int inserted, int duplicates, int rollupRows) {
    }

    private final DataSource dataSource;
    private final CounterTracker<Measurement.CounterKey> tracker;
    private final RateAssigner rates;

    public BatchWriter(DataSource dataSource, Duration maxGap) {
        this.dataSource = dataSource;
        this.tracker = new CounterTracker<>(maxGap);
        this.rates = new RateAssigner(tracker);
    }

    public Result write(List<Measurement> batch) throws SQLException {
        if (batch.isEmpty()) {
            return new Result(0, 0, 0, 0);
        }
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Result r = write(c, batch);
                c.commit();
                return r;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                // Memory ran ahead of the rolled-back rows: start again from what is stored.
                tracker.clear();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    private Result write(Connection c, List<Measurement> batch) throws SQLException {
        Set<Measurement.CounterKey> unknown = new LinkedHashSet<>();
        for (Measurement m : batch) {
            if (m.counter() && !tracker.knows(m.key())) {
                unknown.add(m.key());
            }
        }
        for (TelemetryStore.Latest l : TelemetryStore.latest(c, unknown)) {
            tracker.seed(l.key(), l.point());
        }
        List<RawRow> rows = rates.assign(batch);
        Set<TelemetryStore.Key> inserted = TelemetryStore.insertRaw(c, rows);
        List<RawRow> fresh = new ArrayList<>(inserted.size());
        for (RawRow r : rows) {
            // remove(): the same key twice in one batch is inserted once, and counted once
            if (inserted.remove(TelemetryStore.Key.of(r.m()))) {
                fresh.add(r);
            }
        }
        var rollups = MinuteRollup.of(fresh);
        TelemetryStore.upsertRollups(c, rollups);
        return new Result(batch.size(), fresh.size(), batch.size() - fresh.size(), rollups.size());
    }

    /** Forgets the counters' baselines (partitions moved to another instance). */
    public void forget() {
        tracker.clear();
    }

    public int trackedCounters() {
        return tracker.size();
    }
}
