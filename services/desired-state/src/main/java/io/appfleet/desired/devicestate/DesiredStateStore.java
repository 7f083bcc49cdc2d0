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
import jakarta.transaction.TransactionSynchronizationRegistry;

import com.google.protobuf.InvalidProtocolBufferException;

import io.agroal.api.AgroalDataSource;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;

/** The {@code device_desired} table: per device, the last published state and its generation. */
@ApplicationScoped
public class DesiredStateStore {

    private static final int CHUNK = 5000;
    private static final Object TRANSACTION_VIEW = new Object();

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TransactionSynchronizationRegistry transactions;

    /**
     * The stored states of {@code deviceIds} (devices without one are left out). Inside a transaction, rows read
     * or written before in the same transaction are not read again: an apply computes its devices more than once
     * (the conflict check, then the rollout's choice), and parsing 10,000 states twice costs as much as the rest
     * of the computation. Every write of {@code device_desired} goes through {@link #save}, which keeps that
     * view current.
     */
    public Map<String, StoredState> load(Collection<String> deviceIds) {
        Map<String, StoredState> out = new HashMap<>();
        Map<String, StoredState> known = transactionView();
        List<String> ids = new ArrayList<>(deviceIds.size());
        for (String id : deviceIds) {
            if (known != null && known.containsKey(id)) {
                StoredState s = known.get(id);
                if (s != null) {
                    out.put(id, s);
                }
            } else {
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            return out;
        }
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
        if (known != null) {
            for (String id : ids) {
                known.put(id, out.get(id)); // null: known to have no row
            }
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

    /**
     * Inserts or replaces the rows of {@code states} (one per device). One statement per {@value #CHUNK} rows
     * with the values as arrays: a batch of single-row inserts spends most of its time binding 5 parameters
     * per row, in the driver and in the server.
     */
    public void save(List<StoredState> states) {
        if (states.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO device_desired (device_id, generation, content_digest, state, updated_at)"
                        + " SELECT t.device_id, t.generation, t.content_digest, t.state, ?::timestamptz"
                        + " FROM unnest(?::text[], ?::bigint[], ?::text[], ?::bytea[])"
                        + " AS t (device_id, generation, content_digest, state)"
                        + " ON CONFLICT (device_id) DO UPDATE SET generation = EXCLUDED.generation,"
                        + " content_digest = EXCLUDED.content_digest, state = EXCLUDED.state,"
                        + " updated_at = EXCLUDED.updated_at")) {
            for (int i = 0; i < states.size(); i += CHUNK) {
                List<StoredState> chunk = states.subList(i, Math.min(states.size(), i + CHUNK));
                int n = chunk.size();
                String[] ids = new String[n];
                Long[] generations = new Long[n];
                String[] digests = new String[n];
                byte[][] bytes = new byte[n][];
                for (int j = 0; j < n; j++) {
                    StoredState s = chunk.get(j);
                    ids[j] = s.deviceId();
                    generations[j] = s.generation();
                    digests[j] = s.contentDigest();
                    bytes[j] = s.state() == null ? null : s.state().toByteArray();
                }
                ps.setTimestamp(1, now);
                ps.setArray(2, c.createArrayOf("text", ids));
                ps.setArray(3, c.createArrayOf("bigint", generations));
                ps.setArray(4, c.createArrayOf("text", digests));
                ps.setArray(5, c.createArrayOf("bytea", bytes));
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write device_desired: " + e.getMessage(), e);
        }
        Map<String, StoredState> known = transactionView();
        if (known != null) {
            states.forEach(s -> known.put(s.deviceId(), s));
        }
    }

    /** What this transaction has read or written, by device (null value: no row); null outside a transaction. */
    @SuppressWarnings("unchecked")
    private Map<String, StoredState> transactionView() {
        if (transactions.getTransactionKey() == null) {
            return null;
        }
        Map<String, StoredState> view = (Map<String, StoredState>) transactions.getResource(TRANSACTION_VIEW);
        if (view == null) {
            view = new HashMap<>();
            transactions.putResource(TRANSACTION_VIEW, view);
        }
        return view;
    }
}
