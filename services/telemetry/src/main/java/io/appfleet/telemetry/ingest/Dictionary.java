package io.appfleet.telemetry.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The ids of streams (device, source) and metrics (series, metric) that the sample rows hold instead
 * of names. Ids are created once, in their own short transaction (an id is never taken back, so a
 * batch that fails later leaves nothing wrong behind), and kept in memory: both sets are bounded (a
 * few streams per device, a few hundred metric names for the whole fleet).
 */
final class Dictionary {

    private static final String INSERT_STREAMS = """
            INSERT INTO stream (device_id, source) SELECT * FROM unnest(?::text[], ?::text[])
            ON CONFLICT DO NOTHING""";
    private static final String SELECT_STREAMS = """
            SELECT s.id, s.device_id, s.source FROM stream s
            JOIN unnest(?::text[], ?::text[]) AS k(d, src) ON s.device_id = k.d AND s.source = k.src""";
    private static final String INSERT_METRICS = """
            INSERT INTO metric (series, metric, counter) SELECT * FROM unnest(?::text[], ?::text[], ?::boolean[])
            ON CONFLICT DO NOTHING""";
    private static final String SELECT_METRICS = """
            SELECT m.id, m.series, m.metric FROM metric m
            JOIN unnest(?::text[], ?::text[]) AS k(se, me) ON m.series = k.se AND m.metric = k.me""";

    private final Map<String, Map<String, Integer>> streams = new HashMap<>();
    private final Map<String, Map<String, Integer>> metrics = new HashMap<>();

    /** Makes sure every stream and metric of the batch has an id; commits the new ones on {@code c}. */
    void resolve(Connection c, Collection<FlatSample> batch) throws SQLException {
        TreeSet<Pair> newStreams = new TreeSet<>();
        Map<Pair, Boolean> newMetrics = new java.util.TreeMap<>();
        for (FlatSample s : batch) {
            if (lookup(streams, s.deviceId(), s.source()) == null) {
                newStreams.add(new Pair(s.deviceId(), s.source()));
            }
            for (Measurement m : s.values()) {
                if (lookup(metrics, m.series(), m.metric()) == null) {
                    newMetrics.putIfAbsent(new Pair(m.series(), m.metric()), m.counter());
                }
            }
        }
        if (newStreams.isEmpty() && newMetrics.isEmpty()) {
            return;
        }
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            // Sorted, so two instances inserting overlapping sets cannot deadlock.
            if (!newStreams.isEmpty()) {
                fill(c, INSERT_STREAMS, SELECT_STREAMS, newStreams, null, streams);
            }
            if (!newMetrics.isEmpty()) {
                fill(c, INSERT_METRICS, SELECT_METRICS, newMetrics.keySet(), newMetrics, metrics);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    private static void fill(Connection c, String insert, String select, Collection<Pair> keys,
            Map<Pair, Boolean> counters, Map<String, Map<String, Integer>> into) throws SQLException {
        List<String> a = new ArrayList<>(keys.size());
        List<String> b = new ArrayList<>(keys.size());
        List<Boolean> flags = new ArrayList<>(keys.size());
        for (Pair p : keys) {
            a.add(p.a());
            b.add(p.b());
            if (counters != null) {
                flags.add(counters.get(p));
            }
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setArray(1, c.createArrayOf("text", a.toArray()));
            ps.setArray(2, c.createArrayOf("text", b.toArray()));
            if (counters != null) {
                ps.setArray(3, c.createArrayOf("boolean", flags.toArray()));
            }
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement(select)) {
            ps.setArray(1, c.createArrayOf("text", a.toArray()));
            ps.setArray(2, c.createArrayOf("text", b.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.computeIfAbsent(rs.getString(2), k -> new HashMap<>()).put(rs.getString(3), rs.getInt(1));
                }
            }
        }
        for (Pair p : keys) {
            if (lookup(into, p.a(), p.b()) == null) {
                throw new SQLException("no id for " + p + " after inserting it");
            }
        }
    }

    int streamId(String deviceId, String source) {
        return require(lookup(streams, deviceId, source), deviceId, source);
    }

    int metricId(String series, String metric) {
        return require(lookup(metrics, series, metric), series, metric);
    }

    /** The metric ids of a sample's values, in its order. */
    int[] metricIds(FlatSample s) {
        List<Measurement> values = s.values();
        int[] ids = new int[values.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = metricId(values.get(i).series(), values.get(i).metric());
        }
        return ids;
    }

    int streams() {
        return streams.values().stream().mapToInt(Map::size).sum();
    }

    private static Integer lookup(Map<String, Map<String, Integer>> m, String a, String b) {
        Map<String, Integer> inner = m.get(a);
        return inner == null ? null : inner.get(b);
    }

    private static int require(Integer id, String a, String b) {
        if (id == null) {
            throw new IllegalStateException("no id for " + a + " " + b + " (resolve() first)");
        }
        return id;
    }

    private record Pair(String a, String b) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair o) {
            int c = a.compareTo(o.a);
            return c != 0 ? c : b.compareTo(o.b);
        }
    }
}
