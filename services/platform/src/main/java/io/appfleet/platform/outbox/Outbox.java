package io.appfleet.platform.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.protobuf.MessageLite;

import io.agroal.api.AgroalDataSource;
import io.appfleet.platform.kafka.Topic;

/**
 * Records events in the caller's database transaction (the transactional outbox). The rows are
 * inserted in one batch just before the transaction commits, so a request that changes many rows
 * pays one round trip, and the relay is woken once the commit succeeded. If the transaction rolls
 * back, neither the state change nor its events exist.
 */
@ApplicationScoped
public class Outbox {

    private static final Object PENDING = new Object();

    private final TransactionSynchronizationRegistry transactions;
    private final AgroalDataSource dataSource;
    private final OutboxRelay relay;
    private final String source;

    @Inject
    public Outbox(TransactionSynchronizationRegistry transactions, AgroalDataSource dataSource, OutboxRelay relay,
            @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.transactions = transactions;
        this.dataSource = dataSource;
        this.relay = relay;
        this.source = "/appfleet/" + applicationName;
    }

    /** Announces the new state of {@code key} on a topic. Must run inside a transaction. */
    public void publish(Topic topic, String key, MessageLite value, String ceType) {
        pending().add(new Pending(UUID.randomUUID(), topic, key, value.toByteArray(), ceType, Instant.now()));
    }

    /** Announces that {@code key} no longer exists: a null value that compaction keeps as a delete. */
    public void tombstone(Topic topic, String key, String ceType) {
        pending().add(new Pending(UUID.randomUUID(), topic, key, null, ceType, Instant.now()));
    }

    @SuppressWarnings("unchecked")
    private List<Pending> pending() {
        if (transactions.getTransactionKey() == null) {
            throw new IllegalStateException("outbox events must be written inside a transaction");
        }
        List<Pending> list = (List<Pending>) transactions.getResource(PENDING);
        if (list == null) {
            List<Pending> created = new ArrayList<>();
            transactions.putResource(PENDING, created);
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                    insert(created);
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        relay.wake();
                    }
                }
            });
            list = created;
        }
        return list;
    }

    private void insert(List<Pending> events) {
        if (events.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO outbox_event (event_id, topic, record_key, payload, ce_type, ce_source, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)";
        // The connection is the one enlisted in the caller's transaction.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Pending e : events) {
                ps.setObject(1, e.eventId());
                ps.setString(2, e.topic().topicName());
                ps.setString(3, e.key());
                ps.setBytes(4, e.payload());
                ps.setString(5, e.ceType());
                ps.setString(6, source);
                ps.setTimestamp(7, Timestamp.from(e.createdAt()));
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            // Throwing here marks the transaction rollback-only: the state change is not committed either.
            throw new IllegalStateException("cannot write outbox events: " + e.getMessage(), e);
        }
    }

    private record Pending(UUID eventId, Topic topic, String key, byte[] payload, String ceType, Instant createdAt) {
    }
}
