package io.appfleet.inventory.hostkey;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.appfleet.inventory.InventoryTopic;
import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * Observed records, as the device-adapter writes them, published to the real broker: inventory
 * fills an empty pin (and announces it with the next generation), keeps an existing one, parks
 * what it cannot read and goes on, and leaves unknown devices alone.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class HostKeyPinningIT {

    private static final String GROUP = "inventory-host-keys";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void producer() {
        String bootstrap = FleetInfra.shared().kafka().bootstrapServers();
        TopicAdmin.ensureTopics(bootstrap, List.of(Topic.OBSERVED), 3, (short) 1, 30_000);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void closeProducer() {
        producer.close();
    }

    @Test
    void anEmptyPinIsFilledOnceAndAnnouncedWithTheNextGeneration() throws Exception {
        String id = "hk-first";
        create(id, null);
        String trusted = fingerprint();
        double recordedBefore = metric("fleet_inventory_host_keys_recorded_total");

        publish(id, observed(id, trusted, Instant.now()));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(id).getString("sshHostKeyFingerprint")).isEqualTo(trusted));
        assertThat(get(id).getLong("generation")).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> records = InventoryTopic.await(id::equals, l -> l.size() >= 2,
                Duration.ofSeconds(60));
        Device announced = Device.parseFrom(records.get(records.size() - 1).value());
        assertThat(announced.getGeneration()).isEqualTo(2);
        assertThat(announced.getSshHostKeyFingerprint()).isEqualTo(trusted);
        assertThat(InventoryTopic.header(records.get(records.size() - 1), "ce_type"))
                .isEqualTo("io.appfleet.inventory.device.upserted");
        assertThat(metric("fleet_inventory_host_keys_recorded_total")).isEqualTo(recordedBefore + 1);

        // The same key again, then another one: the pin, once there, stays as it is.
        publish(id, observed(id, trusted, Instant.now()));
        awaitHandled(publish(id, observed(id, fingerprint(), Instant.now())));
        assertThat(get(id).getString("sshHostKeyFingerprint")).isEqualTo(trusted);
        assertThat(get(id).getLong("generation")).isEqualTo(2);
        assertThat(metric("fleet_inventory_host_keys_recorded_total")).isEqualTo(recordedBefore + 1);
    }

    @Test
    void anExistingPinIsNeverReplaced() {
        String id = "hk-pinned";
        String pin = fingerprint();
        create(id, pin);
        double recordedBefore = metric("fleet_inventory_host_keys_recorded_total");

        awaitHandled(publish(id, observed(id, fingerprint(), Instant.now())));

        JsonPath device = get(id);
        assertThat(device.getString("sshHostKeyFingerprint")).isEqualTo(pin);
        assertThat(device.getLong("generation")).isEqualTo(1);
        assertThat(metric("fleet_inventory_host_keys_recorded_total")).isEqualTo(recordedBefore);
    }

    @Test
    void unreadableRecordsAreDeadLetteredWithTheReasonAndTheConsumerGoesOn() {
        String id = "hk-after-garbage";
        create(id, null);
        double deadBefore = metric("fleet_inventory_host_keys_dead_lettered_total");

        // One key, so one partition: the good record is behind the bad ones.
        RecordMetadata garbage = publish(id, "definitely not protobuf \u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1));
        RecordMetadata badFingerprint = publish(id, observed(id, "MD5:16:27:ac:a5", Instant.now()));
        String trusted = fingerprint();
        publish(id, observed(id, trusted, Instant.now()));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(get(id).getString("sshHostKeyFingerprint")).isEqualTo(trusted));
        assertThat(get(id).getLong("generation")).isEqualTo(2);

        List<ConsumerRecord<byte[], byte[]>> parked = deadLetters(id, 2);
        assertThat(parked).hasSize(2);
        assertThat(header(parked.get(0), DeadLetters.H_REASON)).startsWith("not a fleet.v1.ObservedDeviceState: ");
        assertThat(header(parked.get(0), DeadLetters.H_OFFSET))
                .isEqualTo(Long.toString(garbage.offset()));
        assertThat(parked.get(0).value()).isEqualTo("definitely not protobuf \u0000\u00ff"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThat(header(parked.get(1), DeadLetters.H_REASON)).isEqualTo(
                "host_key_fingerprint 'MD5:16:27:ac:a5' must be an OpenSSH SHA256 fingerprint (SHA256:<base64>)");
        assertThat(header(parked.get(1), DeadLetters.H_OFFSET)).isEqualTo(Long.toString(badFingerprint.offset()));
        for (ConsumerRecord<byte[], byte[]> r : parked) {
            assertThat(header(r, DeadLetters.H_CONSUMER)).isEqualTo(GROUP);
            assertThat(header(r, DeadLetters.H_TOPIC)).isEqualTo(Topic.OBSERVED.topicName());
            assertThat(header(r, DeadLetters.H_PARTITION)).isEqualTo(Integer.toString(garbage.partition()));
        }
        assertThat(metric("fleet_inventory_host_keys_dead_lettered_total")).isEqualTo(deadBefore + 2);
    }

    @Test
    void aRecordForAnUnknownDeviceChangesNothing() {
        String unknown = "hk-nobody";
        double recordedBefore = metric("fleet_inventory_host_keys_recorded_total");
        double deadBefore = metric("fleet_inventory_host_keys_dead_lettered_total");

        awaitHandled(publish(unknown, observed(unknown, fingerprint(), Instant.now())));

        given().get("/api/v1/devices/" + unknown).then().statusCode(404);
        assertThat(metric("fleet_inventory_host_keys_recorded_total")).isEqualTo(recordedBefore);
        assertThat(metric("fleet_inventory_host_keys_dead_lettered_total")).isEqualTo(deadBefore);
        // A device pinned after it: its record leaves the outbox after anything the unknown one could have written.
        String marker = "hk-after-nobody";
        create(marker, null);
        publish(marker, observed(marker, fingerprint(), Instant.now()));
        List<ConsumerRecord<String, byte[]>> records = InventoryTopic.await(
                k -> k.equals(marker) || k.equals(unknown), l -> l.stream().anyMatch(r -> r.key().equals(marker)
                        && generation(r) == 2), Duration.ofSeconds(60));
        assertThat(records).noneMatch(r -> r.key().equals(unknown));
    }

    @Test
    void anObservationFromBeforeTheDeviceExistedIsIgnored() {
        String id = "hk-recreated";
        create(id, null);

        awaitHandled(publish(id, observed(id, fingerprint(), Instant.now().minus(Duration.ofHours(1)))));

        JsonPath device = get(id);
        assertThat(device.getString("sshHostKeyFingerprint")).isNull();
        assertThat(device.getLong("generation")).isEqualTo(1);
    }

    @Test
    void aDatabaseOutageDelaysTheKeyButNeverLosesOrDeadLettersIt() {
        String id = "hk-db-outage";
        create(id, null);
        String trusted = fingerprint();
        double deadBefore = metric("fleet_inventory_host_keys_dead_lettered_total");
        double retriesBefore = metric("fleet_inventory_host_keys_retries_total");
        var postgres = FleetInfra.shared().postgres();
        postgres.stop();
        try {
            RecordMetadata md = publish(id, observed(id, trusted, Instant.now()));
            // More tries than a record gets against a working database before it is dead-lettered.
            await().atMost(Duration.ofSeconds(120)).until(() -> metric("fleet_inventory_host_keys_retries_total")
                    >= retriesBefore + HostKeyConsumer.ATTEMPTS + 1);
            assertThat(committed(md)).as("the record is not passed while the database is away")
                    .isLessThanOrEqualTo(md.offset());
            assertThat(metric("fleet_inventory_host_keys_dead_lettered_total")).isEqualTo(deadBefore);
        } finally {
            postgres.restart();
        }
        await().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() ->
                assertThat(get(id).getString("sshHostKeyFingerprint")).isEqualTo(trusted));
        assertThat(get(id).getLong("generation")).isEqualTo(2);
        assertThat(metric("fleet_inventory_host_keys_dead_lettered_total")).isEqualTo(deadBefore);
    }

    private static void create(String id, String fingerprint) {
        String pin = fingerprint == null ? "" : ", \"sshHostKeyFingerprint\": \"" + fingerprint + "\"";
        given().contentType(ContentType.JSON).body("""
                {"id": "%s", "platform": "iosxe", "osVersion": "17.12.4", "host": "127.0.40.1", "site": "ams"%s}
                """.formatted(id, pin)).post("/api/v1/devices").then().statusCode(201);
    }

    private static JsonPath get(String id) {
        return given().get("/api/v1/devices/" + id).then().statusCode(200).extract().jsonPath();
    }

    /** A fingerprint as OpenSSH prints it: SHA256 and unpadded base64 of a (here random) key digest. */
    private static String fingerprint() {
        byte[] digest = new byte[32];
        RANDOM.nextBytes(digest);
        return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
    }

    private static byte[] observed(String id, String fingerprint, Instant at) {
        return ObservedDeviceState.newBuilder().setDeviceId(id).setReachability(Reachability.REACHABILITY_REACHABLE)
                .setHostKeyFingerprint(fingerprint).setAdapterInstanceId("it-adapter:1")
                .setObservedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
                .build().toByteArray();
    }

    /** Sends as the adapter does (CloudEvents binary mode) and waits for the broker's acknowledgement. */
    private static RecordMetadata publish(String key, byte[] value) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(Topic.OBSERVED.topicName(),
                key.getBytes(StandardCharsets.UTF_8), value);
        new CloudEventHeaders(UUID.randomUUID().toString(), "io.appfleet.adapter.device.observed",
                "/appfleet/device-adapter", Instant.now(), key).writeTo(r.headers(), true);
        try {
            return producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot publish to " + r.topic() + ": " + e, e);
        }
    }

    /** Waits until inventory's consumer group has committed past the record: it has been handled. */
    private static void awaitHandled(RecordMetadata md) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> committed(md) > md.offset());
    }

    /** The group's committed offset on the record's partition; -1 when none. */
    private static long committed(RecordMetadata md) {
        TopicPartition tp = new TopicPartition(md.topic(), md.partition());
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", FleetInfra.shared().kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata o = committed.get(tp);
            return o == null ? -1 : o.offset();
        } catch (Exception e) {
            throw new AssertionError("cannot read the offsets of group " + GROUP + ": " + e, e);
        }
    }

    /** The dead letters of {@code key}, oldest first, once there are at least {@code expected}. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String key, int expected) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(Topic.OBSERVED.deadLetterTopicName(), Duration.ofSeconds(10))
                    .stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (found.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        found.add(r);
                    }
                }
            }
        }
        return found;
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return CloudEventHeaders.get(r.headers(), name);
    }

    private static long generation(ConsumerRecord<String, byte[]> r) {
        try {
            return r.value() == null ? 0 : Device.parseFrom(r.value()).getGeneration();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The value of an unlabelled series on /q/metrics. */
    private static double metric(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ") || line.startsWith(series + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError(series + " is not on /q/metrics");
    }
}
