package io.appfleet.telemetry.fleet;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** The {@code reconcile_event} table (V2_1__reconcile_events.sql): batched idempotent inserts and a device's history. */
@ApplicationScoped
public class ReconcileEventStore {

    // The values as arrays, one statement per batch; times as epoch microseconds (as the outbox does) rather
    // than timestamp arrays, whose text form would depend on the JVM's time zone.
    private static final String INSERT = "INSERT INTO reconcile_event (event_id, device_id, app_id, step, outcome,"
            + " duration_seconds, attempt, error_code, error_message, deployment_name, deployment_revision,"
            + " reconcile_id, step_index, trigger, command, device_output, started_at, finished_at)"
            + " SELECT t.id, t.device, t.app, t.step, t.outcome, t.duration, t.attempt, t.code, t.message,"
            + " t.deployment, t.revision, t.reconcile, t.idx, t.trig, t.command, t.output,"
            + " timestamptz 'epoch' + t.started * interval '1 microsecond',"
            + " timestamptz 'epoch' + t.finished * interval '1 microsecond'"
            + " FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::float8[], ?::int[],"
            + " ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::int[], ?::text[], ?::text[],"
            + " ?::text[], ?::bigint[], ?::bigint[]) AS t (id, device, app, step, outcome, duration, attempt, code,"
            + " message, deployment, revision, reconcile, idx, trig, command, output, started, finished)"
            + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

    private static final String COLUMNS = "event_id, device_id, app_id, step, outcome, duration_seconds, attempt,"
            + " error_code, error_message, deployment_name, deployment_revision, reconcile_id, step_index, trigger,"
            + " command, device_output, started_at, finished_at";

    @Inject
    AgroalDataSource dataSource;

    /**
     * Stores the events in one statement and one transaction; events already stored (a replay)
     * are left as they are.
     *
     * @return the ids of the events that were new
     */
    public Set<String> insert(List<DeviceEvent> events) throws SQLException {
        Set<String> inserted = new HashSet<>();
        if (events.isEmpty()) {
            return inserted;
        }
        int n = events.size();
        String[] ids = new String[n];
        String[] devices = new String[n];
        String[] apps = new String[n];
        String[] steps = new String[n];
        String[] outcomes = new String[n];
        Double[] durations = new Double[n];
        Integer[] attempts = new Integer[n];
        String[] codes = new String[n];
        String[] messages = new String[n];
        String[] deployments = new String[n];
        Long[] revisions = new Long[n];
        String[] reconciles = new String[n];
        Integer[] indexes = new Integer[n];
        String[] triggers = new String[n];
        String[] commands = new String[n];
        String[] outputs = new String[n];
        Long[] started = new Long[n];
        Long[] finished = new Long[n];
        for (int i = 0; i < n; i++) {
            DeviceEvent e = events.get(i);
            ids[i] = e.eventId();
            devices[i] = e.deviceId();
            apps[i] = e.appId();
            steps[i] = e.step();
            outcomes[i] = e.outcome();
            durations[i] = e.durationSeconds();
            attempts[i] = e.attempt();
            codes[i] = e.errorCode();
            messages[i] = e.errorMessage();
            deployments[i] = e.deploymentName();
            revisions[i] = e.deploymentRevision();
            reconciles[i] = e.reconcileId();
            indexes[i] = e.stepIndex();
            triggers[i] = e.trigger();
            commands[i] = e.command();
            outputs[i] = e.deviceOutput();
            started[i] = micros(e.startedAt());
            finished[i] = micros(e.finishedAt());
        }
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                ps.setArray(1, c.createArrayOf("text", ids));
                ps.setArray(2, c.createArrayOf("text", devices));
                ps.setArray(3, c.createArrayOf("text", apps));
                ps.setArray(4, c.createArrayOf("text", steps));
                ps.setArray(5, c.createArrayOf("text", outcomes));
                ps.setArray(6, c.createArrayOf("float8", durations));
                ps.setArray(7, c.createArrayOf("int4", attempts));
                ps.setArray(8, c.createArrayOf("text", codes));
                ps.setArray(9, c.createArrayOf("text", messages));
                ps.setArray(10, c.createArrayOf("text", deployments));
                ps.setArray(11, c.createArrayOf("int8", revisions));
                ps.setArray(12, c.createArrayOf("text", reconciles));
                ps.setArray(13, c.createArrayOf("int4", indexes));
                ps.setArray(14, c.createArrayOf("text", triggers));
                ps.setArray(15, c.createArrayOf("text", commands));
                ps.setArray(16, c.createArrayOf("text", outputs));
                ps.setArray(17, c.createArrayOf("int8", started));
                ps.setArray(18, c.createArrayOf("int8", finished));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        inserted.add(rs.getString(1));
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
        return inserted;
    }

    /**
     * A device's events, newest first (by finished_at, then position in the pass), {@code limit}
     * from {@code offset}, with the device's number of stored events.
     *
     * @throws InvalidQueryException for a bad page
     */
    public Page<DeviceEvent> recent(String deviceId, int offset, int limit) {
        Page.check(offset, limit);
        List<DeviceEvent> items = new ArrayList<>();
        long total;
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM reconcile_event WHERE device_id = ?")) {
                ps.setString(1, deviceId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM reconcile_event"
                    + " WHERE device_id = ? ORDER BY finished_at DESC, step_index DESC, event_id OFFSET ? LIMIT ?")) {
                ps.setString(1, deviceId);
                ps.setInt(2, offset);
                ps.setInt(3, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        items.add(read(rs));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the events of " + deviceId + ": " + e.getMessage(), e);
        }
        return new Page<>(items, total, offset, limit);
    }

    /** Deletes events that finished before {@code before}, in chunks; returns how many. */
    public long deleteBefore(Instant before, int chunk) throws SQLException {
        String sql = "DELETE FROM reconcile_event WHERE ctid = ANY(ARRAY(SELECT ctid FROM reconcile_event"
                + " WHERE finished_at < ? LIMIT " + chunk + "))";
        long total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, utc(before));
            int n;
            do {
                n = ps.executeUpdate();
                total += n;
            } while (n == chunk);
        }
        return total;
    }

    private static DeviceEvent read(ResultSet rs) throws SQLException {
        double duration = rs.getDouble(6);
        Double durationSeconds = rs.wasNull() ? null : duration;
        long revision = rs.getLong(11);
        Long deploymentRevision = rs.wasNull() ? null : revision;
        return new DeviceEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                durationSeconds, rs.getInt(7), rs.getString(8), rs.getString(9), rs.getString(10),
                deploymentRevision, rs.getString(12), rs.getInt(13), rs.getString(14), rs.getString(15),
                rs.getString(16), instant(rs.getTimestamp(17)), instant(rs.getTimestamp(18)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Long micros(Instant t) {
        return t == null ? null : ChronoUnit.MICROS.between(Instant.EPOCH, t);
    }

    private static OffsetDateTime utc(Instant t) {
        return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
