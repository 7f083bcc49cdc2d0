package io.appfleet.desired.observed;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.appfleet.platform.kafka.CompactedTopicReader;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Reads {@code fleet.observed.v1} from the beginning into the {@link ObservedView} (every instance
 * judges rollouts over the whole fleet). Records that cannot be decoded go to
 * {@code fleet.observed.v1.dlq} with the reason.
 */
@ApplicationScoped
public class ObservedConsumer implements CompactedTopicReader.Handler {

    private static final Logger LOG = Logger.getLogger(ObservedConsumer.class);

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

    private CompactedTopicReader reader;
    private Counter deadLetters;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        deadLetters = Counter.builder("fleet.desired.observed.dead.letters")
                .description("fleet.observed.v1 records sent to the dead-letter topic").register(registry);
        reader = new CompactedTopicReader(bootstrapServers, Topic.OBSERVED, List.of(Topic.OBSERVED),
                "desired-state-observed", partitions, replicationFactor, this);
        reader.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.stop();
        }
    }

    @Override
    public void accept(ConsumerRecord<byte[], byte[]> r) throws RecordDecoder.Undecodable {
        String id = RecordDecoder.key(r);
        ObservedDeviceState state = RecordDecoder.value(r, ObservedDeviceState.parser(), "fleet.v1.ObservedDeviceState");
        if (state != null) {
            RecordDecoder.checkKey(id, state.getDeviceId());
        }
        view.put(id, state);
    }

    @Override
    public void caughtUp() {
        view.markCaughtUp();
        LOG.infof("observed view caught up: %d devices", view.size());
    }

    @Override
    public void onDeadLetter() {
        deadLetters.increment();
    }
}
