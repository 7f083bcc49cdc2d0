package io.appfleet.telemetry.noc.series;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** Reads a device's series from the rollups. */
@ApplicationScoped
public class SeriesStore {

    /** Lines in one reply at most (apps or CPP classes of a device): a chart with more is unreadable anyway. */
    public static final int MAX_SERIES = 40;

    @Inject
    AgroalDataSource dataSource;

    /** The device's series of the request's metric, by name, each in time order; none when the device reported none. */
    public DeviceSeries read(String deviceId, SeriesRequest request) {
        SeriesMetric metric = request.metric();
        String sql = "SELECT series, bucket, " + Rollups.VALUE + " FROM " + Rollups.table(request.step())
                + " WHERE device_id = ? AND metric = ? AND series LIKE ? AND bucket >= ? AND bucket < ?"
                + " ORDER BY series, bucket";
        Map<String, List<DeviceSeries.Point>> lines = new LinkedHashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, deviceId);
            ps.setString(i++, metric.column());
            ps.setString(i++, metric.prefix() + "%");
            ps.setObject(i++, Rollups.utc(request.from()));
            ps.setObject(i, Rollups.utc(request.to()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1).substring(metric.prefix().length());
                    double v = rs.getDouble(3);
                    if (rs.wasNull()) {
                        continue;
                    }
                    List<DeviceSeries.Point> points = lines.get(name);
                    if (points == null) {
                        if (lines.size() >= MAX_SERIES) {
                            continue;
                        }
                        points = new ArrayList<>();
                        lines.put(name, points);
                    }
                    points.add(new DeviceSeries.Point(rs.getObject(2, java.time.OffsetDateTime.class).toInstant(), v));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the " + metric.apiName() + " series of " + deviceId + ": "
                    + e.getMessage(), e);
        }
        List<DeviceSeries.Series> series = new ArrayList<>(lines.size());
        lines.forEach((name, points) -> series.add(new DeviceSeries.Series(name, points)));
        return new DeviceSeries(deviceId, metric.apiName(), metric.unit(), request.step().text(), request.from(),
                request.to(), series);
    }
}
