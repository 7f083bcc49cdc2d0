package io.appfleet.telemetry.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    /** By stream id: the names and ids of its last sample's values (a stream's samples mostly repeat them). */
    private Layout[] layouts = new Layout[1024];
    /** One instance per distinct layout (most streams of a fleet share a handful), so 10,000 devices hold no copies. */
    private final Map<IdsKey, Layout> sharedLayouts = new HashMap<>();
    private final Map<String, String> names = new HashMap<>();

    /** The ids of a batch's samples: stream ids, and each sample's metric ids in the order of its values. */
    record Ids(int[] streams, int[][] metrics) {
    }

    /** The ids of every stream and metric of the batch; creates and commits the new ones on {@code c}. */
    Ids resolve(Connection c, List<FlatSample> batch) throws SQLException {
        int n = batch.size();
        int[] streamIds = new int[n];
        int[][] metricIds = new int[n][];
        TreeSet<Pair> newStreams = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            FlatSample s = batch.get(i);
            Integer id = lookup(streams, s.deviceId(), s.source());
            if (id == null) {
                newStreams.add(new Pair(s.deviceId(), s.source()));
            } else {
                streamIds[i] = id;
            }
        }
        if (!newStreams.isEmpty()) {
            insert(c, INSERT_STREAMS, SELECT_STREAMS, newStreams, null, streams);
            for (int i = 0; i < n; i++) {
                streamIds[i] = streamId(batch.get(i).deviceId(), batch.get(i).source());
            }
        }
        Map<Pair, Boolean> newMetrics = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            metricIds[i] = layout(streamIds[i], batch.get(i), newMetrics);
        }
        if (!newMetrics.isEmpty()) {
            insert(c, INSERT_METRICS, SELECT_METRICS, newMetrics.keySet(), newMetrics, metrics);
            for (int i = 0; i < n; i++) {
                if (metricIds[i] == null) {
                    metricIds[i] = layout(streamIds[i], batch.get(i), newMetrics);
                }
            }
        }
        return new Ids(streamIds, metricIds);
    }

    /** The metric ids of a sample's values, or null (and the unknown names added to {@code unknown}). */
    private int[] layout(int streamId, FlatSample s, Map<Pair, Boolean> unknown) {
        if (streamId >= layouts.length) {
            layouts = Arrays.copyOf(layouts, Math.max(layouts.length * 2, streamId + 1));
        }
        Layout last = layouts[streamId];
        if (last != null && last.matches(s)) {
            return last.ids;
        }
        int[] ids = new int[s.size];
        boolean complete = true;
        for (int i = 0; i < ids.length; i++) {
            Integer id = lookup(metrics, s.series[i], s.metric[i]);
            if (id == null) {
                unknown.putIfAbsent(new Pair(s.series[i], s.metric[i]), s.counter[i]);
                complete = false;
            } else {
                ids[i] = id;
            }
        }
        if (!complete) {
            return null;
        }
        Layout shared = sharedLayouts.computeIfAbsent(new IdsKey(ids), k -> new Layout(s, k.ids(), names));
        layouts[streamId] = shared;
        return shared.ids;
    }

    /** Inserts in its own transaction, sorted, so two instances inserting overlapping sets cannot deadlock. */
    private static void insert(Connection c, String insert, String select, Collection<Pair> keys,
            Map<Pair, Boolean> counters, Map<String, Map<String, Integer>> into) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            fill(c, insert, select, keys, counters, into);
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

    /** The names of a sample's values and their ids. */
    private static final class Layout {
        final String[] series;
        final String[] metric;
        /** Whether a value's series is the previous value's (a CPP class or guest disk has several values). */
        final boolean[] sameSeries;
        final int[] ids;

        Layout(FlatSample s, int[] ids, Map<String, String> names) {
            this.series = new String[ids.length];
            this.metric = new String[ids.length];
            this.sameSeries = new boolean[ids.length];
            for (int i = 0; i < ids.length; i++) {
                series[i] = names.computeIfAbsent(s.series[i], x -> x);
                metric[i] = names.computeIfAbsent(s.metric[i], x -> x);
                sameSeries[i] = i > 0 && series[i].equals(series[i - 1]);
            }
            this.ids = ids;
        }

        boolean matches(FlatSample s) {
            if (s.size != ids.length) {
                return false;
            }
            String previous = null;
            for (int i = 0; i < ids.length; i++) {
                String se = s.series[i];
                // Metric names are constants (one instance); a series name is built once per class, app or disk.
                boolean seriesMatches = sameSeries[i] && se == previous || se.equals(series[i]);
                if (!seriesMatches || !s.metric[i].equals(metric[i])) {
                    return false;
                }
                previous = se;
            }
            return true;
        }
    }

    /** An int[] as a map key, by content. */
    private record IdsKey(int[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof IdsKey k && Arrays.equals(ids, k.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

    private record Pair(String a, String b) implements Comparable<Pair> {
        @Override
        public int compareTo(Pair o) {
            int c = a.compareTo(o.a);
            return c != 0 ? c : b.compareTo(o.b);
        }
    }
}
