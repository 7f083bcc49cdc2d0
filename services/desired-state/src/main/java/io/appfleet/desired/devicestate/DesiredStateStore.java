package io.appfleet.desired.devicestate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.InvalidProtocolBufferException;

import io.agroal.api.AgroalDataSource;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;

/** The {@code device_desired} table: per device, the last published state and its generation. */
@ApplicationScoped
public class DesiredStateStore {

    private static final int CHUNK = 5000;

    @Inject
    AgroalDataSource dataSource;

    public Map<String, StoredState> load(Collection<String> deviceIds) {
        Map<String, StoredState> out = new HashMap<>();
        List<String> ids = new ArrayList<>(deviceIds);
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT device_id, generation, content_digest, state FROM device_desired WHERE device_id = ANY (?)")) {
            for (int i = 0; i < ids.size(); i += CHUNK) {
                ps.setArray(1, c.createArrayOf("text", ids.subList(i, Math.min(ids.size(), i + CHUNK)).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byte[] bytes = rs.getBytes(4);
                        out.put(rs.getString(1), new StoredState(rs.getString(1), rs.getLong(2), rs.getString(3),
                                bytes == null ? null : DesiredDeviceState.parseFrom(bytes)));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read device_desired: " + e.getMessage(), e);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("device_desired holds a state that is not a DesiredDeviceState", e);
        }
        return out;
    }

    public StoredState get(String deviceId) {
        return load(List.of(deviceId)).get(deviceId);
    }

    public Set<String> allDeviceIds() {
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT device_id FROM device_desired WHERE state IS NOT NULL"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read device_desired: " + e.getMessage(), e);
        }
        return out;
    }

    public void save(List<StoredState> states) {
        if (states.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_desired (device_id, generation, content_digest, state, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET generation = EXCLUDED.generation,"
                        + " content_digest = EXCLUDED.content_digest, state = EXCLUDED.state,"
                        + " updated_at = EXCLUDED.updated_at")) {
            for (StoredState s : states) {
                ps.setString(1, s.deviceId());
                ps.setLong(2, s.generation());
                ps.setString(3, s.contentDigest());
                ps.setBytes(4, s.state() == null ? null : s.state().toByteArray());
                ps.setTimestamp(5, now);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write device_desired: " + e.getMessage(), e);
        }
    }
}
