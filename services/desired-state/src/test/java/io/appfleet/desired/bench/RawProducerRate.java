package io.appfleet.desired.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.outbox.OutboxRelay;

/**
 * The reference for the relay's rate: a plain producer with the outbox relay's own settings
 * ({@link OutboxRelay#producerProperties}: acks=all, idempotent, linger 5 ms, 256 KiB batches) sending
 * the same keys, values and headers as fast as it can to a fresh topic with fleet.desired.v1's
 * partitions and configuration. The producer is created and has its metadata before the clock starts.
 */
final class RawProducerRate {

    /**
     * @param sendToAckNanos from the first send to the last acknowledgement
     * @param firstAppendMillis the broker's append time of the first record (LogAppendTime)
     * @param lastAppendMillis  the same for the last record
     */
    record Result(String topic, int records, long sendToAckNanos, long firstAppendMillis, long lastAppendMillis) {

        long appendSpanMillis() {
            return lastAppendMillis - firstAppendMillis;
        }

        /** Records per second between the first and the last append; with ms timestamps, at least 1 ms. */
        double appendRate() {
            return records * 1000.0 / Math.max(1, appendSpanMillis());
        }

        double sendToAckRate() {
            return records * 1e9 / sendToAckNanos;
        }
    }

    private RawProducerRate() {
    }

    /**
     * Sends {@code records} to {@code topic}, made by {@link #createTopics} well before: a partition whose leader
     * was elected a moment ago answers NOT_LEADER_OR_FOLLOWER at first, which would be timed here.
     */
    static Result run(String bootstrapServers, String topic, List<DesiredRecordWatch.Seen> records) throws Exception {
        Properties props = OutboxRelay.producerProperties(bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-producer");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            // Connection, metadata and producer id in place before the clock starts: one record per partition.
            List<java.util.concurrent.Future<?>> warmUp = new java.util.ArrayList<>();
            for (var info : producer.partitionsFor(topic)) {
                warmUp.add(producer.send(new ProducerRecord<>(topic, info.partition(), "warm-up", new byte[0])));
            }
            producer.flush();
            for (var f : warmUp) {
                f.get(60, TimeUnit.SECONDS);
            }
            AtomicLong first = new AtomicLong(Long.MAX_VALUE);
            AtomicLong last = new AtomicLong(Long.MIN_VALUE);
            AtomicInteger acked = new AtomicInteger();
            AtomicReference<Exception> failure = new AtomicReference<>();
            long t0 = System.nanoTime();
            for (DesiredRecordWatch.Seen s : records) {
                ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, s.key(), s.value());
                for (Header h : s.headers()) {
                    r.headers().add(h.key(), h.value());
                }
                producer.send(r, (metadata, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                        return;
                    }
                    first.accumulateAndGet(metadata.timestamp(), Math::min);
                    last.accumulateAndGet(metadata.timestamp(), Math::max);
                    acked.incrementAndGet();
                });
            }
            producer.flush();
            long elapsed = System.nanoTime() - t0;
            if (failure.get() != null) {
                throw new IllegalStateException("the raw producer failed: " + failure.get(), failure.get());
            }
            if (acked.get() != records.size()) {
                throw new IllegalStateException("the raw producer got " + acked.get() + " of " + records.size() + " acks");
            }
            return new Result(topic, records.size(), elapsed, first.get(), last.get());
        }
    }

    /** fleet.desired.v1's configuration, with the broker's append time as record timestamp. */
    static Map<String, String> logAppendTimeConfig() {
        java.util.HashMap<String, String> c = new java.util.HashMap<>(Topic.DESIRED.config());
        c.put("message.timestamp.type", "LogAppendTime");
        return c;
    }

    /** Fresh topics with fleet.desired.v1's partitions and configuration (LogAppendTime), leaders elected. */
    static void createTopics(String bootstrapServers, List<String> topics, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(p)) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)
                    .configs(logAppendTimeConfig())).toList()).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!leadersElected(admin, topics)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(topics + " have partitions without a leader after 30 s");
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static boolean leadersElected(Admin admin, List<String> topics) throws InterruptedException {
        try {
            return admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values().stream()
                    .allMatch(d -> d.partitions().stream().allMatch(i -> i.leader() != null));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false; // the broker does not know them yet
        }
    }
}
