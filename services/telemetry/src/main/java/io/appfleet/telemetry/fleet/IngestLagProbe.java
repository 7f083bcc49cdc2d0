package io.appfleet.telemetry.fleet;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.appfleet.platform.kafka.Topic;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The lag of the telemetry ingest's consumer group on fleet.telemetry.v1, from the group's committed
 * offsets and the topic's end offsets, asked of the broker in the background (a scrape never waits
 * for Kafka). Read from outside the ingest, which owns that consumer.
 */
@ApplicationScoped
public class IngestLagProbe {

    private static final Logger LOG = Logger.getLogger(IngestLagProbe.class);

    @Inject
    ConsumerStats stats;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "appfleet.telemetry.group-id", defaultValue = "telemetry")
    String groupId;
    @ConfigProperty(name = "appfleet.telemetry.fleet.enabled", defaultValue = "true")
    boolean enabled;

    private volatile long lag = -1;
    private Admin admin;

    void onStart(@Observes StartupEvent event) {
        if (enabled) {
            stats.lag(Topic.TELEMETRY.topicName(), () -> lag);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        synchronized (this) {
            if (admin != null) {
                admin.close();
                admin = null;
            }
        }
    }

    @Scheduled(every = "${appfleet.telemetry.lag-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void refresh() {
        if (!enabled) {
            return;
        }
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.CLIENT_ID_CONFIG, "telemetry-lag-probe"));
            }
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(Topic.TELEMETRY.topicName()))
                    .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            if (latest.isEmpty()) {
                return; // the group has committed nothing yet: unknown, not zero
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                    .get(10, TimeUnit.SECONDS);
            long sum = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                sum += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()));
            }
            lag = sum;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debugf("cannot read the lag of group %s: %s", groupId, e.getMessage());
        }
    }
}
