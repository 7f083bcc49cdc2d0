package io.appfleet.desired.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.testsupport.FleetInfra;

/** Plays inventory on fleet.inventory.v1 and reads fleet.desired.v1 as the device-adapter would. */
public final class FleetTopics {

    private FleetTopics() {
    }

    /** Publishes a device as inventory does (CloudEvents headers, protobuf value), acknowledged. */
    public static void publish(Device d) {
        send(Topic.INVENTORY.topicName(), d.getId(), d.toByteArray(), "io.appfleet.inventory.device.upserted");
    }

    public static void tombstone(String id) {
        send(Topic.INVENTORY.topicName(), id, null, "io.appfleet.inventory.device.deleted");
    }

    public static void send(String topic, String key, byte[] value, String ceType) {
        // Brokers run with auto-creation off: create the contract's topics as a producing service would.
        TopicAdmin.ensureTopics(FleetInfra.shared().kafka().bootstrapServers(), List.of(Topic.INVENTORY, Topic.DESIRED),
                3, (short) 1, 30_000);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
            new CloudEventHeaders(UUID.randomUUID().toString(), ceType, "/appfleet/test", Instant.now(), key)
                    .writeTo(r.headers(), value != null);
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** A decoded fleet.desired.v1 record; {@code state} null for a tombstone. */
    public record Desired(String deviceId, DesiredDeviceState state, ConsumerRecord<String, byte[]> raw) {
        public String header(String name) {
            var h = raw.headers().lastHeader(name);
            return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        }
    }

    /** Every fleet.desired.v1 record of the devices {@code keys} accepts, in offset order per device. */
    public static List<Desired> desired(Predicate<String> keys) {
        return desired(keys, l -> true, Duration.ofSeconds(3));
    }

    /** Reads fleet.desired.v1 from the start until {@code done} holds for the matching records, or fails. */
    public static List<Desired> desired(Predicate<String> keys, Predicate<List<Desired>> done, Duration timeout) {
        List<Desired> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read(Topic.DESIRED.topicName(), keys,
                l -> done.test(decode(l)), timeout)) {
            out.add(decode(r));
        }
        return out;
    }

    private static List<Desired> decode(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(FleetTopics::decode).toList();
    }

    private static Desired decode(ConsumerRecord<String, byte[]> r) {
        try {
            return new Desired(r.key(), r.value() == null ? null : DesiredDeviceState.parseFrom(r.value()), r);
        } catch (Exception e) {
            throw new AssertionError("a fleet.desired.v1 record is not a DesiredDeviceState", e);
        }
    }

    /**
     * Polls a whole topic from the beginning until the records passing {@code keys} satisfy
     * {@code done}; returns them. When {@code done} never holds, fails after {@code timeout}.
     */
    public static List<ConsumerRecord<String, byte[]>> read(String topic, Predicate<String> keys,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                try {
                    consumer.partitionsFor(topic, Duration.ofSeconds(2))
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    // not created yet
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            var ends = consumer.endOffsets(partitions);
            while (true) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && keys.test(r.key())) {
                        seen.add(r);
                    }
                }
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
                if (atEnd && done.test(seen)) {
                    return seen;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(topic + " did not reach the expected state within " + timeout + "; saw "
                            + seen.size() + " matching records");
                }
                if (atEnd) {
                    ends.putAll(consumer.endOffsets(partitions));
                }
            }
        }
    }
}
