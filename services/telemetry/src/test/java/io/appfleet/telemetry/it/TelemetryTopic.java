package io.appfleet.telemetry.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.telemetry.fleet.FleetTopics;
import io.appfleet.testsupport.FleetInfra;

/** Plays the device-adapter on fleet.telemetry.v1 and reads the dead letters back. */
final class TelemetryTopic {

    /** The adapter's CloudEvents type for samples (AdapterPublisher.TELEMETRY_TYPE). */
    static final String TELEMETRY_TYPE = "io.appfleet.adapter.telemetry.sampled";

    private TelemetryTopic() {
    }

    static void publish(List<TelemetrySample> samples) {
        for (TelemetrySample s : samples) {
            send(s.getDeviceId(), s.toByteArray());
        }
    }

    /** Sends a record as the adapter does (CloudEvents headers, key = device id), acknowledged. */
    static void send(String key, byte[] value) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(Topic.TELEMETRY.topicName(), key, value);
            new CloudEventHeaders(UUID.randomUUID().toString(), TELEMETRY_TYPE, "/appfleet/device-adapter/it",
                    Instant.now(), key).writeTo(r.headers(), value != null);
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish telemetry", e);
        }
    }

    /** Reads fleet.telemetry.v1.dlq from the start until the records with matching keys satisfy {@code done}. */
    static List<ConsumerRecord<String, byte[]>> deadLetters(Predicate<String> keys,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        return FleetTopics.deadLetters(FleetInfra.shared().kafka().bootstrapServers(), Topic.TELEMETRY, keys, done,
                timeout);
    }

    static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
