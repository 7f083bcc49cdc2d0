package io.appfleet.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaIT {

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        long t0 = System.nanoTime();
        kafka = EmbeddedKafka.start(null);
        System.out.printf("EmbeddedKafka ready in %d ms on %s%n", (System.nanoTime() - t0) / 1_000_000,
                kafka.bootstrapServers());
    }

    @AfterAll
    static void closeBroker() {
        if (kafka != null) {
            kafka.close();
            assertFalse(Files.exists(kafka.dataDir()), "temporary data dir is deleted on close");
        }
    }

    @Test
    void recordsSurviveAStopAndRestartOnTheSamePorts() throws Exception {
        String topic = "it-restart";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(30))) {
            producer.send(new ProducerRecord<>(topic, "device-1", "before-stop")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("before-stop"), consume(topic, 1));

        String bootstrap = kafka.bootstrapServers();
        long t0 = System.nanoTime();
        kafka.stop();
        System.out.printf("EmbeddedKafka stopped in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertFalse(kafka.isRunning());
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(2))) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>(topic, "device-1", "while-down")).get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof TimeoutException, "send fails with a timeout: " + failed.getCause());
        }

        t0 = System.nanoTime();
        kafka.restart();
        System.out.printf("EmbeddedKafka restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertTrue(kafka.isRunning());
        assertEquals(bootstrap, kafka.bootstrapServers(), "same address after restart");
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(30))) {
            producer.send(new ProducerRecord<>(topic, "device-1", "after-restart")).get(30, TimeUnit.SECONDS);
        }
        assertEquals(List.of("before-stop", "after-restart"), consume(topic, 2));
    }

    @Test
    void topicsAreNotCreatedAutomatically() throws Exception {
        try (KafkaProducer<String, String> producer = producer(Duration.ofSeconds(2))) {
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> producer.send(new ProducerRecord<>("it-never-created", "k", "v")).get(10, TimeUnit.SECONDS));
            assertTrue(failed.getCause() instanceof TimeoutException, "unknown topic: " + failed.getCause());
        }
    }

    private static KafkaProducer<String, String> producer(Duration maxBlock) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(maxBlock.toMillis()));
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    private static List<String> consume(String topic, int expected) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "it-" + System.nanoTime());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
