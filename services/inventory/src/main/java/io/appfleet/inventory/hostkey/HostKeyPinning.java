package io.appfleet.inventory.hostkey;

import java.sql.Connection;
import java.sql.SQLException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.agroal.api.AgroalDataSource;
import io.appfleet.inventory.device.DeviceService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Makes inventory the durable pin of host keys the device-adapter trusts on first use: the
 * adapter keeps such a key only in memory and reports it in {@code ObservedDeviceState
 * .host_key_fingerprint}; this records it in the device (if the device has no pin yet), so after
 * an adapter restart a changed key is refused instead of trusted again.
 *
 * <p>Metrics: {@code fleet_inventory_host_keys_recorded_total} (pins filled from observations),
 * {@code fleet_inventory_host_keys_dead_lettered_total} (observed records sent to the dead-letter
 * topic), {@code fleet_inventory_host_keys_retries_total} (records tried again because the database
 * failed: a steady rise means pinning is stuck).
 */
@ApplicationScoped
public class HostKeyPinning {

    private static final Logger LOG = Logger.getLogger(HostKeyPinning.class);

    @Inject
    DeviceService devices;

    @Inject
    AgroalDataSource dataSource;

    @ConfigProperty(name = "appfleet.inventory.pin-host-keys", defaultValue = "true")
    boolean enabled;

    @ConfigProperty(name = "appfleet.inventory.host-keys.group-id", defaultValue = "inventory-host-keys")
    String groupId;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12")
    int partitions;

    @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;

    private final Counter recorded;
    private final Counter deadLettered;
    private final Counter retried;
    private HostKeyConsumer consumer;

    @Inject
    public HostKeyPinning(MeterRegistry registry) {
        recorded = Counter.builder("fleet.inventory.host.keys.recorded")
                .description("Host keys trusted on first use by the device-adapter and pinned in inventory")
                .register(registry);
        deadLettered = Counter.builder("fleet.inventory.host.keys.dead.lettered")
                .description("fleet.observed.v1 records inventory could not read, sent to fleet.observed.v1.dlq")
                .register(registry);
        retried = Counter.builder("fleet.inventory.host.keys.retries")
                .description("Attempts to record a host key that failed on the database and will be retried")
                .register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            LOG.info("host key pinning from observed state is off (appfleet.inventory.pin-host-keys=false)");
            return;
        }
        ObservedHostKeyHandler handler = new ObservedHostKeyHandler(devices::recordFirstUseHostKey, recorded);
        consumer = new HostKeyConsumer(new HostKeyConsumer.Settings(bootstrapServers, groupId, partitions,
                replicationFactor), handler, this::databaseReachable, deadLettered, retried);
        consumer.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }

    private boolean databaseReachable() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }
}
