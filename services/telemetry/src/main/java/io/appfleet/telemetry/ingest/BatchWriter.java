package io.appfleet.telemetry.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

/**
 * Writes one batch of samples in one transaction: counters get their rates, raw rows go in unless
 * already there, and only the rows that went in are added to the 1-minute and 1-hour rollups, so a
 * replayed sample changes nothing. What it remembers per stream (newest stored sample, counter
 * baselines, newest rollups) is read back from the database for streams new to memory (after a start
 * or a rebalance), and forgotten when a batch fails. One writer thread uses it; the consumer's thread
 * flushes it at a rebalance (the methods are synchronized for that).
 *
 * <p>A stream's newest 1-hour rollup is written at most every {@code hourFlush} (zero: with every
 * batch): with samples every minute it would otherwise be written again for each one, the most
 * written row of the ingest. The 1-minute rows hold every sample in the batch's transaction, so an
 * hour held back is never lost: a writer that stops or fails without writing it is followed by one
 * that sums the hour again from its minutes ({@link TelemetryStore#loadNewestHours}). Held back are
 * only updates of the newest hour: a new hour's first row, an hour a newer one replaces and an older
 * hour a late sample changes are written with their batch, so that hour is the only one behind its
 * minutes. Readers of {@code rollup_1h} see the current hour up to {@code hourFlush} late.
 */
public final class BatchWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    /**
     * What one batch did; values are the single numbers of the samples. Times in ms: reading what memory
     * lacked, writing raw rows, 1-minute and 1-hour rollups, the commit.
     */
    public record Result(int samples, int insertedSamples, int duplicateSamples, int inserted, int duplicates,
            int rollupRows, List<RawRecord> fresh, Timing timing) {
    }

    /** Where a batch's time went, ms. */
    public record Timing(double prepare, double seed, double raw, double minute, double hour, double commit) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "prepare %.1f, seed %.1f, raw %.1f, 1m %.1f, 1h %.1f, commit %.1f",
                    prepare, seed, raw, minute, hour, commit);
        }
    }

    /** Another writer changed a rollup this one held in memory: the batch is rolled back and read again. */
    static final class ConcurrentWrite extends SQLException {
        ConcurrentWrite(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;
    private final Duration maxGap;
    private final long hourFlushNanos;
    /**
     * Newest hours changed in memory and not written yet (see the class comment), in the order they became
     * pending; an entry whose rollup was written since (or became pending again later) is skipped.
     */
    private final java.util.ArrayDeque<Held> pendingHours = new java.util.ArrayDeque<>();
    private int pendingCount;

    private record Held(Rollup hour, long sinceNanos) {
        boolean current() {
            return hour.pending && hour.pendingSinceNanos == sinceNanos;
        }
    }
    private final Dictionary dictionary = new Dictionary();
    /** By stream id (ids are dense: a sequence); null where memory has nothing. */
    private StreamState[] states = new StreamState[1024];
    private int tracked;
    private long batchNumber;
    private final CopyBuffer copy = new CopyBuffer();
    private Connection connection;
    /** The rollup staging table holds rows of the current transaction. */
    private boolean stageUsed;

    public BatchWriter(DataSource dataSource, Duration maxGap) {
        this(dataSource, maxGap, Duration.ZERO);
    }

    public BatchWriter(DataSource dataSource, Duration maxGap, Duration hourFlush) {
        this.dataSource = dataSource;
        this.maxGap = maxGap;
        this.hourFlushNanos = hourFlush.toNanos();
    }

    public synchronized Result write(List<FlatSample> batch) throws SQLException {
        if (batch.isEmpty()) {
            return new Result(0, 0, 0, 0, 0, 0, List.of(), new Timing(0, 0, 0, 0, 0, 0));
        }
        Connection c = connection();
        try {
            long t0 = System.nanoTime();
            Dictionary.Ids ids = dictionary.resolve(c, batch);
            c.setAutoCommit(false);
            Result r = write(c, batch, ids, t0);
            long t = System.nanoTime();
            c.commit();
            c.setAutoCommit(true);
            Timing tm = r.timing();
            return new Result(r.samples(), r.insertedSamples(), r.duplicateSamples(), r.inserted(), r.duplicates(),
                    r.rollupRows(), r.fresh(), new Timing(tm.prepare(), tm.seed(), tm.raw(), tm.minute(), tm.hour(),
                            ms(t)));
        } catch (SQLException | RuntimeException e) {
            // Memory ran ahead of the rolled-back rows: start again from what is stored.
            forget();
            copy.clear();
            discardConnection();
            throw e;
        }
    }

    private Result write(Connection c, List<FlatSample> batch, Dictionary.Ids ids, long t0) throws SQLException {
        // 1. What memory lacks of the streams, from the database.
        batchNumber++;
        List<RawRecord> records = new ArrayList<>(batch.size());
        int[] unknown = new int[16];
        int unknowns = 0;
        for (int i = 0; i < batch.size(); i++) {
            int stream = ids.streams()[i];
            if (state(stream) == null) {
                states[stream] = new StreamState(maxGap);
                tracked++;
                if (unknowns == unknown.length) {
                    unknown = java.util.Arrays.copyOf(unknown, unknowns * 2);
                }
                unknown[unknowns++] = stream;
            }
            records.add(new RawRecord(batch.get(i), stream, ids.metrics()[i]));
        }
        long t1 = System.nanoTime();
        if (unknowns > 0) {
            int[] streamIds = java.util.Arrays.copyOf(unknown, unknowns);
            TelemetryStore.loadNewestRaw(c, streamIds, this::state);
            TelemetryStore.loadNewestRollups(c, Rollup.Width.MINUTE, streamIds, this::state);
            TelemetryStore.loadNewestHours(c, streamIds, this::state);
            for (int id : streamIds) {
                Rollup h = states[id].hour;
                if (h != null && h.pending) {
                    hold(h, h.pendingSinceNanos);
                }
            }
        }

        long t2 = System.nanoTime();
        // 2. Rates in the batch's order (Kafka keeps each device's order), and which rows may be stored already.
        List<RawRecord> certain = new ArrayList<>(records.size());
        List<RawRecord> uncertain = new ArrayList<>();
        for (RawRecord r : records) {
            StreamState s = states[r.streamId];
            r.rate(s.counters);
            if (r.sampledAtMicros > s.newestRawMicros) {
                s.newestRawMicros = r.sampledAtMicros;
                certain.add(r);
            } else {
                uncertain.add(r); // late, duplicate or replayed
            }
        }

        // 3. Raw rows: the new ones straight in, the others only if absent.
        for (RawRecord r : certain) {
            r.writeTo(copy);
        }
        TelemetryStore.copyRaw(c, copy);
        List<RawRecord> fresh = certain;
        if (!uncertain.isEmpty()) {
            for (RawRecord r : uncertain) {
                r.writeTo(copy);
            }
            Set<TelemetryStore.RawKey> inserted = TelemetryStore.insertRawIfAbsent(c, copy);
            fresh = new ArrayList<>(certain);
            for (RawRecord r : uncertain) {
                // remove(): the same key twice in one batch is inserted once, and counted once
                if (inserted.remove(new TelemetryStore.RawKey(r.streamId, r.sampledAtMicros))) {
                    fresh.add(r);
                }
            }
        }

        // 4. Rollups of the rows that went in.
        long t3 = System.nanoTime();
        stageUsed = false;
        int rollups = rollup(c, Rollup.Width.MINUTE, fresh);
        long t4 = System.nanoTime();
        rollups += rollup(c, Rollup.Width.HOUR, fresh);
        long t5 = System.nanoTime();

        int values = 0;
        for (RawRecord r : records) {
            values += r.size;
        }
        int freshValues = 0;
        for (RawRecord r : fresh) {
            freshValues += r.size;
        }
        return new Result(records.size(), fresh.size(), records.size() - fresh.size(), freshValues,
                values - freshValues, rollups, fresh, new Timing((t1 - t0) / 1e6, (t2 - t1) / 1e6, (t3 - t2) / 1e6,
                        (t4 - t3) / 1e6, (t5 - t4) / 1e6, 0));
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    /** Adds the rows to their buckets (in memory, reading older buckets back) and writes each touched bucket once. */
    private int rollup(Connection c, Rollup.Width w, List<RawRecord> fresh) throws SQLException {
        List<Rollup> touched = new ArrayList<>();
        List<RawRecord> older = null;
        for (RawRecord r : fresh) {
            long bucket = w.bucketOf(r.sampledAtMicros);
            StreamState s = states[r.streamId];
            Rollup target = s.newest(w);
            if (target == null || bucket > target.bucketMicros) {
                // After the newest bucket stored: not stored yet (or another writer's insert fails ours). The
                // previous one is reused unless this batch still has to write it; one held back is written now.
                if (target != null && target.pending && target.batch != batchNumber) {
                    target.batch = batchNumber;
                    touched.add(target);
                }
                if (target != null) {
                    target.writeNow = true;
                }
                target = target != null && target.batch != batchNumber ? target.restart(bucket)
                        : new Rollup(r.streamId, bucket, 0, r.size);
                s.newest(w, target);
            } else if (bucket < target.bucketMicros) {
                if (older == null) {
                    older = new ArrayList<>();
                }
                older.add(r);
                continue;
            }
            if (target.batch != batchNumber) {
                target.batch = batchNumber;
                touched.add(target);
            }
            target.add(r);
        }
        if (older != null) {
            // Late samples into a bucket before the newest: this batch may hold it already, else it is read back.
            Map<Long, Rollup> byKey = new HashMap<>();
            for (Rollup r : touched) {
                byKey.put(key(r.streamId, r.bucketMicros), r);
            }
            List<long[]> keys = new ArrayList<>();
            for (RawRecord r : older) {
                long bucket = w.bucketOf(r.sampledAtMicros);
                if (!byKey.containsKey(key(r.streamId, bucket))) {
                    keys.add(new long[] {r.streamId, bucket});
                }
            }
            Map<Long, Rollup> stored = TelemetryStore.loadRollups(c, w, keys);
            for (RawRecord r : older) {
                long bucket = w.bucketOf(r.sampledAtMicros);
                long k = key(r.streamId, bucket);
                Rollup target = byKey.get(k);
                if (target == null) {
                    target = stored.getOrDefault(k, new Rollup(r.streamId, bucket, 0, r.size));
                    byKey.put(k, target);
                    touched.add(target);
                }
                target.writeNow = true;
                target.add(r);
            }
        }
        if (w == Rollup.Width.HOUR && hourFlushNanos > 0) {
            touched = holdBack(touched);
        }
        writeRollups(c, w, touched);
        return touched.size();
    }

    /** Of the hours touched, those to write with this batch (the others are pending), and the pending ones now due. */
    private List<Rollup> holdBack(List<Rollup> touched) {
        long now = System.nanoTime();
        List<Rollup> write = new ArrayList<>(touched.size());
        for (Rollup r : touched) {
            if (r.version == 0 || r.writeNow) {
                write.add(r);
            } else if (!r.pending) {
                hold(r, now);
            }
        }
        for (Rollup r : due(now, false)) {
            if (r.batch != batchNumber) {
                r.batch = batchNumber;
                write.add(r);
            } else if (!r.writeNow) {
                write.add(r); // touched by this batch as well
            }
        }
        return write;
    }

    private void hold(Rollup r, long sinceNanos) {
        r.pending = true;
        r.pendingSinceNanos = sinceNanos;
        pendingHours.addLast(new Held(r, sinceNanos));
        pendingCount++;
    }

    /** Takes the held hours pending for at least hour-rollup-flush ({@code all}: every one) off the queue. */
    private List<Rollup> due(long now, boolean all) {
        List<Rollup> out = new ArrayList<>();
        while (!pendingHours.isEmpty()) {
            Held h = pendingHours.peekFirst();
            if (h.current()) {
                if (!all && now - h.sinceNanos() < hourFlushNanos) {
                    break;
                }
                out.add(h.hour());
            }
            pendingHours.pollFirst();
        }
        return out;
    }

    /** Inserts the new rows and replaces the stored ones, each over the version memory holds. */
    private void writeRollups(Connection c, Rollup.Width w, List<Rollup> rows) throws SQLException {
        int updates = 0;
        for (Rollup r : rows) {
            if (r.version == 0) {
                r.writeTo(copy);
            }
        }
        TelemetryStore.insertRollups(c, w, copy);
        for (Rollup r : rows) {
            if (r.version > 0) {
                r.writeTo(copy);
                updates++;
            }
        }
        long written = TelemetryStore.updateRollups(c, w, copy, stageUsed);
        stageUsed |= updates > 0;
        if (written != updates) {
            throw new ConcurrentWrite(updates - written + " of " + updates + " " + w.table
                    + " rows were changed by another writer; reading them again");
        }
        // Written: what memory holds is now the stored version (rolled back with the batch, memory is cleared).
        for (Rollup r : rows) {
            r.version++;
            r.writeNow = false;
            if (r.pending) {
                r.pending = false; // its queue entry is skipped from now on
                pendingCount--;
            }
        }
    }

    /**
     * Writes the held-back hours that are due ({@code all}: every one), in a transaction of their own: called
     * between batches, and before the partitions go to another instance. A failure forgets memory as a failed
     * batch does (the next owner of the streams sums the hours from their minutes).
     */
    public synchronized int flushHours(boolean all) throws SQLException {
        if (pendingCount == 0) {
            pendingHours.clear();
            return 0;
        }
        List<Rollup> due = due(System.nanoTime(), all);
        if (due.isEmpty()) {
            return 0;
        }
        Connection c = connection();
        try {
            c.setAutoCommit(false);
            stageUsed = false;
            writeRollups(c, Rollup.Width.HOUR, due);
            c.commit();
            c.setAutoCommit(true);
            return due.size();
        } catch (SQLException | RuntimeException e) {
            forget();
            copy.clear();
            discardConnection();
            throw e;
        }
    }

    public synchronized int pendingHours() {
        return pendingCount;
    }

    static long key(int streamId, long bucketMicros) {
        // Buckets are whole minutes: minutes since the epoch fit in 32 bits until the year 10,000.
        return ((long) streamId << 32) | (bucketMicros / 60_000_000L & 0xffffffffL);
    }

    /** Forgets what it remembers of the streams (partitions moved to another instance). */
    public synchronized void forget() {
        java.util.Arrays.fill(states, null);
        tracked = 0;
        pendingHours.clear();
        pendingCount = 0;
    }

    public synchronized int trackedStreams() {
        return tracked;
    }

    private StreamState state(int streamId) {
        if (streamId >= states.length) {
            states = java.util.Arrays.copyOf(states, Math.max(states.length * 2, streamId + 1));
        }
        return states[streamId];
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection c = dataSource.getConnection();
            try {
                c.setAutoCommit(true);
                TelemetryStore.createStaging(c);
            } catch (SQLException | RuntimeException e) {
                c.close();
                throw e;
            }
            connection = c;
        }
        return connection;
    }

    private void discardConnection() {
        if (connection != null) {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("closing the ingest's connection: %s", e.getMessage());
            }
            connection = null;
        }
    }

    /** Writes the held-back hours first (best effort: a next writer sums them from their minutes anyway). */
    @Override
    public synchronized void close() {
        try {
            flushHours(true);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("held-back hour rollups not written at close (summed again from minutes later): %s", e.getMessage());
        }
        discardConnection();
    }
}
