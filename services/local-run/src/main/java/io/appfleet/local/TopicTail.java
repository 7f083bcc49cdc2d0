package io.appfleet.local;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BiConsumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads every partition of one topic from the beginning and then follows it, on a daemon thread, handing each
 * record (tombstones as a null value) to a callback. No consumer group: it commits nothing and disturbs no one.
 */
final class TopicTail implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String problem;

    TopicTail(String bootstrap, String topic, BiConsumer<String, byte[]> onRecord) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "appfleet-local-run-" + topic);
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(() -> follow(topic, onRecord), "appfleet-tail-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    private void follow(String topic, BiConsumer<String, byte[]> onRecord) {
        try {
            List<PartitionInfo> parts = List.of();
            while (running && parts.isEmpty()) {
                // The services create the topics as they start; until then there is nothing to read.
                try {
                    parts = consumer.partitionsFor(topic, Duration.ofSeconds(2));
                } catch (org.apache.kafka.common.errors.TimeoutException e) {
                    parts = null;
                }
                if (parts == null) {
                    parts = List.of();
                }
            }
            List<TopicPartition> tps = parts.stream().map(pi -> new TopicPartition(topic, pi.partition())).toList();
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        onRecord.accept(r.key(), r.value());
                    } catch (RuntimeException e) {
                        problem = "cannot read a record of " + topic + " (key " + r.key() + "): " + e;
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            problem = "stopped reading " + topic + ": " + e;
        }
    }

    /** The latest trouble reading, or null. */
    String problem() {
        return problem;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
