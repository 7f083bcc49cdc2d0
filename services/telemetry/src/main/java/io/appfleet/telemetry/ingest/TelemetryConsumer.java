package io.appfleet.telemetry.ingest;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

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
 * <p>Two threads, so that decoding the next batch overlaps writing this one: the consumer thread
 * polls, decodes and commits offsets (a KafkaConsumer is single-threaded); the writer thread writes
 * batches in the order they were polled, at most one waiting behind the one being written.
 */
public final class TelemetryConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TelemetryConsumer.class);
    /** Adapter clocks drift a little; a sample further in the future would stall its counters' rates. */
    static final Duration MAX_FUTURE = Duration.ofMinutes(5);

    /** Settings of the consumer. */
    public record Settings(String bootstrapServers, String groupId, int maxBatch, Duration rawRetention) {
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final BatchWriter writer;
    private final Settings settings;
    private final Clock clock;
    private final Thread thread;
    private final Thread writerThread;
    private final SampleMetrics metrics;
    /** Decoded, waiting for the writer (at most one: the next batch is decoded while this one is written). */
    private final BlockingQueue<Batch> toWrite = new ArrayBlockingQueue<>(1);
    /** Written, offsets to commit (consumer thread). */
    private final BlockingQueue<Batch> written = new LinkedBlockingQueue<>();
    /** Batches handed to the writer and not yet committed; consumer thread only. */
    private int inFlight;
    private final Counter ingested;
    private final Counter duplicates;
    private final Counter expired;
    private final Counter deadLettered;
    private final Counter failures;
    private final Timer batches;
    private volatile boolean running = true;

    /** One poll's samples and the offsets to commit once they are stored. */
    private record Batch(List<FlatSample> samples, Map<TopicPartition, OffsetAndMetadata> offsets) {
    }

    public TelemetryConsumer(Settings settings, BatchWriter writer, SampleMetrics metrics, MeterRegistry registry,
            Clock clock) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxBatch());
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 64 * 1024);
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new DeadLetters(settings.bootstrapServers(), settings.groupId());
        this.writer = writer;
        this.settings = settings;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = new Thread(this::run, "telemetry-consumer");
        this.thread.setDaemon(true);
        this.writerThread = new Thread(this::writeLoop, "telemetry-writer");
        this.writerThread.setDaemon(true);
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
        writerThread.start();
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                commitWritten();
                // Short polls while a batch is being written, so its offsets are committed soon after it.
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(inFlight > 0 ? 20 : 500));
                if (records.isEmpty()) {
                    continue;
                }
                Batch batch = new Batch(decode(records), nextOffsets(records));
                while (!toWrite.offer(batch, 50, TimeUnit.MILLISECONDS)) {
                    commitWritten();
                    if (!running) {
                        return;
                    }
                }
                inFlight++;
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.errorf(e, "telemetry consumer stopped: %s", e.getMessage());
        } finally {
            running = false;
            try {
                commitWritten();
            } catch (RuntimeException e) {
                LOG.debugf("last commit at stop: %s", e.getMessage());
            }
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Commits the offsets of the batches the writer has stored (in order, so the newest offsets win). */
    private void commitWritten() {
        Batch b = written.poll();
        if (b == null) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(b.offsets());
        inFlight--;
        while ((b = written.poll()) != null) {
            offsets.putAll(b.offsets());
            inFlight--;
        }
        consumer.commitSync(offsets);
    }

    /** Waits until the writer has stored every batch handed to it, committing their offsets if {@code commit}. */
    private void drain(boolean commit) {
        while (inFlight > 0 && writerThread.isAlive()) {
            try {
                Batch b = written.poll(50, TimeUnit.MILLISECONDS);
                if (b == null) {
                    continue;
                }
                inFlight--;
                if (commit) {
                    consumer.commitSync(b.offsets());
                }
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

    private void writeLoop() {
        try {
            while (running) {
                Batch b = toWrite.poll(100, TimeUnit.MILLISECONDS);
                if (b != null) {
                    store(b.samples());
                    written.add(b);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // stopping: a batch not stored is not committed, and will be read again
        } catch (RuntimeException e) {
            LOG.errorf(e, "telemetry writer stopped: %s", e.getMessage());
            running = false;
        }
    }

    private List<FlatSample> decode(ConsumerRecords<byte[], byte[]> records) {
        List<FlatSample> batch = new ArrayList<>(records.count());
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
                batch.add(sample);
            } catch (RecordDecoder.Undecodable e) {
                deadLetter(r, e.getMessage(), e.getCause());
            } catch (InvalidSample e) {
                deadLetter(r, e.getMessage(), null);
            } catch (RuntimeException e) {
                deadLetter(r, "cannot handle record: " + e.getMessage(), e);
            }
        }
        return batch;
    }

    /** Retries until stored: telemetry is never skipped for a database outage, only delayed. */
    private void store(List<FlatSample> batch) {
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
            writer.forget();
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // No commit possible any more; the new owner reads the uncommitted records again (they change nothing).
            drain(false);
            writer.forget();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            writerThread.join(10_000);
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close();
        writer.close();
    }
}
