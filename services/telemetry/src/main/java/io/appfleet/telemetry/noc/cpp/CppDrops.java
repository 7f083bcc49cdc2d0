package io.appfleet.telemetry.noc.cpp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.agroal.api.AgroalDataSource;
import io.appfleet.telemetry.fleet.DeviceDetail;
import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.telemetry.noc.ApiParams;
import io.appfleet.telemetry.noc.series.Rollups;
import io.appfleet.telemetry.noc.series.Step;

/**
 * CPP policer drops from the rollups: the classes dropping most over a window, and the fleet's
 * total for the summary. Windows up to {@link #MINUTES_UP_TO} read the minutes, longer ones the hours.
 */
@ApplicationScoped
public class CppDrops {

    /** Longer windows read rollup_1h: a day of minutes for 10,000 devices is too many rows for a page. */
    static final Duration MINUTES_UP_TO = Duration.ofHours(6);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    FleetView view;

    @ConfigProperty(name = "appfleet.telemetry.noc.cpp-window", defaultValue = "5m")
    Duration totalsWindow;
    /** Every poll of every NOC screen asks for the totals and the top droppers; each is read at most this often. */
    @ConfigProperty(name = "appfleet.telemetry.noc.cpp-totals-max-age", defaultValue = "10s")
    Duration totalsMaxAge;

    Clock clock = Clock.systemUTC();

    /** Recent answers by query; see {@link #recent}. */
    private final Map<Object, Answer> answers = new HashMap<>();

    private record Answer(Object value, Instant at) {
    }

    /** The key of a window's ranking among the recent answers. */
    private record Ranking(Duration window) {
    }

    /**
     * Per device and CPP class that dropped in the window: frames and bytes dropped, and the seconds its stream's
     * counters covered in the window (the denominator of its rates). The rows that dropped come from the partial
     * index on the drop columns (migration V4), the seconds of those streams by primary key: no row is unpacked.
     */
    private static String perClass(String table) {
        return """
                WITH dropped AS (
                    SELECT r.stream_id, d.metric_id, sum(d.increase) AS increase
                    FROM %1$s r CROSS JOIN LATERAL unnest(r.drop_metric, r.drop_increase) AS d(metric_id, increase)
                    WHERE r.bucket >= ? AND r.drop_metric IS NOT NULL
                    GROUP BY r.stream_id, d.metric_id),
                covered AS (
                    SELECT r.stream_id, sum(r.drop_seconds) AS seconds FROM %1$s r
                    WHERE r.bucket >= ? AND r.stream_id IN (SELECT stream_id FROM dropped)
                    GROUP BY r.stream_id)
                SELECT s.device_id, m.series,
                       coalesce(sum(d.increase) FILTER (WHERE m.metric = 'drop_frames_total'), 0) AS frames,
                       coalesce(sum(d.increase) FILTER (WHERE m.metric = 'drop_bytes_total'), 0) AS bytes,
                       c.seconds
                FROM dropped d
                JOIN covered c ON c.stream_id = d.stream_id
                JOIN stream s ON s.id = d.stream_id
                JOIN metric m ON m.id = d.metric_id
                GROUP BY s.device_id, m.series, c.seconds
                """.formatted(table);
    }

    /**
     * Every device and class that dropped frames over the {@code window} up to now, the highest drop rate (frames per
     * second) first; at most {@code cpp-totals-max-age} old.
     */
    @SuppressWarnings("unchecked")
    public List<CppDropper> topDroppers(Duration window) {
        return (List<CppDropper>) recent(new Ranking(window), now -> readTopDroppers(window, now));
    }

    private List<CppDropper> readTopDroppers(Duration window, Instant to) {
        Step step = window.compareTo(MINUTES_UP_TO) <= 0 ? Step.MINUTE : Step.HOUR;
        Instant from = step.floor(to.minus(window));
        String sql = "SELECT * FROM (" + perClass(step == Step.MINUTE ? "sample_rollup_1m" : "sample_rollup_1h")
                + ") AS per_class WHERE frames > 0"
                + " ORDER BY frames / NULLIF(seconds, 0) DESC NULLS LAST, frames DESC, device_id, series";
        List<CppDropper> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rollups.utc(from));
            ps.setObject(2, Rollups.utc(from));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String device = rs.getString(1);
                    double frames = rs.getDouble(3);
                    double bytes = rs.getDouble(4);
                    double seconds = rs.getDouble(5);
                    var d = view.device(device);
                    out.add(new CppDropper(device, d.map(DeviceDetail::platform).orElse("unknown"),
                            d.map(DeviceDetail::site).orElse(null), rs.getString(2).substring("cpp/".length()),
                            seconds > 0 ? frames / seconds : null, seconds > 0 ? bytes / seconds : null, frames, bytes));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the CPP drops: " + e.getMessage(), e);
        }
        return List.copyOf(out); // shared by the callers of the next 10 s
    }

    /** The fleet's drops over the last {@code appfleet.telemetry.noc.cpp-window}, at most {@code cpp-totals-max-age} old. */
    public CppDropTotals totals() {
        return (CppDropTotals) recent("totals", this::readTotals);
    }

    /**
     * The answer to {@code query} read at most {@code cpp-totals-max-age} ago, else read now. Every NOC screen polls
     * every few seconds and a fleet-wide read takes up to seconds when every class of every device drops: one read
     * at a time, and screens asking meanwhile wait for it instead of starting their own.
     */
    private synchronized Object recent(Object query, Function<Instant, Object> read) {
        Instant now = clock.instant();
        answers.values().removeIf(a -> a.at().plus(totalsMaxAge).isBefore(now));
        Answer a = answers.get(query);
        if (a == null) {
            a = new Answer(read.apply(now), now);
            answers.put(query, a);
        }
        return a.value();
    }

    private CppDropTotals readTotals(Instant now) {
        Instant from = Step.MINUTE.floor(now.minus(totalsWindow));
        String sql = "SELECT coalesce(sum(frames / NULLIF(seconds, 0)), 0), coalesce(sum(bytes / NULLIF(seconds, 0)), 0),"
                + " count(DISTINCT device_id) FILTER (WHERE frames > 0) FROM (" + perClass("sample_rollup_1m")
                + ") AS per_class";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rollups.utc(from));
            ps.setObject(2, Rollups.utc(from));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new CppDropTotals(ApiParams.text(totalsWindow), rs.getDouble(1), rs.getDouble(2), rs.getLong(3),
                        now);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the CPP drop totals: " + e.getMessage(), e);
        }
    }
}
