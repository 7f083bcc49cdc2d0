package io.appfleet.adapter;

import com.google.protobuf.MessageLite;
import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.secrets.CredentialSealer;
import io.appfleet.platform.secrets.DeviceCredentials;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.TelemetrySample;
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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The other side of the adapter's Kafka contract, as inventory and desired-state would write it
 * and as the NOC would read it: publishes devices and desired states, and collects every observed
 * state and step event the adapter writes (from the start of the topics).
 */
final class FleetTopics implements AutoCloseable {

    static final String TEST_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread reader;
    private volatile boolean running = true;
    private final Map<String, ObservedDeviceState> observed = new ConcurrentHashMap<>();
    private final Map<String, List<ObservedDeviceState>> observedHistory = new ConcurrentHashMap<>();
    private final List<ReconcileEvent> events = new CopyOnWriteArrayList<>();
    private final List<TelemetrySample> telemetry = new CopyOnWriteArrayList<>();
    private final CredentialSealer sealer = new CredentialSealer(Optional.of(TEST_KEY), "k1");
    private final Map<String, Long> generations = new ConcurrentHashMap<>();

    FleetTopics(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "adapter-it-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topic.OBSERVED.topicName(), Topic.EVENTS.topicName(), Topic.TELEMETRY.topicName()));
        reader = new Thread(this::read, "fleet-topics-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) {
                        observed.remove(r.key());
                        continue;
                    }
                    if (r.topic().equals(Topic.OBSERVED.topicName())) {
                        ObservedDeviceState s = ObservedDeviceState.parseFrom(r.value());
                        observed.put(r.key(), s);
                        observedHistory.computeIfAbsent(r.key(), k -> new CopyOnWriteArrayList<>()).add(s);
                    } else if (r.topic().equals(Topic.TELEMETRY.topicName())) {
                        telemetry.add(TelemetrySample.parseFrom(r.value()));
                    } else {
                        events.add(ReconcileEvent.parseFrom(r.value()));
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            } catch (Exception e) {
                // keep reading; a test will fail on what it does not see
            }
        }
    }

    Device.Builder device(String id, Platform platform, String host, int port, String os, String user, String password) {
        return Device.newBuilder().setId(id).setPlatform(platform).setHost(host).setPort(port).setOsVersion(os)
                .setCredentialsRef("inline").setSealedCredentials(sealer.seal(new DeviceCredentials(user, password)))
                .setAdminState(AdminState.ADMIN_STATE_MANAGED).setGeneration(1);
    }

    void publishDevice(Device d) {
        send(Topic.INVENTORY, d.getId(), d, "io.appfleet.inventory.device.upserted");
    }

    /** Publishes the desired state with the next generation for its device. */
    long publishDesired(DesiredDeviceState.Builder s) {
        long gen = generations.merge(s.getDeviceId(), 1L, Long::sum);
        send(Topic.DESIRED, s.getDeviceId(), s.setGeneration(gen).build(), "io.appfleet.desired.device.updated");
        return gen;
    }

    void send(Topic topic, String key, MessageLite value, String type) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic.topicName(), key, value == null ? null : value.toByteArray());
        new CloudEventHeaders(UUID.randomUUID().toString(), type, "/appfleet/it", Instant.now(), key).writeTo(r.headers(), value != null);
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    void sendRaw(String topic, String key, byte[] value, Map<String, String> headers) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> r.headers().add(k, v.getBytes()));
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<ObservedDeviceState> observed(String deviceId) {
        return Optional.ofNullable(observed.get(deviceId));
    }

    List<ObservedDeviceState> observedHistory(String deviceId) {
        return List.copyOf(observedHistory.getOrDefault(deviceId, List.of()));
    }

    List<ReconcileEvent> events(String deviceId) {
        return events.stream().filter(e -> e.getDeviceId().equals(deviceId)).toList();
    }

    List<TelemetrySample> telemetry(String deviceId) {
        return telemetry.stream().filter(t -> t.getDeviceId().equals(deviceId)).toList();
    }

    /** Reads a dead-letter topic from the beginning. */
    static List<ConsumerRecord<String, byte[]>> deadLetters(String bootstrap, String topic, Duration wait) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-it-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> k = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = k.partitionsFor(topic).stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
            k.assign(parts);
            k.seekToBeginning(parts);
            List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
            long end = System.nanoTime() + wait.toNanos();
            while (System.nanoTime() < end) {
                k.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
    }
}
