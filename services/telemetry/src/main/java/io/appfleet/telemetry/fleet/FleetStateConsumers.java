package io.appfleet.telemetry.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Fills the {@link FleetView} at start from the compacted topics ({@link FleetTopicReaders}; no
 * consumer group: every instance serves the whole fleet) and keeps it current until shutdown.
 */
@ApplicationScoped
public class FleetStateConsumers {

    private static final Logger LOG = Logger.getLogger(FleetStateConsumers.class);

    @Inject
    FleetView view;

    @Inject
    ConsumerStats stats;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "appfleet.telemetry.fleet.enabled", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12")
    int partitions;

    @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

    private FleetTopicReaders readers;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("fleet view disabled (appfleet.telemetry.fleet.enabled=false)");
            return;
        }
        readers = new FleetTopicReaders(new FleetTopicReaders.Settings(bootstrapServers, partitions,
                replicationFactor, "telemetry-fleet-"), view, stats);
        readers.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (readers != null) {
            readers.stop();
        }
    }
}
