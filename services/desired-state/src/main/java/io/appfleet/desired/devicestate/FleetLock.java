package io.appfleet.desired.devicestate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;

/**
 * Serializes every change of desired state (apply, delete, rollback, inventory re-resolution),
 * across instances too: a PostgreSQL advisory lock held until the caller's transaction ends.
 * Two changes computed side by side could both take generation n+1 of a device, or both pass a
 * conflict check that only one of them may pass.
 */
@ApplicationScoped
public class FleetLock {

    @Inject
    AgroalDataSource dataSource;

    /** Blocks until this transaction holds the lock. Must run inside a transaction. */
    public void acquire() {
        // The connection is the one enlisted in the caller's transaction; the lock ends with it.
        try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(hashtext('appfleet.desired.fleet'))");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot take the desired-state lock: " + e.getMessage(), e);
        }
    }
}
