package io.appfleet.telemetry.noc.cpp;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    private static final String FRAMES = "drop_frames_total";
    private static final String BYTES = "drop_bytes_total";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    FleetView view;

    @ConfigProperty(name = "appfleet.telemetry.noc.cpp-window", defaultValue = "5m")
    Duration totalsWindow;
    /** Every poll of every NOC screen asks for the totals; the rollups are read at most this often. */
    @ConfigProperty(name = "appfleet.telemetry.noc.cpp-totals-max-age", defaultValue = "10s")
    Duration totalsMaxAge;

    Clock clock = Clock.systemUTC();

    private volatile CppDropTotals cached;

    /** The classes with the highest drop rate (frames per second) over the {@code window} up to now, highest first. */
    public List<CppDropper> topDroppers(Duration window, int limit) {
        Instant to = clock.instant();
        Step step = window.compareTo(MINUTES_UP_TO) <= 0 ? Step.MINUTE : Step.HOUR;
        Instant from = step.floor(to.minus(window));
        String sql = "SELECT device_id, series,"
                + " sum(increase) FILTER (WHERE metric = '" + FRAMES + "') AS frames,"
                + " sum(rate_seconds) FILTER (WHERE metric = '" + FRAMES + "') AS frame_seconds,"
                + " sum(increase) FILTER (WHERE metric = '" + BYTES + "') AS bytes,"
                + " sum(rate_seconds) FILTER (WHERE metric = '" + BYTES + "') AS byte_seconds"
                + " FROM " + Rollups.table(step)
                + " WHERE bucket >= ? AND series LIKE 'cpp/%' AND metric IN ('" + FRAMES + "', '" + BYTES + "')"
                + " GROUP BY device_id, series"
                + " HAVING sum(increase) FILTER (WHERE metric = '" + FRAMES + "') > 0"
                + " ORDER BY sum(increase) FILTER (WHERE metric = '" + FRAMES + "')"
                + " / NULLIF(sum(rate_seconds) FILTER (WHERE metric = '" + FRAMES + "'), 0) DESC NULLS LAST,"
                + " frames DESC, device_id, series LIMIT ?";
        List<CppDropper> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rollups.utc(from));
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String device = rs.getString(1);
                    double frames = rs.getDouble(3);
                    double frameSeconds = rs.getDouble(4);
                    double bytes = rs.getDouble(5);
                    double byteSeconds = rs.getDouble(6);
                    var d = view.device(device);
                    out.add(new CppDropper(device, d.map(DeviceDetail::platform).orElse("unknown"),
                            d.map(DeviceDetail::site).orElse(null), rs.getString(2).substring("cpp/".length()),
                            frameSeconds > 0 ? frames / frameSeconds : null,
                            byteSeconds > 0 ? bytes / byteSeconds : null, frames, bytes));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the CPP drops: " + e.getMessage(), e);
        }
        return out;
    }

    /** The fleet's drops over the last {@code appfleet.telemetry.noc.cpp-window}, at most {@code cpp-totals-max-age} old. */
    public CppDropTotals totals() {
        CppDropTotals t = cached;
        Instant now = clock.instant();
        if (t == null || t.computedAt().plus(totalsMaxAge).isBefore(now)) {
            t = readTotals(now);
            cached = t;
        }
        return t;
    }

    private CppDropTotals readTotals(Instant now) {
        Instant from = Step.MINUTE.floor(now.minus(totalsWindow));
        // Per device and class first: a rate is increase / seconds of the same counter.
        String sql = "SELECT coalesce(sum(frames / NULLIF(frame_seconds, 0)), 0), coalesce(sum(bytes / NULLIF(byte_seconds, 0)), 0),"
                + " count(DISTINCT device_id) FILTER (WHERE frames > 0) FROM ("
                + " SELECT device_id, series,"
                + " sum(increase) FILTER (WHERE metric = '" + FRAMES + "') AS frames,"
                + " sum(rate_seconds) FILTER (WHERE metric = '" + FRAMES + "') AS frame_seconds,"
                + " sum(increase) FILTER (WHERE metric = '" + BYTES + "') AS bytes,"
                + " sum(rate_seconds) FILTER (WHERE metric = '" + BYTES + "') AS byte_seconds"
                + " FROM rollup_1m WHERE bucket >= ? AND series LIKE 'cpp/%' AND metric IN ('" + FRAMES + "', '"
                + BYTES + "') GROUP BY device_id, series) AS per_class";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, Rollups.utc(from));
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
