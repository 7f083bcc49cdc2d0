package io.appfleet.telemetry.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
 * or a rebalance), and forgotten when a batch fails. One thread (the consumer's) uses it.
 */
public final class BatchWriter implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchWriter.class);

    /** What one batch did; values are the single numbers of the samples. */
    public record Result(int samples, int insertedSamples, int duplicateSamples, int inserted, int duplicates,
            int rollupRows, List<RawRecord> fresh) {
    }

    /** Another writer changed a rollup this one held in memory: the batch is rolled back and read again. */
    static final class ConcurrentWrite extends SQLException {
        ConcurrentWrite(String message) {
            super(message);
        }
    }

    private final DataSource dataSource;
    private final Duration maxGap;
    private final Dictionary dictionary = new Dictionary();
    private final Map<Integer, StreamState> states = new HashMap<>();
    private final CopyBuffer copy = new CopyBuffer();
    private Connection connection;

    public BatchWriter(DataSource dataSource, Duration maxGap) {
        this.dataSource = dataSource;
        this.maxGap = maxGap;
    }

    public Result write(List<FlatSample> batch) throws SQLException {
        if (batch.isEmpty()) {
            return new Result(0, 0, 0, 0, 0, 0, List.of());
        }
        Connection c = connection();
        try {
            dictionary.resolve(c, batch);
            c.setAutoCommit(false);
            Result r = write(c, batch);
            c.commit();
            c.setAutoCommit(true);
            return r;
        } catch (SQLException | RuntimeException e) {
            // Memory ran ahead of the rolled-back rows: start again from what is stored.
            states.clear();
            copy.clear();
            discardConnection();
            throw e;
        }
    }

    private Result write(Connection c, List<FlatSample> batch) throws SQLException {
        // 1. Ids, and what memory lacks of the streams, from the database.
        List<RawRecord> records = new ArrayList<>(batch.size());
        List<Integer> unknown = new ArrayList<>();
        for (FlatSample s : batch) {
            int stream = dictionary.streamId(s.deviceId(), s.source());
            if (!states.containsKey(stream)) {
                states.put(stream, new StreamState(maxGap));
                unknown.add(stream);
            }
            records.add(new RawRecord(s, stream, dictionary.metricIds(s)));
        }
        if (!unknown.isEmpty()) {
            int[] ids = unknown.stream().mapToInt(Integer::intValue).toArray();
            TelemetryStore.loadNewestRaw(c, ids, states::get);
            TelemetryStore.loadNewestRollups(c, Rollup.Width.MINUTE, ids, states::get);
            TelemetryStore.loadNewestRollups(c, Rollup.Width.HOUR, ids, states::get);
        }

        // 2. Rates in the batch's order (Kafka keeps each device's order), and which rows may be stored already.
        List<RawRecord> certain = new ArrayList<>(records.size());
        List<RawRecord> uncertain = new ArrayList<>();
        for (RawRecord r : records) {
            StreamState s = states.get(r.streamId);
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
        int rollups = rollup(c, Rollup.Width.MINUTE, fresh) + rollup(c, Rollup.Width.HOUR, fresh);

        int values = 0;
        for (RawRecord r : records) {
            values += r.size;
        }
        int freshValues = 0;
        for (RawRecord r : fresh) {
            freshValues += r.size;
        }
        return new Result(records.size(), fresh.size(), records.size() - fresh.size(), freshValues,
                values - freshValues, rollups, fresh);
    }

    /** Adds the rows to their buckets (in memory, reading older buckets back) and writes each touched bucket once. */
    private int rollup(Connection c, Rollup.Width w, List<RawRecord> fresh) throws SQLException {
        Map<Long, Rollup> touched = new LinkedHashMap<>();
        List<RawRecord> older = new ArrayList<>();
        for (RawRecord r : fresh) {
            long bucket = w.bucketOf(r.sampledAtMicros);
            Rollup target = touched.get(key(r.streamId, bucket));
            if (target == null) {
                StreamState s = states.get(r.streamId);
                Rollup newest = s.newest(w);
                if (newest != null && newest.bucketMicros == bucket) {
                    target = newest;
                } else if (newest == null || bucket > newest.bucketMicros) {
                    // After the newest bucket stored: not stored yet (or another writer's insert fails ours).
                    target = new Rollup(r.streamId, bucket, 0, r.size);
                    s.newest(w, target);
                } else {
                    older.add(r);
                    continue;
                }
                touched.put(key(r.streamId, bucket), target);
            }
            target.add(r);
        }
        if (!older.isEmpty()) {
            // Late samples into a bucket before the newest: read it back, unless this batch holds it.
            List<long[]> keys = new ArrayList<>();
            for (RawRecord r : older) {
                long bucket = w.bucketOf(r.sampledAtMicros);
                if (!touched.containsKey(key(r.streamId, bucket))) {
                    keys.add(new long[] {r.streamId, bucket});
                }
            }
            Map<Long, Rollup> stored = TelemetryStore.loadRollups(c, w, keys);
            for (RawRecord r : older) {
                long bucket = w.bucketOf(r.sampledAtMicros);
                long k = key(r.streamId, bucket);
                Rollup target = touched.computeIfAbsent(k, x -> stored.getOrDefault(k, new Rollup(r.streamId, bucket, 0,
                        r.size)));
                target.add(r);
            }
        }
        int updates = 0;
        for (Rollup r : touched.values()) {
            if (r.version == 0) {
                r.writeTo(copy);
            }
        }
        TelemetryStore.insertRollups(c, w, copy);
        for (Rollup r : touched.values()) {
            if (r.version > 0) {
                r.writeTo(copy);
                updates++;
            }
        }
        long written = TelemetryStore.updateRollups(c, w, copy);
        if (written != updates) {
            throw new ConcurrentWrite(updates - written + " of " + updates + " " + w.table
                    + " rows were changed by another writer; reading them again");
        }
        // Written: what memory holds is now the stored version (rolled back with the batch, memory is cleared).
        for (Rollup r : touched.values()) {
            r.version++;
        }
        return touched.size();
    }

    static long key(int streamId, long bucketMicros) {
        // Buckets are whole minutes: minutes since the epoch fit in 32 bits until the year 10,000.
        return ((long) streamId << 32) | (bucketMicros / 60_000_000L & 0xffffffffL);
    }

    /** Forgets what it remembers of the streams (partitions moved to another instance). */
    public void forget() {
        states.clear();
    }

    public int trackedStreams() {
        return states.size();
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

    @Override
    public void close() {
        discardConnection();
    }
}
