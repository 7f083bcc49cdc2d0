package io.appfleet.desired.targeting;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
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

import com.google.protobuf.InvalidProtocolBufferException;

import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.proto.fleet.v1.Device;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads every partition of {@code fleet.inventory.v1} from the beginning into the
 * {@link InventoryView}, on one thread and without a consumer group: every instance needs the
 * whole fleet to resolve selectors. After the start-up catch-up it fires one {@code initial}
 * {@link InventoryChanged}, then one per poll that changed devices. A listener that fails (the
 * database is away) is retried with backoff; the changed ids wait meanwhile, so no change is lost.
 * Records that cannot be decoded go to {@code fleet.inventory.v1.dlq} with the reason.
 */
@ApplicationScoped
public class InventoryConsumer {

    private static final Logger LOG = Logger.getLogger(InventoryConsumer.class);
    private static final String NAME = "desired-state-inventory";

    @Inject
    InventoryView view;

    @Inject
    Event<InventoryChanged> changes;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "appfleet.desired.inventory.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12")
    int partitions;

    @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

    private volatile boolean running;
    private volatile boolean initialPassDone;
    private volatile long deadLettered;
    private Thread thread;
    private KafkaConsumer<byte[], byte[]> consumer;
    private Counter deadLetterCounter;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("inventory consumer disabled");
            return;
        }
        deadLetterCounter = Counter.builder("fleet.desired.inventory.dead.letters")
                .description("fleet.inventory.v1 records sent to the dead-letter topic").register(registry);
        running = true;
        thread = new Thread(this::run, "inventory-consumer");
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

    /** True once the view is caught up and the first full pass over the fleet has succeeded. */
    public boolean ready() {
        return initialPassDone;
    }

    public long deadLettered() {
        return deadLettered;
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
                LOG.warnf("inventory consumer failed, restarting in %d ms: %s", backoff, e.getMessage());
            }
        }
    }

    private void consume() throws InterruptedException {
        TopicAdmin.ensureTopics(bootstrapServers, List.of(Topic.INVENTORY, Topic.DESIRED), partitions,
                replicationFactor, 10_000);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, NAME);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
                new ByteArrayDeserializer()); DeadLetters deadLetters = new DeadLetters(bootstrapServers, NAME)) {
            consumer = c;
            List<TopicPartition> parts = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(Topic.INVENTORY.topicName(), Duration.ofSeconds(10))) {
                parts.add(new TopicPartition(info.topic(), info.partition()));
            }
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> targets = new HashMap<>(c.endOffsets(parts));
            LOG.infof("reading %s from the beginning (%d partitions)", Topic.INVENTORY.topicName(), parts.size());
            Set<String> pending = new LinkedHashSet<>();
            long retryAt = 0;
            long backoff = 0;
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                    String changed = handle(r, deadLetters);
                    if (changed != null) {
                        pending.add(changed);
                    }
                }
                if (!view.caughtUp() && targets.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
                    view.markCaughtUp();
                    LOG.infof("inventory view caught up: %d devices", view.size());
                }
                if (!view.caughtUp() || System.currentTimeMillis() < retryAt) {
                    continue;
                }
                boolean initial = !initialPassDone;
                if (!initial && pending.isEmpty()) {
                    continue;
                }
                try {
                    changes.fire(new InventoryChanged(initial ? view.ids() : Set.copyOf(pending), initial));
                    pending.clear();
                    backoff = 0;
                    if (initial) {
                        initialPassDone = true;
                        LOG.info("first pass over the fleet done; desired-state is ready");
                    }
                } catch (RuntimeException e) {
                    backoff = backoff == 0 ? 500 : Math.min(backoff * 2, 10_000);
                    retryAt = System.currentTimeMillis() + backoff;
                    LOG.warnf(e, "recomputing %d changed devices failed, retrying in %d ms: %s",
                            initial ? view.size() : pending.size(), backoff, e.getMessage());
                }
            }
        } finally {
            consumer = null;
        }
    }

    /** Applies one record to the view; returns the device id when the view changed. */
    private String handle(ConsumerRecord<byte[], byte[]> r, DeadLetters deadLetters) {
        String reason;
        Throwable cause = null;
        if (r.key() == null || r.key().length == 0) {
            reason = "record has no key (the device id)";
        } else {
            String id = new String(r.key(), StandardCharsets.UTF_8);
            String spec = CloudEventHeaders.get(r.headers(), CloudEventHeaders.H_SPEC_VERSION);
            String contentType = CloudEventHeaders.get(r.headers(), CloudEventHeaders.H_CONTENT_TYPE);
            if (spec != null && !CloudEventHeaders.SPEC_VERSION.equals(spec)) {
                reason = "unknown CloudEvents version ce_specversion=" + spec;
            } else if (r.value() == null) {
                return view.put(id, null) ? id : null;
            } else if (contentType != null && !contentType.startsWith(CloudEventHeaders.CONTENT_TYPE)) {
                reason = "unknown content-type " + contentType + " (expected " + CloudEventHeaders.CONTENT_TYPE + ")";
            } else {
                try {
                    Device d = Device.parseFrom(r.value());
                    if (!id.equals(d.getId())) {
                        reason = "the value's device id '" + d.getId() + "' differs from the key '" + id + "'";
                    } else {
                        return view.put(id, d) ? id : null;
                    }
                } catch (InvalidProtocolBufferException e) {
                    reason = "not a fleet.v1.Device: " + e.getMessage();
                    cause = e;
                }
            }
        }
        LOG.warnf("record %s-%d@%d sent to %s: %s", r.topic(), r.partition(), r.offset(),
                Topic.INVENTORY.deadLetterTopicName(), reason);
        deadLetters.send(r, reason, cause);
        deadLettered++;
        deadLetterCounter.increment();
        return null;
    }
}
