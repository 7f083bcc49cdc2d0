package io.appfleet.inventory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.appfleet.platform.kafka.Topic;
import io.appfleet.testsupport.FleetInfra;

/** Reads fleet.inventory.v1 from the start, as a consumer of the contract would. */
public final class InventoryTopic {

    private InventoryTopic() {
    }

    /**
     * Polls the whole topic until the records whose key passes {@code keys} satisfy {@code done},
     * or the timeout passes; returns those records in partition order.
     */
    public static List<ConsumerRecord<String, byte[]>> await(Predicate<String> keys,
            Predicate<List<ConsumerRecord<String, byte[]>>> done, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                try {
                    consumer.partitionsFor(Topic.INVENTORY.topicName(), Duration.ofSeconds(2))
                            .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    // The topic appears with the first relayed record; keep asking.
                }
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (keys.test(r.key())) {
                        seen.add(r);
                    }
                }
                if (done.test(seen)) {
                    return seen;
                }
            }
        }
        throw new AssertionError("fleet.inventory.v1 did not reach the expected state within " + timeout + "; saw "
                + seen.size() + " matching records");
    }

    public static String header(ConsumerRecord<?, ?> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
