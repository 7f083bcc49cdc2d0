package io.appfleet.desired.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A plain consumer of one topic, as a device-adapter would read it, started at the topic's end: it
 * keeps every record whose key starts with the benchmark's prefix, with the moment it arrived here
 * and the broker's append time (the topic must use LogAppendTime for that).
 */
final class DesiredRecordWatch implements AutoCloseable {

    /** One record as received. */
    record Seen(String key, byte[] value, List<Header> headers, long appendMillis, TimestampType timestampType,
            long receivedNanos, int serializedKeyBytes, int serializedValueBytes) {

        int headerBytes() {
            int n = 0;
            for (Header h : headers) {
                n += h.key().length() + (h.value() == null ? 0 : h.value().length);
            }
            return n;
        }
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final String prefix;
    private final Thread thread;
    private final List<Seen> round = new ArrayList<>();
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    DesiredRecordWatch(String bootstrapServers, String topic, String prefix) {
        this.prefix = prefix;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "bench-desired-watch");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        // Resolves the end offsets now, before anything is published, rather than lazily at the first poll.
        partitions.forEach(consumer::position);
        thread = new Thread(this::run, "bench-desired-watch");
        thread.setDaemon(true);
        thread.start();
    }

    /** Forgets what was seen so far: the next {@link #await} counts records arriving from now on. */
    void startRound() {
        synchronized (round) {
            round.clear();
        }
    }

    /**
     * Waits until records of {@code expected} distinct keys arrived in this round; returns the first
     * record of each key, in arrival order.
     */
    List<Seen> await(int expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (failure != null) {
                throw failure;
            }
            List<Seen> firsts = new ArrayList<>();
            Set<String> keys = new HashSet<>();
            synchronized (round) {
                for (Seen s : round) {
                    if (keys.add(s.key())) {
                        firsts.add(s);
                    }
                }
            }
            if (firsts.size() >= expected) {
                return firsts;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + firsts.size() + " of " + expected + " devices' records arrived within "
                        + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /** Every record of this round, repeats included (a relay retry would show here). */
    int roundRecords() {
        synchronized (round) {
            return round.size();
        }
    }

    private void run() {
        try {
            while (running) {
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (records.isEmpty()) {
                    continue;
                }
                List<Seen> batch = new ArrayList<>(records.count());
                for (ConsumerRecord<String, byte[]> r : records) {
                    if (r.key() != null && r.key().startsWith(prefix)) {
                        batch.add(new Seen(r.key(), r.value(), List.of(r.headers().toArray()), r.timestamp(),
                                r.timestampType(), now, r.serializedKeySize(), r.serializedValueSize()));
                    }
                }
                synchronized (round) {
                    round.addAll(batch);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
