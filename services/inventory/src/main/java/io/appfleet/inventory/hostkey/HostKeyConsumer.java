package io.appfleet.inventory.hostkey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.DeadLetter;
import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.Failed;
import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.Handled;
import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.Verdict;
import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.micrometer.core.instrument.Counter;

/**
 * Reads {@code fleet.observed.v1} in its own consumer group, on one thread, and hands each record
 * to {@link ObservedHostKeyHandler}. Offsets are committed once their records are handled (after
 * each batch and before partitions move), so a restart goes on where it stopped and a record is
 * handled at least once; recording a pin is idempotent, so a repeat changes nothing.
 *
 * <p>A record that cannot be read goes to {@code fleet.observed.v1.dlq} with the reason. When the
 * database fails, the record is tried again with a capped backoff; while the database is
 * unreachable that goes on for as long as it takes, but a record that keeps failing against a
 * working database is dead-lettered after {@value #ATTEMPTS} attempts so it cannot stall its
 * partition.
 */
public final class HostKeyConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HostKeyConsumer.class);
    static final int ATTEMPTS = 3;
    private static final long FIRST_BACKOFF_MILLIS = 1_000;
    private static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(10);

    /** Where to read and how the topics are created when missing. */
    public record Settings(String bootstrapServers, String groupId, int partitions, short replicationFactor) {
    }

    private final Settings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final ObservedHostKeyHandler handler;
    private final BooleanSupplier storeReachable;
    private final Counter deadLettered;
    private final Counter retried;
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    private final FailedRecords failures = new FailedRecords(ATTEMPTS);
    private long backoffMillis;

    HostKeyConsumer(Settings settings, ObservedHostKeyHandler handler, BooleanSupplier storeReachable,
            Counter deadLettered, Counter retried) {
        this.settings = settings;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // A new group reads the whole compacted topic: keys trusted before inventory listened get pinned too.
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new DeadLetters(settings.bootstrapServers(), settings.groupId());
        this.handler = handler;
        this.storeReachable = storeReachable;
        this.deadLettered = deadLettered;
        this.retried = retried;
        this.thread = new Thread(this::run, "host-key-consumer");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    private void run() {
        try {
            if (!ensureTopic()) {
                return;
            }
            consumer.subscribe(List.of(Topic.OBSERVED.topicName()), new Rebalance());
            LOG.infof("reading %s in group %s for host keys trusted on first use", Topic.OBSERVED.topicName(),
                    settings.groupId());
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                boolean done = records.isEmpty() || handle(records);
                commit();
                if (done) {
                    backoffMillis = 0;
                } else {
                    pause(nextBackoff());
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.errorf(e, "host key consumer stopped: %s", e.getMessage());
        } finally {
            try {
                commit();
            } catch (WakeupException e) {
                // close() woke a consumer that was not polling; the wakeup is spent now.
                commit();
            }
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /** The observed topic and its dead-letter topic must exist before we subscribe or dead-letter. */
    private boolean ensureTopic() {
        while (running) {
            try {
                TopicAdmin.ensureTopics(settings.bootstrapServers(), List.of(Topic.OBSERVED), settings.partitions(),
                        settings.replicationFactor(), 10_000);
                backoffMillis = 0;
                return true;
            } catch (RuntimeException e) {
                long wait = nextBackoff();
                LOG.warnf("cannot check topic %s yet, retrying in %d ms: %s", Topic.OBSERVED.topicName(), wait,
                        e.getMessage());
                pause(wait);
            }
        }
        return false;
    }

    /**
     * Handles a batch partition by partition; returns false when a record must be tried again,
     * after seeking every partition not fully handled back to its first unhandled record.
     */
    private boolean handle(ConsumerRecords<byte[], byte[]> records) {
        List<TopicPartition> partitions = new ArrayList<>(records.partitions());
        for (int i = 0; i < partitions.size(); i++) {
            TopicPartition tp = partitions.get(i);
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                if (!running) {
                    consumer.seek(tp, r.offset());
                    rewind(records, partitions.subList(i + 1, partitions.size()));
                    return true;
                }
                if (!handle(r)) {
                    consumer.seek(tp, r.offset());
                    rewind(records, partitions.subList(i + 1, partitions.size()));
                    return false;
                }
                uncommitted.put(tp, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        return true;
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records, List<TopicPartition> untouched) {
        for (TopicPartition tp : untouched) {
            consumer.seek(tp, records.records(tp).get(0).offset());
        }
    }

    /** @return whether the record is done with (handled or dead-lettered) */
    private boolean handle(ConsumerRecord<byte[], byte[]> r) {
        Verdict v = handler.handle(r);
        if (v instanceof Handled) {
            failures.clear();
            return true;
        }
        if (v instanceof DeadLetter d) {
            return deadLetter(r, d.reason(), d.cause());
        }
        RuntimeException cause = ((Failed) v).cause();
        boolean reachable = storeReachable.getAsBoolean();
        if (failures.failed(r, reachable) == FailedRecords.Action.DEAD_LETTER) {
            return deadLetter(r, "cannot record the host key after " + failures.attempts() + " attempts: "
                    + cause.getMessage(), cause);
        }
        if (!reachable) {
            // Not the record's fault: its attempts do not count.
            LOG.warnf("cannot record host key of %s-%d@%d, the database is unreachable; retrying: %s", r.topic(),
                    r.partition(), r.offset(), cause.getMessage());
        } else {
            LOG.warnf(cause, "cannot record host key of %s-%d@%d (attempt %d of %d); retrying: %s", r.topic(),
                    r.partition(), r.offset(), failures.attempts(), ATTEMPTS, cause.getMessage());
        }
        retried.increment();
        return false;
    }

    private boolean deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Throwable cause) {
        try {
            deadLetters.send(r, reason, cause);
        } catch (RuntimeException e) {
            LOG.warnf("cannot dead-letter %s-%d@%d yet, retrying: %s", r.topic(), r.partition(), r.offset(),
                    e.getMessage());
            return false;
        }
        LOG.warnf("record %s-%d@%d sent to %s: %s", r.topic(), r.partition(), r.offset(),
                Topic.OBSERVED.deadLetterTopicName(), reason);
        deadLettered.increment();
        failures.clear();
        return true;
    }

    private void commit() {
        if (uncommitted.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(uncommitted, COMMIT_TIMEOUT);
            uncommitted.clear();
        } catch (CommitFailedException e) {
            // The partitions moved on: their new owner reads from the last commit, which is harmless.
            LOG.infof("offsets not committed, the partitions were reassigned: %s", e.getMessage());
            uncommitted.clear();
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            // Kept for the next commit; at worst the records are handled again.
            LOG.warnf("cannot commit offsets yet: %s", e.getMessage());
        }
    }

    private long nextBackoff() {
        backoffMillis = backoffMillis == 0 ? FIRST_BACKOFF_MILLIS : Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
        return backoffMillis;
    }

    private void pause(long millis) {
        try {
            stopping.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.infof("host key consumer assigned %d partitions", partitions.size());
            }
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            commit();
            partitions.forEach(uncommitted::remove);
            failures.clear();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            partitions.forEach(uncommitted::remove);
            failures.clear();
        }
    }

    @Override
    public void close() {
        running = false;
        stopping.countDown();
        consumer.wakeup();
        if (thread.isAlive()) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
        deadLetters.close();
    }
}
