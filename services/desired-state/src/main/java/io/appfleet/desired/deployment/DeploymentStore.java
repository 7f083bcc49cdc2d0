package io.appfleet.desired.deployment;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/** The {@code deployment} and {@code deployment_revision} tables. Runs in the caller's transaction. */
@ApplicationScoped
public class DeploymentStore {

    @Inject
    AgroalDataSource dataSource;

    public record DeploymentRow(String name, String appId, long revision, String spec, String digest, long priority,
            Instant createdAt, Instant updatedAt) {
    }

    public record RevisionRow(String name, long revision, String action, String spec, String digest,
            ChangeSource.Kind source, String commitSha, String sourcePath, String principal, Long rollbackOf,
            Instant createdAt) {
    }

    private static final String DEPLOYMENT_COLUMNS =
            "name, app_id, current_revision, spec::text, digest, priority, created_at, updated_at";
    private static final String REVISION_COLUMNS =
            "name, revision, action, spec::text, digest, source, commit_sha, source_path, principal, rollback_of,"
                    + " created_at";

    public DeploymentRow find(String name) {
        List<DeploymentRow> rows = deployments("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment WHERE name = ?",
                name);
        return rows.isEmpty() ? null : rows.get(0);
    }

    public List<DeploymentRow> list(int page, int size) {
        return deployments("SELECT " + DEPLOYMENT_COLUMNS + " FROM deployment ORDER BY name LIMIT ? OFFSET ?",
                size, (long) page * size);
    }

    public long count() {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM deployment"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Live deployments whose current revision came from {@code source}, with the repository file it
     * was read from (null for API changes): git pruning deletes only its own.
     */
    public java.util.Map<String, String> namesBySource(ChangeSource.Kind source) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT d.name, r.source_path FROM deployment d JOIN deployment_revision r ON r.name = d.name"
                        + " AND r.revision = d.current_revision WHERE r.source = ? ORDER BY d.name")) {
            ps.setString(1, source.db());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    /** The revision number the next change of {@code name} gets (history survives a delete). */
    public long nextRevision(String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT coalesce(max(revision), 0) + 1 FROM deployment_revision WHERE name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public void save(String name, String appId, long revision, String spec, String digest, Instant now) {
        update("INSERT INTO deployment (name, app_id, current_revision, spec, digest, created_at, updated_at)"
                + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (name) DO UPDATE SET app_id = EXCLUDED.app_id,"
                + " current_revision = EXCLUDED.current_revision, spec = EXCLUDED.spec, digest = EXCLUDED.digest,"
                + " updated_at = EXCLUDED.updated_at", name, appId, revision, spec, digest, Timestamp.from(now),
                Timestamp.from(now));
    }

    public void delete(String name) {
        update("DELETE FROM deployment WHERE name = ?", name);
    }

    public void addRevision(RevisionRow r) {
        update("INSERT INTO deployment_revision (name, revision, action, spec, digest, source, commit_sha,"
                + " source_path, principal, rollback_of, created_at) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?)",
                r.name(), r.revision(), r.action(), r.spec(), r.digest(), r.source().db(), r.commitSha(),
                r.sourcePath(), r.principal(), r.rollbackOf(), Timestamp.from(r.createdAt()));
    }

    /** Newest first. */
    public List<RevisionRow> revisions(String name) {
        return revisionRows("SELECT " + REVISION_COLUMNS + " FROM deployment_revision WHERE name = ?"
                + " ORDER BY revision DESC", name);
    }

    public RevisionRow revision(String name, long revision) {
        List<RevisionRow> rows = revisionRows("SELECT " + REVISION_COLUMNS + " FROM deployment_revision"
                + " WHERE name = ? AND revision = ?", name, revision);
        return rows.isEmpty() ? null : rows.get(0);
    }

    private List<DeploymentRow> deployments(String sql, Object... args) {
        List<DeploymentRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new DeploymentRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                            rs.getString(5), rs.getLong(6), rs.getTimestamp(7).toInstant(),
                            rs.getTimestamp(8).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    private List<RevisionRow> revisionRows(String sql, Object... args) {
        List<RevisionRow> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long rollbackOf = rs.getLong(10);
                    Long rb = rs.wasNull() ? null : rollbackOf;
                    out.add(new RevisionRow(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), ChangeSource.Kind.ofDb(rs.getString(6)), rs.getString(7),
                            rs.getString(8), rs.getString(9), rb, rs.getTimestamp(11).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw failure(e);
        }
        return out;
    }

    private void update(String sql, Object... args) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a == null) {
                ps.setNull(i + 1, Types.NULL); // untyped: the column decides
            } else if (a instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (a instanceof Integer n) {
                ps.setInt(i + 1, n);
            } else {
                ps.setObject(i + 1, a);
            }
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("deployment store: " + e.getMessage(), e);
    }
}
