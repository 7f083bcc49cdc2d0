package io.appfleet.platform.outbox;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Sends committed outbox rows to Kafka in commit order and deletes each once the broker has
 * acknowledged it. While Kafka is down the rows wait and the service keeps accepting changes;
 * the relay retries with a capped backoff and catches up when the broker returns.
 *
 * <p>Only one instance of a service relays at a time (a PostgreSQL advisory lock held on the
 * relay's own connection): two relays taking alternate batches could reorder one device's events.
 * Delivery is at least once: a crash between the acknowledgement and the delete sends a row again,
 * which consumers absorb through the record's generation.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final AgroalDataSource dataSource;
    private final String bootstrapServers;
    private final boolean enabled;
    private final int batchSize;
    private final int partitions;
    private final short replicationFactor;
    private final Duration idleWait;

    private final Semaphore wakeups = new Semaphore(0);
    private final Set<String> ensuredTopics = new HashSet<>();
    private final AtomicLong pendingEvents = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Counter relayed;
    private final Counter failures;

    private volatile boolean running;
    private volatile boolean leader;
    private Thread thread;
    private Connection connection;
    private KafkaProducer<String, byte[]> producer;

    @Inject
    public OutboxRelay(AgroalDataSource dataSource, MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
            @ConfigProperty(name = "appfleet.outbox.relay.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "appfleet.outbox.batch-size", defaultValue = "2000") int batchSize,
            @ConfigProperty(name = "appfleet.outbox.idle-poll", defaultValue = "1s") Duration idleWait,
            @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12") int partitions,
            @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1") short replicationFactor) {
        this.dataSource = dataSource;
        this.bootstrapServers = bootstrapServers;
        this.enabled = enabled;
        this.batchSize = batchSize;
        this.idleWait = idleWait;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        Gauge.builder("fleet.outbox.pending.events", pendingEvents, AtomicLong::get)
                .description("Outbox events committed but not yet acknowledged by Kafka").register(registry);
        Gauge.builder("fleet.outbox.oldest.event.age.seconds", oldestAgeMillis, a -> a.get() / 1000.0)
                .description("Age of the oldest outbox event not yet acknowledged by Kafka").register(registry);
        Gauge.builder("fleet.outbox.relay.leader", () -> leader ? 1 : 0)
                .description("1 when this instance holds the outbox relay lock").register(registry);
        relayed = Counter.builder("fleet.outbox.relayed.events")
                .description("Outbox events acknowledged by Kafka").register(registry);
        failures = Counter.builder("fleet.outbox.relay.failures")
                .description("Relay passes that failed (Kafka or database unavailable)").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("outbox relay disabled");
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeProducer();
        closeConnection();
    }

    /** Called after a commit that wrote outbox rows, so they leave without waiting for the idle poll. */
    public void wake() {
        wakeups.release();
    }

    public long pendingEvents() {
        return pendingEvents.get();
    }

    public boolean isLeader() {
        return leader;
    }

    private void run() {
        long backoffMillis = 0;
        while (running) {
            try {
                if (backoffMillis > 0) {
                    sleep(backoffMillis);
                }
                if (!acquireLeadership()) {
                    backoffMillis = MAX_BACKOFF.toMillis();
                    continue;
                }
                int sent = relayOnce();
                backoffMillis = 0;
                if (sent < batchSize) {
                    // Drain wakeups that arrived while we were sending: their rows were in this batch.
                    wakeups.drainPermits();
                    wakeups.tryAcquire(idleWait.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                failures.increment();
                backoffMillis = backoffMillis == 0 ? 250 : Math.min(backoffMillis * 2, MAX_BACKOFF.toMillis());
                LOG.warnf("outbox relay pass failed, retrying in %d ms: %s", backoffMillis, e.getMessage());
                if (e instanceof SQLException) {
                    closeConnection();
                }
            }
        }
    }

    private boolean acquireLeadership() throws SQLException {
        if (leader && connection != null && connection.isValid(2)) {
            return true;
        }
        closeConnection();
        connection = dataSource.getConnection();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement();
                // One lock per schema: each service relays its own outbox.
                ResultSet rs = st.executeQuery(
                        "SELECT pg_try_advisory_lock(hashtext('appfleet.outbox.' || current_schema()))")) {
            rs.next();
            leader = rs.getBoolean(1);
        }
        if (!leader) {
            closeConnection();
        } else {
            LOG.info("outbox relay is active on this instance");
        }
        return leader;
    }

    /** Sends one batch; returns how many rows it relayed. */
    int relayOnce() throws SQLException, InterruptedException {
        List<OutboxRecord> batch = readBatch();
        refreshPendingGauges(batch);
        if (batch.isEmpty()) {
            return 0;
        }
        ensureTopics(batch);
        KafkaProducer<String, byte[]> p = producer();
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (OutboxRecord r : batch) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(r.topic(), null,
                    r.createdAt().toEpochMilli(), r.key(), r.payload());
            new CloudEventHeaders(r.eventId().toString(), r.ceType(), r.ceSource(), r.createdAt(), r.key())
                    .writeTo(record.headers(), r.payload() != null);
            acks.add(p.send(record));
        }
        p.flush();
        List<Long> done = new ArrayList<>(batch.size());
        Exception firstFailure = null;
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get();
                done.add(batch.get(i).seq());
            } catch (ExecutionException e) {
                if (firstFailure == null) {
                    firstFailure = e;
                }
            }
        }
        delete(done);
        relayed.increment(done.size());
        pendingEvents.addAndGet(-done.size());
        if (firstFailure != null) {
            throw new IllegalStateException("Kafka did not acknowledge " + (batch.size() - done.size()) + " of "
                    + batch.size() + " events: " + firstFailure.getCause().getMessage(), firstFailure);
        }
        return done.size();
    }

    private List<OutboxRecord> readBatch() throws SQLException {
        List<OutboxRecord> batch = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT seq, event_id, topic, record_key, payload, ce_type, ce_source, created_at"
                        + " FROM outbox_event ORDER BY seq LIMIT ?")) {
            ps.setInt(1, batchSize);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    batch.add(new OutboxRecord(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                            rs.getString(4), rs.getBytes(5), rs.getString(6), rs.getString(7),
                            rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return batch;
    }

    private void refreshPendingGauges(List<OutboxRecord> batch) throws SQLException {
        if (batch.size() < batchSize) {
            pendingEvents.set(batch.size());
        } else {
            try (Statement st = connection.createStatement();
                    ResultSet rs = st.executeQuery("SELECT count(*) FROM outbox_event")) {
                rs.next();
                pendingEvents.set(rs.getLong(1));
            }
        }
        oldestAgeMillis.set(batch.isEmpty() ? 0
                : Math.max(0, System.currentTimeMillis() - batch.get(0).createdAt().toEpochMilli()));
    }

    private void delete(List<Long> seqs) throws SQLException {
        if (seqs.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM outbox_event WHERE seq = ANY (?)")) {
            Array array = connection.createArrayOf("bigint", seqs.toArray());
            ps.setArray(1, array);
            ps.executeUpdate();
        }
    }

    private void ensureTopics(List<OutboxRecord> batch) {
        List<Topic> missing = new ArrayList<>();
        for (OutboxRecord r : batch) {
            if (!ensuredTopics.contains(r.topic())) {
                Topic t = Topic.byName(r.topic());
                if (!missing.contains(t)) {
                    missing.add(t);
                }
            }
        }
        if (!missing.isEmpty()) {
            TopicAdmin.ensureTopics(bootstrapServers, missing, partitions, replicationFactor, 5_000);
            missing.forEach(t -> ensuredTopics.add(t.topicName()));
        }
    }

    private KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties(bootstrapServers), new StringSerializer(),
                    new ByteArraySerializer());
        }
        return producer;
    }

    /**
     * The relay's producer settings. Public so that a benchmark can measure a plain producer with exactly
     * these settings as the reference for the relay's rate.
     */
    public static Properties producerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence keeps per-partition order across the producer's own retries.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        // Fail a pass quickly while the broker is away; the rows stay in the outbox and are retried.
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        return props;
    }

    private void closeProducer() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
    }

    private void closeConnection() {
        leader = false;
        if (connection != null) {
            try {
                // The connection goes back to the pool: the session lock must not go with it.
                try (Statement st = connection.createStatement()) {
                    st.execute("SELECT pg_advisory_unlock_all()");
                } catch (SQLException e) {
                    LOG.debugf("releasing the relay lock failed: %s", e.getMessage());
                }
                connection.close();
            } catch (SQLException e) {
                LOG.debugf("closing the relay connection failed: %s", e.getMessage());
            }
            connection = null;
        }
    }

    private static void sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }
}
