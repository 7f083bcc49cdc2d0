package io.appfleet.desired.devicestate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * The {@code deployment_target} table: what became of each deployment on each device it targets.
 * Rewritten per device whenever the device is recomputed, read for status and paging.
 */
@ApplicationScoped
public class TargetStatusStore {

    private static final int CHUNK = 5000;

    @Inject
    AgroalDataSource dataSource;

    /** One row as stored. */
    public record Row(String deployment, String deviceId, String phase, Long revision, String reason,
            Instant updatedAt) {
    }

    /**
     * Replaces every row of {@code deviceIds} with {@code placements}. The new rows go in one statement per
     * {@value #CHUNK}, their values as arrays (a batch of single-row inserts binds 6 parameters per row).
     */
    public void replace(Collection<String> deviceIds, List<Placement> placements) {
        List<String> ids = new ArrayList<>(deviceIds);
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM deployment_target WHERE device_id = ANY (?)")) {
                for (int i = 0; i < ids.size(); i += CHUNK) {
                    del.setArray(1, c.createArrayOf("text", ids.subList(i, Math.min(ids.size(), i + CHUNK)).toArray()));
                    del.executeUpdate();
                }
            }
            if (placements.isEmpty()) {
                return;
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO deployment_target (deployment_name, device_id,"
                    + " phase, revision, reason, updated_at) SELECT t.deployment_name, t.device_id, t.phase, t.revision,"
                    + " t.reason, ?::timestamptz FROM unnest(?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])"
                    + " AS t (deployment_name, device_id, phase, revision, reason)")) {
                for (int i = 0; i < placements.size(); i += CHUNK) {
                    List<Placement> chunk = placements.subList(i, Math.min(placements.size(), i + CHUNK));
                    int n = chunk.size();
                    String[] deployments = new String[n];
                    String[] devices = new String[n];
                    String[] phases = new String[n];
                    Long[] revisions = new Long[n];
                    String[] reasons = new String[n];
                    for (int j = 0; j < n; j++) {
                        Placement p = chunk.get(j);
                        deployments[j] = p.deployment();
                        devices[j] = p.deviceId();
                        phases[j] = phaseName(p.phase());
                        revisions[j] = p.revision();
                        reasons[j] = p.reason();
                    }
                    ins.setTimestamp(1, now);
                    ins.setArray(2, c.createArrayOf("text", deployments));
                    ins.setArray(3, c.createArrayOf("text", devices));
                    ins.setArray(4, c.createArrayOf("text", phases));
                    ins.setArray(5, c.createArrayOf("bigint", revisions));
                    ins.setArray(6, c.createArrayOf("text", reasons));
                    ins.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write deployment_target: " + e.getMessage(), e);
        }
    }

    /** The devices a deployment targeted when it was last computed. */
    public Set<String> devicesOf(String deployment) {
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT device_id FROM deployment_target WHERE deployment_name = ?")) {
            ps.setString(1, deployment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read deployment_target: " + e.getMessage(), e);
        }
        return out;
    }

    /** The deployment's devices with their phase ({@code Applied}, {@code Pending}, ...). */
    public Map<String, String> phases(String deployment) {
        Map<String, String> out = new java.util.HashMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT device_id, phase FROM deployment_target WHERE deployment_name = ?")) {
            ps.setString(1, deployment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read deployment_target: " + e.getMessage(), e);
        }
        return out;
    }

    /** Per deployment, the revision each of its devices was last given (devices given none are left out). */
    public Map<String, Map<String, Long>> givenRevisions(Collection<String> deployments) {
        Map<String, Map<String, Long>> out = new java.util.HashMap<>();
        if (deployments.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT deployment_name, device_id, revision FROM deployment_target WHERE deployment_name = ANY (?)"
                        + " AND revision IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", deployments.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new java.util.HashMap<>()).put(rs.getString(2),
                            rs.getLong(3));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read deployment_target: " + e.getMessage(), e);
        }
        return out;
    }

    public Set<String> allDeviceIds() {
        Set<String> out = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT DISTINCT device_id FROM deployment_target"); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read deployment_target: " + e.getMessage(), e);
        }
        return out;
    }

    /** Count per phase ({@code Applied}, {@code Pending}, {@code Unschedulable}, {@code Conflict}). */
    public Map<String, Long> counts(String deployment) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Placement.Phase p : Placement.Phase.values()) {
            out.put(phaseName(p), 0L);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT phase, count(*) FROM deployment_target WHERE deployment_name = ? GROUP BY phase")) {
            ps.setString(1, deployment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read deployment_target: " + e.getMessage(), e);
        }
        return out;
    }

    /** One page of a deployment's devices, by device id; {@code phase} null for all. */
    public List<Row> page(String deployment, String phase, int page, int size) {
        List<Row> out = new ArrayList<>();
        String sql = "SELECT deployment_name, device_id, phase, revision, reason, updated_at FROM deployment_target"
                + " WHERE deployment_name = ?" + (phase == null ? "" : " AND phase = ?")
                + " ORDER BY device_id LIMIT ? OFFSET ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, deployment);
            if (phase != null) {
                ps.setString(i++, phase);
            }
            ps.setInt(i++, size);
            ps.setLong(i, (long) page * size);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rev = rs.getLong(4);
                    out.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.wasNull() ? null : rev,
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read deployment_target: " + e.getMessage(), e);
        }
        return out;
    }

    public static String phaseName(Placement.Phase p) {
        return switch (p) {
            case APPLIED -> "Applied";
            case PENDING -> "Pending";
            case UNSCHEDULABLE -> "Unschedulable";
            case CONFLICT -> "Conflict";
        };
    }
}
