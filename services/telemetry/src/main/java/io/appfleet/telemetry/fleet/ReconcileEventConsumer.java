package io.appfleet.telemetry.fleet;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.StoreRetryBackoff;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.ReconcileEvent;

/**
 * Reads fleet.events.v1 in its own consumer group, one poll = one batch = one transaction, and
 * commits the offsets only after the batch is in PostgreSQL (at least once; the event id makes the
 * "more than once" harmless). Steps stored for the first time are counted in {@link StepStats}. A
 * record that cannot be decoded goes to fleet.events.v1.dlq with the reason; events older than the
 * retention are skipped (their rows would be gone already: a replay would bring them back).
 */
final class ReconcileEventConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ReconcileEventConsumer.class);

    record Settings(String bootstrapServers, String groupId, int maxBatch, Duration retention) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final ReconcileEventStore store;
    private final FleetView view;
    private final StepStats stats;
    private final ConsumerStats consumerStats;
    private final Settings settings;
    private final Clock clock;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long lag = -1;
    private final AtomicLong consumed = new AtomicLong();

    ReconcileEventConsumer(Settings settings, ReconcileEventStore store, FleetView view, StepStats stats,
            ConsumerStats consumerStats, Clock clock) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new DeadLetters(settings.bootstrapServers(), settings.groupId());
        this.store = store;
        this.view = view;
        this.stats = stats;
        this.consumerStats = consumerStats;
        this.settings = settings;
        this.clock = clock;
        this.thread = new Thread(this::run, "telemetry-events");
        this.thread.setDaemon(true);
    }

    void start() {
        String topic = Topic.EVENTS.topicName();
        consumerStats.watchDeadLetters(topic);
        consumerStats.lag(topic, () -> lag);
        consumer.subscribe(List.of(topic));
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                consumed.addAndGet(records.count());
                if (!records.isEmpty()) {
                    List<DeviceEvent> batch = decode(records);
                    Set<String> inserted = store(batch);
                    for (DeviceEvent e : batch) {
                        // remove: the same event twice in one batch is stored (and counted) once
                        if (inserted.remove(e.eventId())) {
                            stats.record(view.platformOf(e.deviceId()), e.step(), e.outcome(), e.durationSeconds());
                        }
                    }
                    consumer.commitSync();
                }
                long behind = currentLag();
                if (behind >= 0) {
                    lag = behind;
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.errorf(e, "fleet.events.v1 consumer stopped: %s", e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Records read so far, stored, skipped or dead-lettered. */
    long consumed() {
        return consumed.get();
    }

    /** Records behind the end of the topic over the assigned partitions; -1 while none are assigned. */
    long lag() {
        return lag;
    }

    private long currentLag() {
        if (consumer.assignment().isEmpty()) {
            return -1;
        }
        long sum = 0;
        for (TopicPartition tp : consumer.assignment()) {
            var l = consumer.currentLag(tp);
            if (l.isPresent()) {
                sum += l.getAsLong();
            }
        }
        return sum;
    }

    private List<DeviceEvent> decode(ConsumerRecords<byte[], byte[]> records) {
        List<DeviceEvent> batch = new ArrayList<>(records.count());
        Instant oldest = clock.instant().minus(settings.retention());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                String id = RecordDecoder.key(r);
                ReconcileEvent e = RecordDecoder.value(r, ReconcileEvent.parser(), "fleet.v1.ReconcileEvent");
                if (e == null) {
                    throw new RecordDecoder.Undecodable(
                            "tombstone on a time-retained topic (fleet.events.v1 has no deletes)", null);
                }
                RecordDecoder.checkKey(id, e.getDeviceId());
                DeviceEvent event = ReconcileEvents.toRow(e, clock.instant());
                if (event.finishedAt().isBefore(oldest)) {
                    continue;
                }
                batch.add(event);
            } catch (RecordDecoder.Undecodable e) {
                deadLetter(r, e.getMessage(), e.getCause());
            } catch (IllegalArgumentException e) {
                deadLetter(r, e.getMessage(), null);
            }
        }
        return batch;
    }

    /** Retries until stored: events are never skipped for a database outage, only delayed. */
    private Set<String> store(List<DeviceEvent> batch) {
        StoreRetryBackoff backoff = new StoreRetryBackoff();
        while (running) {
            try {
                return store.insert(batch);
            } catch (Exception e) {
                LOG.warnf("could not store %d reconcile events, retrying in %d ms: %s", batch.size(),
                        backoff.next().toMillis(), e.getMessage());
                backoff.pause();
            }
        }
        throw new WakeupException(); // stopping: the batch is not committed and will be read again
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Throwable cause) {
        LOG.warnf("record %s-%d@%d sent to %s.dlq: %s", r.topic(), r.partition(), r.offset(), r.topic(), reason);
        deadLetters.send(r, reason, cause);
        consumerStats.deadLettered(r.topic());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close();
    }
}
