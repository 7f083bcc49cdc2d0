package io.appfleet.telemetry.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;

/** Plays inventory, desired-state and the device-adapter on the fleet topics, and reads dead letters back. */
public final class FleetTopics implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final String bootstrapServers;
    private final List<Future<RecordMetadata>> sent = new ArrayList<>();

    FleetTopics(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends as the services do: key, CloudEvents binary-mode headers; a null value is a tombstone. */
    FleetTopics send(Topic topic, String key, byte[] value) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic.topicName(), key, value);
        new CloudEventHeaders(UUID.randomUUID().toString(), "io.appfleet.it." + topic.name().toLowerCase(),
                "/appfleet/it", Instant.now(), key).writeTo(r.headers(), value != null);
        sent.add(producer.send(r));
        return this;
    }

    /** Waits until every record sent so far is acknowledged. */
    void flush() {
        producer.flush();
        try {
            for (Future<RecordMetadata> f : sent) {
                f.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish", e);
        }
        sent.clear();
    }

    /** Reads {@code <topic>.dlq} from the start until the records whose keys match satisfy {@code done}. */
    List<ConsumerRecord<String, byte[]>> deadLetters(Topic topic, Predicate<String> keys,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return deadLetters(bootstrapServers, topic, keys, done, timeout);
    }

    /** Reads {@code topic}'s dead letters from the start until the records with matching keys satisfy {@code done}. */
    public static List<ConsumerRecord<String, byte[]>> deadLetters(String bootstrapServers, Topic topic,
            Predicate<String> keys, Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            String dlq = topic.deadLetterTopicName();
            List<TopicPartition> partitions = consumer.partitionsFor(dlq, Duration.ofSeconds(10)).stream()
                    .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(300))) {
                    if (r.key() != null && keys.test(r.key())) {
                        seen.add(r);
                    }
                }
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("dead letters of " + topic.topicName() + " not as expected within " + timeout
                + "; saw keys " + seen.stream().map(ConsumerRecord::key).toList());
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
