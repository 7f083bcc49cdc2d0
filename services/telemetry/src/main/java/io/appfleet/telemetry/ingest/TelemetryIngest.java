package io.appfleet.telemetry.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.agroal.api.AgroalDataSource;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.telemetry.scrape.ScrapeEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Starts the telemetry consumer at start (after Flyway) and stops it at shutdown. */
@ApplicationScoped
public class TelemetryIngest {

    private static final Logger LOG = Logger.getLogger(TelemetryIngest.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12")
    int partitions;
    @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;
    @ConfigProperty(name = "appfleet.telemetry.group-id", defaultValue = "telemetry")
    String groupId;
    @ConfigProperty(name = "appfleet.telemetry.max-batch", defaultValue = "5000")
    int maxBatch;
    @ConfigProperty(name = "appfleet.telemetry.writers", defaultValue = "2")
    int writers;
    @ConfigProperty(name = "appfleet.telemetry.max-gap", defaultValue = "5m")
    Duration maxGap;
    @ConfigProperty(name = "appfleet.telemetry.raw-retention", defaultValue = "2h")
    Duration rawRetention;
    @ConfigProperty(name = "appfleet.telemetry.metrics-expiry", defaultValue = "15m")
    Duration metricsExpiry;
    @ConfigProperty(name = "appfleet.telemetry.hour-rollup-flush", defaultValue = "60s")
    Duration hourFlush;
    @Inject
    ScrapeEndpoint scrape;

    private TelemetryConsumer consumer;

    void onStart(@Observes StartupEvent event) {
        TopicAdmin.ensureTopics(bootstrapServers, List.of(Topic.TELEMETRY), partitions, replicationFactor,
                Duration.ofSeconds(60).toMillis());
        // Rendered at scrape time from the ingest's own numbers: one entry per device and class or app, not a meter.
        SampleMetrics metrics = new SampleMetrics(Clock.systemUTC(), metricsExpiry);
        metrics.parts().forEach(scrape::register);
        consumer = new TelemetryConsumer(
                new TelemetryConsumer.Settings(bootstrapServers, groupId, maxBatch, rawRetention),
                java.util.stream.IntStream.range(0, Math.max(1, writers)).mapToObj(i -> new BatchWriter(dataSource, maxGap, hourFlush))
                        .toList(), metrics, registry, Clock.systemUTC());
        consumer.start();
        LOG.infof("telemetry ingest started (group %s, batches of up to %d records, %d writers, raw retention %s,"
                + " hour rollups written every %s)", groupId, maxBatch, writers, rawRetention, hourFlush);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
    }
}
