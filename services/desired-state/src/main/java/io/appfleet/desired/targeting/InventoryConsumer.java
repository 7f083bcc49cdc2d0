package io.appfleet.desired.targeting;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.appfleet.platform.kafka.CompactedTopicReader;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.Device;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads every partition of {@code fleet.inventory.v1} from the beginning into the
 * {@link InventoryView} ({@link CompactedTopicReader}: no consumer group, every instance needs the
 * whole fleet to resolve selectors). After the start-up catch-up it fires one {@code initial}
 * {@link InventoryChanged}, then one per poll that changed devices. A listener that fails (the
 * database is away) is retried with backoff; the changed ids wait meanwhile, so no change is lost.
 * Records that cannot be decoded go to {@code fleet.inventory.v1.dlq} with the reason.
 */
@ApplicationScoped
public class InventoryConsumer implements CompactedTopicReader.Handler {

    private static final Logger LOG = Logger.getLogger(InventoryConsumer.class);

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

    private volatile boolean initialPassDone;
    private volatile long deadLettered;
    private CompactedTopicReader reader;
    private Counter deadLetterCounter;
    /** Devices changed since the last successful recomputation; only the reader's thread touches it. */
    private final Set<String> pending = new LinkedHashSet<>();
    private long retryAt;
    private long backoff;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("inventory consumer disabled");
            return;
        }
        deadLetterCounter = Counter.builder("fleet.desired.inventory.dead.letters")
                .description("fleet.inventory.v1 records sent to the dead-letter topic").register(registry);
        reader = new CompactedTopicReader(bootstrapServers, Topic.INVENTORY, List.of(Topic.INVENTORY, Topic.DESIRED),
                "desired-state-inventory", partitions, replicationFactor, this);
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.stop();
        }
    }

    /** True once the view is caught up and the first full pass over the fleet has succeeded. */
    public boolean ready() {
        return initialPassDone;
    }

    public long deadLettered() {
        return deadLettered;
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> r) throws RecordDecoder.Undecodable {
        String id = RecordDecoder.key(r);
        Device d = RecordDecoder.value(r, Device.parser(), "fleet.v1.Device");
        if (d != null) {
            RecordDecoder.checkKey(id, d.getId());
        }
        if (view.put(id, d)) {
            pending.add(id);
        }
    }

    @Override
    public void caughtUp() {
        view.markCaughtUp();
        LOG.infof("inventory view caught up: %d devices", view.size());
    }

    @Override
    public void onDeadLetter() {
        deadLettered++;
        deadLetterCounter.increment();
    }

    /** Recomputes what changed: everything once after the catch-up, then the devices changed since. */
    @Override
    public void afterPoll() {
        boolean initial = !initialPassDone;
        if (System.currentTimeMillis() < retryAt || (!initial && pending.isEmpty())) {
            return;
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
}
