package io.appfleet.telemetry.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.StoreRetryBackoff;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Reads fleet.telemetry.v1 in the consumer group, one poll = one batch = one transaction, and
 * commits the offsets only after the batch is in PostgreSQL (at least once; the natural keys make
 * the "more than once" harmless). A record that cannot be decoded or stored goes to
 * fleet.telemetry.v1.dlq with the reason.
 *
 * <p>The consumer thread polls, decodes and commits offsets (a KafkaConsumer is single-threaded);
 * writer threads store the samples, each the devices of its share of the partitions (a device's records
 * are all in one partition: they stay in order and in one writer's memory), on its own connection, so that decoding, the writers' own
 * work and PostgreSQL's overlap. A batch's offsets are committed once every writer has stored its part
 * of it and of every batch before it.
 */
public final class TelemetryConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TelemetryConsumer.class);
    /** Adapter clocks drift a little; a sample further in the future would stall its counters' rates. */
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    /** Settings of the consumer. */
    public record Settings(String bootstrapServers, String groupId, int maxBatch, Duration rawRetention) {
    }

    /** One poll: its offsets, committed once all its parts are stored. */
    private static final class Batch {
        final Map<TopicPartition, OffsetAndMetadata> offsets;
        final AtomicInteger parts = new AtomicInteger();
        volatile boolean stored;

        Batch(Map<TopicPartition, OffsetAndMetadata> offsets) {
            this.offsets = offsets;
        }
    }

    /** A writer's share of a batch. */
    private record Part(Batch batch, List<FlatSample> samples) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final List<BatchWriter> writers;
    private final Settings settings;
    private final Clock clock;
    private final Thread thread;
    private final List<Thread> writerThreads = new ArrayList<>();
    private final SampleMetrics metrics;
    /** Per writer, its parts waiting (at most one: the next batch is decoded while this one is written). */
    private final List<BlockingQueue<Part>> toWrite = new ArrayList<>();
    /** Released by a writer each time a batch is stored whole. */
    private final Semaphore storedSignal = new Semaphore(0);
    /** Batches polled and not yet committed, in poll order; consumer thread only. */
    private final Deque<Batch> inFlight = new ArrayDeque<>();
    private final Counter ingested;
    private final Counter duplicates;
    private final Counter expired;
    private final Counter deadLettered;
    private final Counter failures;
    private final Timer batches;
    private volatile boolean running = true;

    public TelemetryConsumer(Settings settings, List<BatchWriter> writers, SampleMetrics metrics,
            MeterRegistry registry, Clock clock) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        // Batches of a few thousand samples even when they trickle in: a transaction has a fixed cost (statements,
        // commit) that small batches pay per sample; a sample waits at most 0.5 s for company.
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 512 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new DeadLetters(settings.bootstrapServers(), settings.groupId());
        this.writers = List.copyOf(writers);
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "telemetry-consumer");
        this.thread.setDaemon(true);
        for (int i = 0; i < this.writers.size(); i++) {
            BlockingQueue<Part> queue = new ArrayBlockingQueue<>(1);
            toWrite.add(queue);
            BatchWriter w = this.writers.get(i);
            Thread t = new Thread(() -> writeLoop(w, queue), "telemetry-writer-" + i);
            t.setDaemon(true);
            writerThreads.add(t);
        }
        this.ingested = Counter.builder("fleet.telemetry.ingested.values")
                .description("Sample values stored as new raw rows").register(registry);
        this.duplicates = Counter.builder("fleet.telemetry.duplicate.values")
                .description("Sample values already stored (replays), left as they were").register(registry);
        this.expired = Counter.builder("fleet.telemetry.expired.samples")
                .description("Samples older than the raw retention, not ingested").register(registry);
        this.deadLettered = Counter.builder("fleet.telemetry.dead.letters")
                .description("Records sent to fleet.telemetry.v1.dlq").register(registry);
        this.failures = Counter.builder("fleet.telemetry.batch.failures")
                .description("Batches that could not be written and were retried").register(registry);
        this.batches = Timer.builder("fleet.telemetry.batch.duration")
                .description("Time to write one batch to PostgreSQL").register(registry);
    }

    public void start() {
        consumer.subscribe(List.of(Topic.TELEMETRY.topicName()), new Rebalance());
        writerThreads.forEach(Thread::start);
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                commitStored();
                // Short polls while batches are being written, so their offsets are committed soon after them.
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(inFlight.isEmpty() ? 500 : 20));
                if (records.isEmpty()) {
                    continue;
                }
                Batch batch = new Batch(nextOffsets(records));
                List<List<FlatSample>> shares = decode(records);
                inFlight.add(batch);
                int parts = 0;
                for (List<FlatSample> share : shares) {
                    parts += share.isEmpty() ? 0 : 1;
                }
                batch.parts.set(parts);
                if (parts == 0) {
                    batch.stored = true; // nothing to store (dead letters, expired samples): committed in its turn
                }
                for (int i = 0; i < shares.size(); i++) {
                    if (shares.get(i).isEmpty()) {
                        continue;
                    }
                    Part part = new Part(batch, shares.get(i));
                    while (!toWrite.get(i).offer(part, 50, TimeUnit.MILLISECONDS)) {
                        commitStored();
                        if (!running) {
                            return;
                        }
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.errorf(e, "telemetry consumer stopped: %s", e.getMessage());
        } finally {
            running = false;
            try {
                commitStored();
            } catch (RuntimeException e) {
                LOG.debugf("last commit at stop: %s", e.getMessage());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * Commits the offsets of the batches stored whole, up to the first one that is not: offsets of a batch
     * stored before an earlier one must wait for it (they would also commit the earlier one's records).
     */
    private void commitStored() {
        Map<TopicPartition, OffsetAndMetadata> offsets = null;
        while (!inFlight.isEmpty() && inFlight.peekFirst().stored) {
            Batch b = inFlight.pollFirst();
            if (offsets == null) {
                offsets = new HashMap<>();
            }
            offsets.putAll(b.offsets);
        }
        if (offsets != null) {
            consumer.commitSync(offsets);
        }
    }

    /** Waits until the writers have stored every batch handed to them, committing their offsets if {@code commit}. */
    private void drain(boolean commit) {
        while (!inFlight.isEmpty() && writerThreads.stream().allMatch(Thread::isAlive)) {
            if (commit) {
                commitStored();
            } else {
                while (!inFlight.isEmpty() && inFlight.peekFirst().stored) {
                    inFlight.pollFirst();
                }
            }
            try {
                storedSignal.tryAcquire(50, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> rs = records.records(tp);
            out.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return out;
    }

    private void writeLoop(BatchWriter writer, BlockingQueue<Part> queue) {
        try {
            while (running) {
                Part p = queue.poll(100, TimeUnit.MILLISECONDS);
                if (p == null) {
                    flushHours(writer, false);
                } else {
                    store(writer, p.samples());
                    if (p.batch().parts.decrementAndGet() == 0) {
                        p.batch().stored = true;
                        storedSignal.release();
                    }
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping: a batch not stored is not committed, and will be read again
        } catch (RuntimeException e) {
            LOG.errorf(e, "telemetry writer stopped: %s", e.getMessage());
            running = false;
        }
    }

    /**
     * The samples of a poll, shared out to the writers by partition: a device's records are all in one
     * partition (keyed by device id), so it stays with one writer, in order.
     */
    private List<List<FlatSample>> decode(ConsumerRecords<byte[], byte[]> records) {
        int n = writers.size();
        List<List<FlatSample>> shares = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>(records.count() / n + 16));
        }
        Instant now = clock.instant();
        Instant oldest = now.minus(settings.rawRetention());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            try {
                String id = RecordDecoder.key(r);
                TelemetrySample s = RecordDecoder.value(r, TelemetrySample.parser(), "fleet.v1.TelemetrySample");
                if (s == null) {
                    throw new InvalidSample("tombstone on a time-retained topic (fleet.telemetry.v1 has no deletes)");
                }
                RecordDecoder.checkKey(id, s.getDeviceId());
                FlatSample sample = SampleFlattener.sample(s);
                if (sample.size() == 0) {
                    continue; // nothing reported (all optional values absent): nothing to store
                }
                Instant at = sample.sampledAt();
                if (at.isAfter(now.plus(MAX_FUTURE))) {
                    throw new InvalidSample("sampled_at " + at + " is more than " + MAX_FUTURE.toMinutes()
                            + " minutes in the future (clock of " + s.getCollectedBy() + "?)");
                }
                if (at.isBefore(oldest)) {
                    // Its raw row would be gone already: it could not be told from a replay, so it is not counted again.
                    expired.increment();
                    continue;
                }
                shares.get(r.partition() % n).add(sample);
            } catch (RecordDecoder.Undecodable e) {
                deadLetter(r, e.getMessage(), e.getCause());
            } catch (InvalidSample e) {
                deadLetter(r, e.getMessage(), null);
            } catch (RuntimeException e) {
                deadLetter(r, "cannot handle record: " + e.getMessage(), e);
            }
        }
        return shares;
    }

    /** Retries until stored: telemetry is never skipped for a database outage, only delayed. */
    private void store(BatchWriter writer, List<FlatSample> batch) {
        StoreRetryBackoff backoff = new StoreRetryBackoff();
        while (running) {
            try {
                long start = System.nanoTime();
                BatchWriter.Result r = writer.write(batch);
                long nanos = System.nanoTime() - start;
                batches.record(Duration.ofNanos(nanos));
                ingested.increment(r.inserted());
                duplicates.increment(r.duplicates());
                if (metrics != null) {
                    metrics.committed(r.fresh(), clock.instant());
                }
                LOG.debugf("stored %d samples (%d new) in %.1f ms: %s", r.samples(), r.insertedSamples(), nanos / 1e6,
                        r.timing());
                return;
            } catch (SQLException | RuntimeException e) {
                failures.increment();
                LOG.warnf("could not write %d telemetry samples, retrying in %d ms: %s", batch.size(),
                        backoff.next().toMillis(), e.getMessage());
                backoff.pause();
            }
        }
        throw new WakeupException(); // stopping: the batch is not committed and will be read again
    }

    /** Writes the hour rollups a writer held back; a failure is logged (the hours are summed again from minutes). */
    private static void flushHours(BatchWriter writer, boolean all) {
        try {
            writer.flushHours(all);
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("could not write held-back hour rollups (summed again from their minutes later): %s", e.getMessage());
        }
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Throwable cause) {
        LOG.warnf("record %s-%d@%d sent to %s.dlq: %s", r.topic(), r.partition(), r.offset(), r.topic(), reason);
        deadLetters.send(r, reason, cause);
        deadLettered.increment();
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            LOG.infof("assigned %d telemetry partitions", partitions.size());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            // What was polled is stored and committed before the partitions go; then another instance may write
            // these devices: our baselines and rollups in memory would go stale.
            drain(true);
            writers.forEach(w -> flushHours(w, true));
            writers.forEach(BatchWriter::forget);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // No commit possible any more; the new owner reads the uncommitted records again (they change nothing).
            drain(false);
            writers.forEach(BatchWriter::forget);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            for (Thread t : writerThreads) {
                t.join(10_000);
            }
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close();
        writers.forEach(BatchWriter::close);
    }
}
