package io.appfleet.desired.rollout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
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

import io.agroal.api.AgroalDataSource;

/** The rollout tables (V3__rollouts.sql). Callers hold the FleetLock for every write. */
@ApplicationScoped
public class RolloutStore {

    private static final int CHUNK = 5000;
    private static final int EVENTS_KEPT = 200;

    @Inject
    AgroalDataSource dataSource;

    public record RolloutRow(String deployment, long revision, Long stableRevision, RolloutState state, String reason,
            int currentWave, int waveCount, Instant doneSince, int failureBaseline, boolean skipGates,
            Instant startedAt, Instant updatedAt) {

        public RolloutRow with(RolloutState s, String why) {
            return new RolloutRow(deployment, revision, stableRevision, s, why, currentWave, waveCount, doneSince,
                    failureBaseline, skipGates, startedAt, updatedAt);
        }

        public RolloutRow withProgress(int wave, Instant since) {
            return new RolloutRow(deployment, revision, stableRevision, state, reason, wave, waveCount, since,
                    failureBaseline, skipGates, startedAt, updatedAt);
        }

        public RolloutRow withBaseline(int baseline) {
            return new RolloutRow(deployment, revision, stableRevision, state, reason, currentWave, waveCount,
                    doneSince, baseline, skipGates, startedAt, updatedAt);
        }

        public RolloutRow withSkipGates() {
            return new RolloutRow(deployment, revision, stableRevision, state, reason, waveCount, waveCount,
                    doneSince, failureBaseline, true, startedAt, updatedAt);
        }
    }

    public record DeviceRow(String deviceId, int wave, int rank, Instant releasedAt, long releasedGeneration) {
    }

    public record WaveRow(int wave, Instant openedAt, Instant doneAt) {
    }

    public record EventRow(long revision, String type, Integer wave, String message, Instant time) {
    }

    private static final String COLUMNS = "deployment_name, revision, stable_revision, state, reason, current_wave,"
            + " wave_count, done_since, failure_baseline, skip_gates, started_at, updated_at";

    public RolloutRow find(String deployment) {
        List<RolloutRow> rows = query("SELECT " + COLUMNS + " FROM rollout WHERE deployment_name = ?", deployment);
        return rows.isEmpty() ? null : rows.get(0);
    }

    /** The manifest (canonical JSON) of one revision; null when there is none or it was a delete. */
    public String revisionSpec(String deployment, long revision) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT spec::text FROM deployment_revision WHERE name = ? AND revision = ?")) {
            ps.setString(1, deployment);
            ps.setLong(2, revision);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    public List<RolloutRow> all() {
        return query("SELECT " + COLUMNS + " FROM rollout ORDER BY deployment_name", null);
    }

    /** Replaces the deployment's rollout (its devices and waves go with it) by a new one. */
    public void start(RolloutRow row, List<WavePlan.Slot> slots) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement del = c.prepareStatement("DELETE FROM rollout WHERE deployment_name = ?")) {
                del.setString(1, row.deployment());
                del.executeUpdate();
            }
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO rollout (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                bind(ins, row);
                ins.executeUpdate();
            }
            insertDevices(c, row.deployment(), slots);
            try (PreparedStatement w = c.prepareStatement(
                    "INSERT INTO rollout_wave (deployment_name, wave, opened_at) VALUES (?, ?, ?)")) {
                for (int i = 1; i <= row.waveCount(); i++) {
                    w.setString(1, row.deployment());
                    w.setInt(2, i);
                    w.setTimestamp(3, i <= row.currentWave() ? Timestamp.from(row.startedAt()) : null);
                    w.addBatch();
                }
                w.executeBatch();
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public void update(RolloutRow row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE rollout SET"
                + " stable_revision = ?, state = ?, reason = ?, current_wave = ?, done_since = ?, failure_baseline = ?,"
                + " skip_gates = ?, updated_at = ? WHERE deployment_name = ?")) {
            setLong(ps, 1, row.stableRevision());
            ps.setString(2, row.state().name());
            ps.setString(3, row.reason());
            ps.setInt(4, row.currentWave());
            ps.setTimestamp(5, row.doneSince() == null ? null : Timestamp.from(row.doneSince()));
            ps.setInt(6, row.failureBaseline());
            ps.setBoolean(7, row.skipGates());
            ps.setTimestamp(8, Timestamp.from(Instant.now()));
            ps.setString(9, row.deployment());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public List<DeviceRow> devices(String deployment) {
        List<DeviceRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT device_id,"
                + " wave, rank, released_at, released_generation FROM rollout_device WHERE deployment_name = ?")) {
            ps.setString(1, deployment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp released = rs.getTimestamp(4);
                    out.add(new DeviceRow(rs.getString(1), rs.getInt(2), rs.getInt(3),
                            released == null ? null : released.toInstant(), rs.getLong(5)));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return out;
    }

    /** Devices of active rollouts that have been given their rollout's revision, by deployment. */
    public Map<String, Set<String>> released(Collection<String> deployments) {
        Map<String, Set<String>> out = new HashMap<>();
        if (deployments.isEmpty()) {
            return out;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT"
                + " deployment_name, device_id FROM rollout_device WHERE deployment_name = ANY (?)"
                + " AND released_at IS NOT NULL")) {
            ps.setArray(1, c.createArrayOf("text", deployments.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return out;
    }

    public void addDevices(String deployment, List<WavePlan.Slot> slots) {
        try (Connection c = dataSource.getConnection()) {
            insertDevices(c, deployment, slots);
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public void release(String deployment, List<String> deviceIds, Instant at) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE"
                + " rollout_device SET released_at = ? WHERE deployment_name = ? AND device_id = ANY (?)")) {
            for (int i = 0; i < deviceIds.size(); i += CHUNK) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, deployment);
                ps.setArray(3, c.createArrayOf("text",
                        deviceIds.subList(i, Math.min(deviceIds.size(), i + CHUNK)).toArray()));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    /**
     * Records, for released devices that have none yet, the desired generation that carried the
     * revision to them: the generation published in this same transaction.
     */
    public void recordReleasedGenerations() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE"
                + " rollout_device rd SET released_generation = dd.generation FROM device_desired dd"
                + " WHERE rd.device_id = dd.device_id AND rd.released_at IS NOT NULL"
                + " AND rd.released_generation IS NULL")) {
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public void markWave(String deployment, int wave, boolean opened, Instant at) {
        String column = opened ? "opened_at" : "done_at";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("UPDATE rollout_wave"
                + " SET " + column + " = ? WHERE deployment_name = ? AND wave = ? AND " + column + " IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setString(2, deployment);
            ps.setInt(3, wave);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    public List<WaveRow> waves(String deployment) {
        List<WaveRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT wave,"
                + " opened_at, done_at FROM rollout_wave WHERE deployment_name = ? ORDER BY wave")) {
            ps.setString(1, deployment);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new WaveRow(rs.getInt(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3))));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return out;
    }

    public void addEvent(String deployment, long revision, String type, Integer wave, String message) {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollout_event (deployment_name, revision,"
                    + " type, wave, message, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, deployment);
                ps.setLong(2, revision);
                ps.setString(3, type);
                if (wave == null) {
                    ps.setNull(4, Types.INTEGER);
                } else {
                    ps.setInt(4, wave);
                }
                ps.setString(5, message);
                ps.setTimestamp(6, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            try (PreparedStatement trim = c.prepareStatement("DELETE FROM rollout_event WHERE deployment_name = ?"
                    + " AND id <= (SELECT id FROM rollout_event WHERE deployment_name = ? ORDER BY id DESC"
                    + " OFFSET " + EVENTS_KEPT + " LIMIT 1)")) {
                trim.setString(1, deployment);
                trim.setString(2, deployment);
                trim.executeUpdate();
            }
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    /** The newest {@code limit} events, oldest first. */
    public List<EventRow> events(String deployment, int limit) {
        List<EventRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT revision,"
                + " type, wave, message, created_at FROM rollout_event WHERE deployment_name = ? ORDER BY id DESC"
                + " LIMIT ?")) {
            ps.setString(1, deployment);
            ps.setInt(2, limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int wave = rs.getInt(3);
                    out.add(0, new EventRow(rs.getLong(1), rs.getString(2), rs.wasNull() ? null : wave,
                            rs.getString(4), rs.getTimestamp(5).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return out;
    }

    /** One statement per chunk (arrays through unnest): a rollout over 10,000 devices starts in one round trip. */
    private static void insertDevices(Connection c, String deployment, List<WavePlan.Slot> slots) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO rollout_device (deployment_name, device_id, wave,"
                + " rank) SELECT ?, t.device_id, t.wave, t.rank FROM unnest(?::text[], ?::int[], ?::int[])"
                + " AS t (device_id, wave, rank) ON CONFLICT DO NOTHING")) {
            for (int i = 0; i < slots.size(); i += CHUNK) {
                List<WavePlan.Slot> chunk = slots.subList(i, Math.min(slots.size(), i + CHUNK));
                String[] ids = new String[chunk.size()];
                Integer[] waves = new Integer[chunk.size()];
                Integer[] ranks = new Integer[chunk.size()];
                for (int j = 0; j < chunk.size(); j++) {
                    ids[j] = chunk.get(j).deviceId();
                    waves[j] = chunk.get(j).wave();
                    ranks[j] = chunk.get(j).rank();
                }
                ps.setString(1, deployment);
                ps.setArray(2, c.createArrayOf("text", ids));
                ps.setArray(3, c.createArrayOf("integer", waves));
                ps.setArray(4, c.createArrayOf("integer", ranks));
                ps.executeUpdate();
            }
        }
    }

    private List<RolloutRow> query(String sql, String deployment) {
        List<RolloutRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (deployment != null) {
                ps.setString(1, deployment);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long stable = rs.getLong(3);
                    Long stableRevision = rs.wasNull() ? null : stable;
                    out.add(new RolloutRow(rs.getString(1), rs.getLong(2), stableRevision,
                            RolloutState.valueOf(rs.getString(4)), rs.getString(5), rs.getInt(6), rs.getInt(7),
                            instant(rs.getTimestamp(8)), rs.getInt(9), rs.getBoolean(10),
                            rs.getTimestamp(11).toInstant(), rs.getTimestamp(12).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw failure("read", e);
        }
        return out;
    }

    private static void bind(PreparedStatement ps, RolloutRow r) throws SQLException {
        ps.setString(1, r.deployment());
        ps.setLong(2, r.revision());
        setLong(ps, 3, r.stableRevision());
        ps.setString(4, r.state().name());
        ps.setString(5, r.reason());
        ps.setInt(6, r.currentWave());
        ps.setInt(7, r.waveCount());
        ps.setTimestamp(8, r.doneSince() == null ? null : Timestamp.from(r.doneSince()));
        ps.setInt(9, r.failureBaseline());
        ps.setBoolean(10, r.skipGates());
        ps.setTimestamp(11, Timestamp.from(r.startedAt()));
        ps.setTimestamp(12, Timestamp.from(r.updatedAt()));
    }

    private static void setLong(PreparedStatement ps, int i, Long v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, v);
        }
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException("cannot " + what + " rollouts: " + e.getMessage(), e);
    }
}
