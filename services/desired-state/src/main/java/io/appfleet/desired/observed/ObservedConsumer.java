package io.appfleet.desired.observed;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads every partition of {@code fleet.observed.v1} from the beginning into the
 * {@link ObservedView}, without a consumer group: every instance judges rollouts over the whole
 * fleet. Records that cannot be decoded go to {@code fleet.observed.v1.dlq} with the reason.
 */
@ApplicationScoped
public class ObservedConsumer {

    private static final Logger LOG = Logger.getLogger(ObservedConsumer.class);
    private static final String NAME = "desired-state-observed";

    @Inject
    ObservedView view;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "appfleet.desired.observed.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12")
    int partitions;

    @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

    private volatile boolean running;
    private Thread thread;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private Counter deadLetterCounter;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        deadLetterCounter = Counter.builder("fleet.desired.observed.dead.letters")
                .description("fleet.observed.v1 records sent to the dead-letter topic").register(registry);
        running = true;
        thread = new Thread(this::run, "observed-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
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
                LOG.warnf("observed-state consumer failed, restarting in %d ms: %s", backoff, e.getMessage());
            }
        }
    }

    private void consume() {
        TopicAdmin.ensureTopics(bootstrapServers, List.of(Topic.OBSERVED), partitions, replicationFactor, 10_000);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, NAME);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()); DeadLetters deadLetters = new DeadLetters(bootstrapServers, NAME)) {
            consumer = c;
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(Topic.OBSERVED.topicName(), Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(info.topic(), info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = new HashMap<>(c.endOffsets(parts));
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    handle(r, deadLetters);
                }
                if (!view.caughtUp() && ends.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    view.markCaughtUp();
                    LOG.infof("observed view caught up: %d devices", view.size());
                }
            }
        } finally {
            consumer = null;
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r, DeadLetters deadLetters) {
        try {
            String id = RecordDecoder.key(r);
            ObservedDeviceState state = RecordDecoder.value(r, ObservedDeviceState.parser(), "fleet.v1.ObservedDeviceState");
            if (state != null) {
                RecordDecoder.checkKey(id, state.getDeviceId());
            }
            view.put(id, state);
        } catch (RecordDecoder.Undecodable e) {
            LOG.warnf("record %s-%d@%d sent to %s: %s", r.topic(), r.partition(), r.offset(),
                    Topic.OBSERVED.deadLetterTopicName(), e.getMessage());
            deadLetters.send(r, e.getMessage(), e.getCause());
            deadLetterCounter.increment();
        }
    }
}
