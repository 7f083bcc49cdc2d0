package io.appfleet.telemetry.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

import io.appfleet.telemetry.rates.CounterPoint;

/**
 * The SQL of the ingest, on a connection the caller holds in a transaction. Rows go in with binary
 * COPY: straight into the table when they cannot be there yet (the constraint still guards that),
 * through a temporary table and one INSERT ... ON CONFLICT otherwise.
 */
final class TelemetryStore {

    /**
     * Emptied at each commit. A commit truncates every such table of the session once one temporary table was
     * used (a few file operations each, several milliseconds), so there is one, for the rollups (used every
     * batch); raw rows that may be stored already (replays, late samples: rare) get a table of their own
     * transaction ({@link #STAGE_RAW}). Rows stay whole up to a page, as in the rollup tables: a CPP row with
     * its drop columns is over the default 2 KB, and compressing and toasting each one on the way through the
     * staging table took five times the time of the COPY itself.
     */
    private static final String STAGING = """
            CREATE TEMP TABLE IF NOT EXISTS stage_rollup (LIKE sample_rollup_1m) WITH (toast_tuple_target = 8160)
            ON COMMIT DELETE ROWS""";
    private static final String STAGE_RAW = """
            CREATE TEMP TABLE stage_raw (LIKE sample_raw INCLUDING DEFAULTS) ON COMMIT DROP""";

    private static final String LATEST_RAW = """
            SELECT k.id, r.sampled_at, r.epoch, r.data
            FROM unnest(?::integer[]) AS k(id)
            CROSS JOIN LATERAL (
                SELECT sampled_at, epoch, data FROM sample_raw
                WHERE stream_id = k.id ORDER BY sampled_at DESC LIMIT 1) r
            """;

    private static final String LATEST_ROLLUP = """
            SELECT r.stream_id, r.bucket, r.version, r.data FROM unnest(?::integer[]) AS k(id)
            CROSS JOIN LATERAL (SELECT * FROM %s WHERE stream_id = k.id ORDER BY bucket DESC LIMIT 1) r
            """;

    /** The 1-minute rows of the hours given per stream: what those hours are the sum of. */
    private static final String MINUTES_OF_HOURS = """
            SELECT m.stream_id, m.data FROM unnest(?::integer[], ?::timestamptz[]) AS k(id, h)
            JOIN sample_rollup_1m m ON m.stream_id = k.id AND m.bucket >= k.h AND m.bucket < k.h + interval '1 hour'
            """;

    private static final String ROLLUPS = """
            SELECT r.stream_id, r.bucket, r.version, r.data FROM %s r JOIN unnest(?::integer[], ?::timestamptz[]) AS k(id, b)
                ON r.stream_id = k.id AND r.bucket = k.b
            """;

    private static final String UPSERT_ROLLUP = """
            INSERT INTO %1$s AS r (%2$s) SELECT %2$s FROM stage_rollup
            ON CONFLICT (stream_id, bucket) DO UPDATE SET version = EXCLUDED.version, data = EXCLUDED.data,
                drop_seconds = EXCLUDED.drop_seconds, drop_metric = EXCLUDED.drop_metric,
                drop_increase = EXCLUDED.drop_increase
            WHERE r.version = EXCLUDED.version - 1
            """;

    /** The natural key of a raw row. */
    record RawKey(int streamId, long sampledAtMicros) {
    }

    private TelemetryStore() {
    }

    /** The temporary tables of this connection (they live as long as it). */
    static void createStaging(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(STAGING);
        }
    }

    /** Rows certain not to be stored yet: straight in (a primary key violation fails the batch). */
    static void copyRaw(Connection c, CopyBuffer rows) throws SQLException {
        rows.copyInto(c, "COPY sample_raw (" + RawRecord.COLUMNS + ") FROM STDIN (FORMAT binary)");
    }

    /** Rows that may be stored already: inserts those that are not, returns their keys. */
    static Set<RawKey> insertRawIfAbsent(Connection c, CopyBuffer rows) throws SQLException {
        Set<RawKey> inserted = new HashSet<>();
        if (rows.rows() == 0) {
            return inserted;
        }
        try (Statement st = c.createStatement()) {
            st.execute(STAGE_RAW);
        }
        rows.copyInto(c, "COPY stage_raw (" + RawRecord.COLUMNS + ") FROM STDIN (FORMAT binary)");
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("INSERT INTO sample_raw (" + RawRecord.COLUMNS + ") SELECT "
                        + RawRecord.COLUMNS + " FROM stage_raw ON CONFLICT DO NOTHING RETURNING stream_id, sampled_at")) {
            while (rs.next()) {
                inserted.add(new RawKey(rs.getInt(1), micros(rs.getObject(2, OffsetDateTime.class))));
            }
        }
        return inserted;
    }

    /** Rollups not stored yet (version 0): straight in. */
    static void insertRollups(Connection c, Rollup.Width w, CopyBuffer rows) throws SQLException {
        rows.copyInto(c, "COPY " + w.table + " (" + Rollup.COLUMNS + ") FROM STDIN (FORMAT binary)");
    }

    /**
     * Stored rollups, each replacing the version it was read at, through the staging table ({@code stageUsed}:
     * it holds rows of this transaction already).
     *
     * @return how many rows were written; fewer than given means another writer changed some of them
     */
    static long updateRollups(Connection c, Rollup.Width w, CopyBuffer rows, boolean stageUsed) throws SQLException {
        if (rows.rows() == 0) {
            return 0;
        }
        if (stageUsed) {
            try (Statement st = c.createStatement()) {
                st.executeUpdate("DELETE FROM stage_rollup"); // the other width's rows, earlier in this transaction
            }
        }
        rows.copyInto(c, "COPY stage_rollup (" + Rollup.COLUMNS + ") FROM STDIN (FORMAT binary)");
        try (Statement st = c.createStatement()) {
            return st.executeUpdate(UPSERT_ROLLUP.formatted(w.table, Rollup.COLUMNS));
        }
    }

    /** For streams new to memory: the newest stored sample (its time and counter readings). */
    static void loadNewestRaw(Connection c, int[] streamIds, IntFunction<StreamState> states) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LATEST_RAW)) {
            ps.setArray(1, c.createArrayOf("integer", box(streamIds)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    StreamState s = states.apply(rs.getInt(1));
                    OffsetDateTime at = rs.getObject(2, OffsetDateTime.class);
                    s.newestRawMicros = micros(at);
                    String epoch = rs.getString(3);
                    byte[] data = rs.getBytes(4);
                    Instant instant = at.toInstant();
                    for (int o = 0; o + SampleCodec.RAW_ENTRY <= data.length; o += SampleCodec.RAW_ENTRY) {
                        if ((data[o + 4] & SampleCodec.COUNTER) != 0) {
                            s.counters.seed(SampleCodec.int32(data, o),
                                    new CounterPoint(instant, epoch, SampleCodec.int64(data, o + 5)));
                        }
                    }
                }
            }
        }
    }

    /** For streams new to memory: the newest stored rollup of the width. */
    static void loadNewestRollups(Connection c, Rollup.Width w, int[] streamIds, IntFunction<StreamState> states)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(LATEST_ROLLUP.formatted(w.table))) {
            ps.setArray(1, c.createArrayOf("integer", box(streamIds)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rollup r = rollup(rs);
                    states.apply(r.streamId).newest(w, r);
                }
            }
        }
    }

    /**
     * For streams new to memory: the newest stored 1-hour rollup, brought up to date from its 1-minute rows.
     * The ingest writes a stream's newest hour only now and then ({@link BatchWriter}), so the stored row may
     * lack the latest samples of a writer that stopped or failed; the minutes hold every sample committed. A
     * row found behind its minutes is marked pending, to be written again.
     */
    static void loadNewestHours(Connection c, int[] streamIds, IntFunction<StreamState> states) throws SQLException {
        loadNewestRollups(c, Rollup.Width.HOUR, streamIds, states);
        List<Integer> ids = new ArrayList<>();
        List<OffsetDateTime> hours = new ArrayList<>();
        for (int id : streamIds) {
            Rollup h = states.apply(id).hour;
            if (h != null) {
                ids.add(id);
                hours.add(OffsetDateTime.ofInstant(instant(h.bucketMicros), java.time.ZoneOffset.UTC));
            }
        }
        if (ids.isEmpty()) {
            return;
        }
        Map<Integer, Rollup> sums = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(MINUTES_OF_HOURS)) {
            ps.setArray(1, c.createArrayOf("integer", ids.toArray()));
            ps.setArray(2, c.createArrayOf("timestamptz", hours.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int id = rs.getInt(1);
                    Rollup stored = states.apply(id).hour;
                    sums.computeIfAbsent(id, k -> new Rollup(id, stored.bucketMicros, stored.version, stored.size()))
                            .merge(rs.getBytes(2));
                }
            }
        }
        for (Rollup sum : sums.values()) {
            StreamState s = states.apply(sum.streamId);
            // More values in the minutes than in the hour: samples the hour row had not been written with yet.
            if (sum.values() > s.hour.values()) {
                s.hour = sum;
                sum.pending = true;
                sum.pendingSinceNanos = System.nanoTime();
            }
        }
    }

    /** Stored rollups of the given (stream, bucket) keys, by {@link BatchWriter#key}. */
    static Map<Long, Rollup> loadRollups(Connection c, Rollup.Width w, List<long[]> keys) throws SQLException {
        Map<Long, Rollup> out = new HashMap<>();
        if (keys.isEmpty()) {
            return out;
        }
        Integer[] ids = new Integer[keys.size()];
        List<OffsetDateTime> buckets = new ArrayList<>(keys.size());
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (int) keys.get(i)[0];
            buckets.add(OffsetDateTime.ofInstant(instant(keys.get(i)[1]), java.time.ZoneOffset.UTC));
        }
        try (PreparedStatement ps = c.prepareStatement(ROLLUPS.formatted(w.table))) {
            ps.setArray(1, c.createArrayOf("integer", ids));
            ps.setArray(2, c.createArrayOf("timestamptz", buckets.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Rollup r = rollup(rs);
                    out.put(BatchWriter.key(r.streamId, r.bucketMicros), r);
                }
            }
        }
        return out;
    }

    private static Rollup rollup(ResultSet rs) throws SQLException {
        return Rollup.read(rs.getInt(1), micros(rs.getObject(2, OffsetDateTime.class)), rs.getInt(3), rs.getBytes(4));
    }

    private static Integer[] box(int[] v) {
        Integer[] out = new Integer[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    static long micros(OffsetDateTime t) {
        return t.toEpochSecond() * 1_000_000L + t.getNano() / 1_000;
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
