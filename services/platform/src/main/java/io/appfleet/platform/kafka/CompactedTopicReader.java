package io.appfleet.platform.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import io.appfleet.platform.deadletter.DeadLetters;

/**
 * Reads every partition of a compacted topic from the beginning, on its own thread and without a
 * consumer group: for views every instance needs whole (the fleet's inventory, its observed
 * state). Reading from the beginning at each start rebuilds the view without a private copy.
 * A record the {@link Handler} cannot decode goes to the topic's dead-letter topic with the
 * reason, and reading goes on; a failure of the consumer itself restarts it with backoff.
 */
public final class CompactedTopicReader {

    private static final Logger LOG = Logger.getLogger(CompactedTopicReader.class);

    /** What the reader does with the topic. Runs on the reader's thread. */
    public interface Handler {

        /** One record, in partition order; throw to send it to the dead-letter topic. */
        void accept(ConsumerRecord<byte[], byte[]> record) throws RecordDecoder.Undecodable;

        /** Once, when the topic has been read up to its end as of the start. */
        void caughtUp();

        /** After every poll once caught up (e.g. to act on what changed). Must not throw: it would restart the read. */
        default void afterPoll() {
        }

        /** Counts a record sent to the dead-letter topic. */
        default void onDeadLetter() {
        }
    }

    private final String bootstrapServers;
    private final Topic topic;
    private final List<Topic> ensure;
    private final String name;
    private final int partitions;
    private final short replicationFactor;
    private final Handler handler;
    private volatile boolean running;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean caughtUp;
    private volatile long lag = -1;
    private Thread thread;

    /**
     * @param ensure the topics to create if missing before reading (with {@code partitions} and
     *               {@code replicationFactor}); {@code topic} should be among them
     * @param name   the consumer's client id, thread name and the dead letters' {@code dlq_consumer}
     */
    public CompactedTopicReader(String bootstrapServers, Topic topic, List<Topic> ensure, String name, int partitions,
            short replicationFactor, Handler handler) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.ensure = ensure;
        this.name = name;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.handler = handler;
    }

    public void start() {
        running = true;
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        KafkaConsumer<byte[], byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long backoff = 0;
        while (running) {
            try {
                if (backoff > 0) {
                    Thread.sleep(backoff);
                }
                consume();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                backoff = backoff == 0 ? 500 : Math.min(backoff * 2, 5_000);
                LOG.warnf("%s: reading %s failed, restarting in %d ms: %s", name, topic.topicName(), backoff,
                        e.getMessage());
            }
        }
    }

    /**
     * Records behind the end of the topic, summed over its partitions, as of the last poll; -1 before
     * the first one. For a consumer-lag gauge: it costs no request to the broker.
     */
    public long lag() {
        return lag;
    }

    private static long currentLag(KafkaConsumer<byte[], byte[]> c, List<TopicPartition> parts) {
        long sum = 0;
        for (TopicPartition tp : parts) {
            OptionalLong l = c.currentLag(tp);
            if (l.isEmpty()) {
                return -1; // not known yet for this partition (no fetch answered)
            }
            sum += l.getAsLong();
        }
        return sum;
    }

    /** Reads until stopped. After a restart the view is caught up already and is not announced again. */
    private void consume() {
        TopicAdmin.ensureTopics(bootstrapServers, ensure, partitions, replicationFactor, 10_000);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()); DeadLetters deadLetters = new DeadLetters(bootstrapServers, name)) {
            consumer = c;
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic.topicName(), Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(info.topic(), info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = new HashMap<>(c.endOffsets(parts));
            LOG.infof("%s: reading %s from the beginning (%d partitions)", name, topic.topicName(), parts.size());
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    try {
                        handler.accept(r);
                    } catch (RecordDecoder.Undecodable e) {
                        LOG.warnf("record %s-%d@%d sent to %s: %s", r.topic(), r.partition(), r.offset(),
                                topic.deadLetterTopicName(), e.getMessage());
                        deadLetters.send(r, e.getMessage(), e.getCause());
                        handler.onDeadLetter();
                    }
                }
                if (!caughtUp && ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    caughtUp = true;
                    handler.caughtUp();
                }
                if (caughtUp) {
                    handler.afterPoll();
                }
                long behind = currentLag(c, parts);
                if (behind >= 0) {
                    lag = behind;
                }
            }
        } finally {
            consumer = null;
        }
    }
}
