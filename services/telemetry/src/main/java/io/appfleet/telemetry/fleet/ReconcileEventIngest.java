package io.appfleet.telemetry.fleet;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/** Starts the fleet.events.v1 consumer at start (after Flyway) and stops it at shutdown. */
@ApplicationScoped
public class ReconcileEventIngest {

    private static final Logger LOG = Logger.getLogger(ReconcileEventIngest.class);

    @Inject
    ReconcileEventStore store;
    @Inject
    FleetView view;
    @Inject
    StepStats stats;
    @Inject
    ConsumerStats consumerStats;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12")
    int partitions;
    @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;
    @ConfigProperty(name = "appfleet.telemetry.fleet.enabled", defaultValue = "true")
    boolean enabled;
    @ConfigProperty(name = "appfleet.telemetry.events.group-id", defaultValue = "telemetry-events")
    String groupId;
    @ConfigProperty(name = "appfleet.telemetry.events.max-batch", defaultValue = "2000")
    int maxBatch;
    @ConfigProperty(name = "appfleet.telemetry.events-retention", defaultValue = "7d")
    Duration retention;

    private ReconcileEventConsumer consumer;

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        TopicAdmin.ensureTopics(bootstrapServers, List.of(Topic.EVENTS), partitions, replicationFactor,
                Duration.ofSeconds(60).toMillis());
        consumer = new ReconcileEventConsumer(new ReconcileEventConsumer.Settings(bootstrapServers, groupId, maxBatch,
                retention), store, view, stats, consumerStats, Clock.systemUTC());
        consumer.start();
        LOG.infof("reconcile events consumer started (group %s, retention %s)", groupId, retention);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
    }
}
