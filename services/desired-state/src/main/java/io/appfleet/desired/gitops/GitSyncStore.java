package io.appfleet.desired.gitops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code git_sync} table: the last synced commit per source, so a restart does not apply a commit again,
 * and the last failure, so the status survives a restart. Plain JDBC: one row, a few statements per poll.
 */
public class GitSyncStore {

    /** What is stored about a source. */
    public record State(String lastCommit, Instant syncedAt, SyncReport report, Instant lastFailureAt,
            String lastFailure) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource dataSource;

    public GitSyncStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<State> load(String source) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return load(c, source);
        }
    }

    /**
     * Exclusive right to sync {@code source} among all instances sharing the database (a session advisory lock),
     * or empty when another instance holds it: two replicas never apply the same commit at once.
     */
    public Optional<Lease> tryLease(String source) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT pg_try_advisory_lock(hashtext('appfleet.git-sync.' || current_schema() || '.' || ?))")) {
                st.setString(1, source);
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        c.close();
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(new Lease(c, source));
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    public void recordFailure(String source, String reason, Instant at) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement st = c.prepareStatement("""
                        INSERT INTO git_sync (source, last_failure_at, last_failure, updated_at) VALUES (?, ?, ?, now())
                        ON CONFLICT (source) DO UPDATE SET last_failure_at = EXCLUDED.last_failure_at,
                            last_failure = EXCLUDED.last_failure, updated_at = now()
                        """)) {
            st.setString(1, source);
            st.setObject(2, at.atOffset(ZoneOffset.UTC));
            st.setString(3, reason);
            st.executeUpdate();
        }
    }

    private static Optional<State> load(Connection c, String source) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT last_commit, synced_at, report::text, last_failure_at, last_failure FROM git_sync WHERE source = ?")) {
            st.setString(1, source);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new State(rs.getString(1), instant(rs.getObject(2, OffsetDateTime.class)), report(rs.getString(3)),
                        instant(rs.getObject(4, OffsetDateTime.class)), rs.getString(5)));
            }
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static SyncReport report(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, SyncReport.class);
        } catch (JsonProcessingException e) {
            // Only the status shows it; a report this version cannot read is not worth failing a poll over.
            return null;
        }
    }

    /** Held while one commit is synced; closing releases the lock. */
    public static final class Lease implements AutoCloseable {

        private final Connection connection;
        private final String source;

        private Lease(Connection connection, String source) {
            this.connection = connection;
            this.source = source;
        }

        public Optional<State> state() throws SQLException {
            return load(connection, source);
        }

        public void recordSynced(String commit, SyncReport report, Instant at) throws SQLException {
            String json;
            try {
                json = JSON.writeValueAsString(report);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize the sync report", e);
            }
            try (PreparedStatement st = connection.prepareStatement("""
                    INSERT INTO git_sync (source, last_commit, synced_at, report, updated_at)
                    VALUES (?, ?, ?, CAST(? AS jsonb), now())
                    ON CONFLICT (source) DO UPDATE SET last_commit = EXCLUDED.last_commit,
                        synced_at = EXCLUDED.synced_at, report = EXCLUDED.report, updated_at = now()
                    """)) {
                st.setString(1, source);
                st.setString(2, commit);
                st.setObject(3, at.atOffset(ZoneOffset.UTC));
                st.setString(4, json);
                st.executeUpdate();
            }
        }

        @Override
        public void close() throws SQLException {
            try (PreparedStatement st = connection.prepareStatement(
                    "SELECT pg_advisory_unlock(hashtext('appfleet.git-sync.' || current_schema() || '.' || ?))")) {
                st.setString(1, source);
                st.execute();
            } finally {
                // Back to the pool; if the unlock failed the connection is broken and the lock dies with it.
                connection.close();
            }
        }
    }
}
