package io.appfleet.platform.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.ProtobufDeserializer;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.testsupport.FleetInfra;

/** Topic creation, protobuf decoding and dead-lettering against a real broker. */
class DeadLettersIT {

    private static String bootstrap;

    @BeforeAll
    static void broker() {
        bootstrap = FleetInfra.shared().kafka().bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap, List.of(Topic.values()), 3, (short) 1, 30_000);
    }

    @Test
    void topicsAreCreatedWithTheirSettingsAndCreationIsIdempotent() throws Exception {
        TopicAdmin.ensureTopics(bootstrap, List.of(Topic.values()), 3, (short) 1, 30_000);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            for (Topic t : Topic.values()) {
                assertThat(names).contains(t.topicName(), t.deadLetterTopicName());
            }
            ConfigResource inv = new ConfigResource(ConfigResource.Type.TOPIC, Topic.INVENTORY.topicName());
            ConfigResource ev = new ConfigResource(ConfigResource.Type.TOPIC, Topic.EVENTS.topicName());
            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(inv, ev)).all().get(10, TimeUnit.SECONDS);
            assertThat(configs.get(inv).get("cleanup.policy").value()).isEqualTo("compact");
            assertThat(configs.get(ev).get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(configs.get(ev).get("retention.ms").value()).isEqualTo("604800000");
            assertThat(admin.describeTopics(List.of(Topic.INVENTORY.topicName())).allTopicNames()
                    .get(10, TimeUnit.SECONDS).get(Topic.INVENTORY.topicName()).partitions()).hasSize(3);
        }
    }

    @Test
    void theCommandsTopicTakesInventorysPartitionCountAndAMismatchIsRefused() throws Exception {
        String commands = Topic.DEVICE_COMMANDS.topicName();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            // Inventory has 3 partitions (created above); a service configured for 7 still makes 3 here.
            deleteAndAwait(admin, commands);
            TopicAdmin.ensureTopics(bootstrap, List.of(Topic.DEVICE_COMMANDS), 7, (short) 1, 30_000);
            assertThat(partitions(admin, commands)).isEqualTo(3);

            deleteAndAwait(admin, commands);
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(commands, 2, (short) 1)))
                    .all().get(10, TimeUnit.SECONDS);
            try {
                assertThatThrownBy(() -> TopicAdmin.ensureTopics(bootstrap, List.of(Topic.values()), 3, (short) 1, 30_000))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining(commands + " has 2 partitions but fleet.inventory.v1 has 3");
            } finally {
                deleteAndAwait(admin, commands);
                TopicAdmin.ensureTopics(bootstrap, List.of(Topic.values()), 3, (short) 1, 30_000);
            }
            assertThat(partitions(admin, commands)).isEqualTo(3);
        }
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions().size();
    }

    /** Deletion is asynchronous: wait until the name is free again. */
    private static void deleteAndAwait(Admin admin, String topic) throws Exception {
        admin.deleteTopics(List.of(topic)).all().get(10, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic));
    }

    @Test
    void undecodableRecordGoesToTheDeadLetterTopicWithItsReason() throws Exception {
        byte[] garbage = "definitely not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", bootstrap), new ByteArraySerializer(), new ByteArraySerializer())) {
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topic.INVENTORY.topicName(),
                    "sw-dlq-1".getBytes(StandardCharsets.UTF_8), garbage);
            r.headers().add("ce_type", "io.appfleet.device.upserted".getBytes(StandardCharsets.UTF_8));
            producer.send(r).get(10, TimeUnit.SECONDS);
        }

        ProtobufDeserializer<Device> deserializer = ProtobufDeserializer.of(Device.class);
        ConsumerRecord<byte[], byte[]> bad = readOne(Topic.INVENTORY.topicName(), "sw-dlq-1");
        assertThatThrownBy(() -> deserializer.deserialize(bad.topic(), bad.value()))
                .isInstanceOf(SerializationException.class).hasMessageContaining("not a valid protobuf");

        try (DeadLetters dlq = new DeadLetters(bootstrap, "dead-letters-it")) {
            try {
                deserializer.deserialize(bad.topic(), bad.value());
            } catch (SerializationException e) {
                dlq.send(bad, "not a fleet.v1.Device", e);
            }
        }

        ConsumerRecord<byte[], byte[]> parked = readOne(Topic.INVENTORY.deadLetterTopicName(), "sw-dlq-1");
        assertThat(parked.value()).isEqualTo(garbage);
        assertThat(CloudEventHeaders.get(parked.headers(), DeadLetters.H_REASON)).isEqualTo("not a fleet.v1.Device");
        assertThat(CloudEventHeaders.get(parked.headers(), DeadLetters.H_EXCEPTION))
                .startsWith(SerializationException.class.getName());
        assertThat(CloudEventHeaders.get(parked.headers(), DeadLetters.H_TOPIC)).isEqualTo(Topic.INVENTORY.topicName());
        assertThat(CloudEventHeaders.get(parked.headers(), DeadLetters.H_OFFSET)).isEqualTo(Long.toString(bad.offset()));
        assertThat(CloudEventHeaders.get(parked.headers(), "ce_type")).isEqualTo("io.appfleet.device.upserted");
    }

    private static ConsumerRecord<byte[], byte[]> readOne(String topic, String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<org.apache.kafka.common.TopicPartition> parts = new ArrayList<>();
            consumer.partitionsFor(topic).forEach(p -> parts.add(new org.apache.kafka.common.TopicPartition(topic, p.partition())));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record with key " + key + " on " + topic + " within 30 s");
    }
}
