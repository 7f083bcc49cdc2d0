package io.appfleet.platform.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
    private static final int CHUNK = 5000;

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
        // One statement per CHUNK events, the values as arrays: a batch of single-row inserts spent most of its
        // time binding 7 parameters per row. The rows take their seq in the order of the events (ORDER BY ord),
        // which is the order the relay sends them in.
        String sql = "INSERT INTO outbox_event (event_id, topic, record_key, payload, ce_type, ce_source, created_at)"
                + " SELECT t.event_id, t.topic, t.record_key, t.payload, t.ce_type, ?,"
                + " timestamptz 'epoch' + t.created_micros * interval '1 microsecond'"
                + " FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bytea[], ?::text[], ?::bigint[]) WITH ORDINALITY"
                + " AS t (event_id, topic, record_key, payload, ce_type, created_micros, ord) ORDER BY t.ord";
        // The connection is the one enlisted in the caller's transaction.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < events.size(); i += CHUNK) {
                List<Pending> chunk = events.subList(i, Math.min(events.size(), i + CHUNK));
                int n = chunk.size();
                UUID[] ids = new UUID[n];
                String[] topics = new String[n];
                String[] keys = new String[n];
                byte[][] payloads = new byte[n][];
                String[] types = new String[n];
                Long[] created = new Long[n];
                for (int j = 0; j < n; j++) {
                    Pending e = chunk.get(j);
                    ids[j] = e.eventId();
                    topics[j] = e.topic().topicName();
                    keys[j] = e.key();
                    payloads[j] = e.payload();
                    types[j] = e.ceType();
                    created[j] = ChronoUnit.MICROS.between(Instant.EPOCH, e.createdAt());
                }
                ps.setString(1, source);
                ps.setArray(2, c.createArrayOf("uuid", ids));
                ps.setArray(3, c.createArrayOf("text", topics));
                ps.setArray(4, c.createArrayOf("text", keys));
                ps.setArray(5, c.createArrayOf("bytea", payloads));
                ps.setArray(6, c.createArrayOf("text", types));
                ps.setArray(7, c.createArrayOf("bigint", created));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            // Throwing here marks the transaction rollback-only: the state change is not committed either.
            throw new IllegalStateException("cannot write outbox events: " + e.getMessage(), e);
        }
    }

    private record Pending(UUID eventId, Topic topic, String key, byte[] payload, String ceType, Instant createdAt) {
    }
}
