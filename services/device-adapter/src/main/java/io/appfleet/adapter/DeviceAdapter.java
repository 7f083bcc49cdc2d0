package io.appfleet.adapter;

import io.appfleet.adapter.fleet.FleetConsumer;
import io.appfleet.adapter.fleet.FleetView;
import io.appfleet.adapter.publish.AdapterPublisher;
import io.appfleet.adapter.queue.Backoff;
import io.appfleet.adapter.queue.RateLimiter;
import io.appfleet.adapter.queue.WorkQueue;
import io.appfleet.adapter.reconcile.CircuitBreakers;
import io.appfleet.adapter.reconcile.DeviceSessions;
import io.appfleet.adapter.reconcile.DriverFactory;
import io.appfleet.adapter.reconcile.LoginGate;
import io.appfleet.adapter.reconcile.ReconcileMetrics;
import io.appfleet.adapter.reconcile.Reconciler;
import io.appfleet.adapter.refresh.RefreshRouter;
import io.appfleet.adapter.telemetry.GuestSessions;
import io.appfleet.adapter.telemetry.QgaGuestSession;
import io.appfleet.adapter.telemetry.TelemetryPoller;
import io.appfleet.drivers.qga.QgaClientOptions;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.platform.secrets.CredentialSealer;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.apache.sshd.client.SshClient;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;

/**
 * Wires the adapter together at start and takes it apart in reverse order at shutdown: the
 * consumer stops feeding the queue, the workers finish their passes, the publisher flushes, and
 * the sessions close.
 */
@ApplicationScoped
public class DeviceAdapter {

    private static final Logger LOG = Logger.getLogger(DeviceAdapter.class);

    @Inject
    FleetView view;
    @Inject
    CredentialSealer sealer;
    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @ConfigProperty(name = "appfleet.kafka.partitions", defaultValue = "12")
    int partitions;
    @ConfigProperty(name = "appfleet.kafka.replication-factor", defaultValue = "1")
    short replicationFactor;
    @ConfigProperty(name = "appfleet.adapter.group-id", defaultValue = "device-adapter")
    String groupId;
    @ConfigProperty(name = "appfleet.adapter.instance-id")
    java.util.Optional<String> configuredInstanceId;
    @ConfigProperty(name = "appfleet.adapter.workers", defaultValue = "64")
    int workers;
    @ConfigProperty(name = "appfleet.adapter.resync-interval", defaultValue = "5m")
    Duration resyncInterval;
    @ConfigProperty(name = "appfleet.adapter.parked-interval", defaultValue = "30m")
    Duration parkedInterval;
    @ConfigProperty(name = "appfleet.adapter.backoff.base", defaultValue = "1s")
    Duration backoffBase;
    @ConfigProperty(name = "appfleet.adapter.backoff.cap", defaultValue = "5m")
    Duration backoffCap;
    @ConfigProperty(name = "appfleet.adapter.rate-limit.per-second", defaultValue = "100")
    double ratePerSecond;
    @ConfigProperty(name = "appfleet.adapter.rate-limit.burst", defaultValue = "200")
    int rateBurst;
    @ConfigProperty(name = "appfleet.adapter.breaker.threshold", defaultValue = "3")
    int breakerThreshold;
    @ConfigProperty(name = "appfleet.adapter.breaker.open", defaultValue = "30s")
    Duration breakerOpen;
    @ConfigProperty(name = "appfleet.adapter.breaker.max-open", defaultValue = "10m")
    Duration breakerMaxOpen;
    @ConfigProperty(name = "appfleet.adapter.command-timeout", defaultValue = "30s")
    Duration commandTimeout;
    @ConfigProperty(name = "appfleet.adapter.connect-timeout", defaultValue = "10s")
    Duration connectTimeout;
    @ConfigProperty(name = "appfleet.adapter.max-concurrent-logins", defaultValue = "64")
    int maxConcurrentLogins;
    @ConfigProperty(name = "appfleet.adapter.telemetry.interval", defaultValue = "60s")
    Duration telemetryInterval;
    @ConfigProperty(name = "appfleet.adapter.telemetry.workers", defaultValue = "16")
    int telemetryWorkers;
    /** How long a refresh request for a device owned elsewhere waits for Kafka to take it before a 503. */
    @ConfigProperty(name = "appfleet.adapter.refresh.ack-timeout", defaultValue = "10s")
    Duration refreshAckTimeout;

    private String instanceId;
    private SshClient ssh;
    private AdapterPublisher publisher;
    private DeviceSessions sessions;
    private Reconciler reconciler;
    private FleetConsumer consumer;
    private RefreshRouter refreshRouter;
    private TelemetryPoller telemetry;
    private GuestSessions guests;
    private CircuitBreakers breakers;
    private LoginGate logins;

    void onStart(@Observes StartupEvent event) {
        instanceId = configuredInstanceId.orElseGet(DeviceAdapter::defaultInstanceId);
        TopicAdmin.ensureTopics(bootstrapServers, EnumSet.allOf(Topic.class), partitions, replicationFactor,
                Duration.ofSeconds(60).toMillis());
        ssh = SshClients.startShared();
        publisher = new AdapterPublisher(bootstrapServers, instanceId);
        breakers = new CircuitBreakers(breakerThreshold, breakerOpen, breakerMaxOpen);
        DriverFactory drivers = new DriverFactory(ssh, sealer, commandTimeout, connectTimeout);
        logins = new LoginGate(maxConcurrentLogins);
        sessions = new DeviceSessions(drivers::create, logins);
        ReconcileMetrics metrics = new ReconcileMetrics(registry);
        WorkQueue<ReconcileTrigger> queue = new WorkQueue<>(new Backoff(backoffBase, backoffCap));
        reconciler = new Reconciler(view, queue, sessions, breakers, publisher, metrics, instanceId,
                new Reconciler.Settings(workers, resyncInterval, parkedInterval, new RateLimiter(ratePerSecond, rateBurst)));
        // Telemetry has its own sessions and threads: a slow poll never holds up a reconcile.
        guests = new GuestSessions(QgaGuestSession.overSsh(drivers, logins, QgaClientOptions.defaults()));
        telemetry = new TelemetryPoller(view, sessions.sibling(), guests, breakers, publisher, instanceId,
                telemetryInterval, telemetryWorkers);
        consumer = new FleetConsumer(bootstrapServers, groupId, instanceId, view, reconciler);
        refreshRouter = new RefreshRouter(reconciler::refresh, publisher, instanceId, refreshAckTimeout, Clock.systemUTC());
        registerGauges(queue);
        reconciler.start();
        telemetry.start();
        consumer.start();
        LOG.infof("device-adapter %s started (group %s, %d workers, at most %d logins at once)", instanceId, groupId,
                workers, maxConcurrentLogins);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (consumer != null) {
            consumer.close();
        }
        if (telemetry != null) {
            telemetry.close();
        }
        if (reconciler != null) {
            reconciler.close();
        }
        if (publisher != null) {
            publisher.flush();
            publisher.close();
        }
        if (sessions != null) {
            sessions.close();
        }
        if (ssh != null) {
            ssh.stop();
        }
    }

    private void registerGauges(WorkQueue<ReconcileTrigger> queue) {
        Gauge.builder("fleet_adapter_queue_depth", queue, WorkQueue::readyCount)
                .description("Devices ready for a pass and waiting for a worker").register(registry);
        Gauge.builder("fleet_adapter_queue_delayed", queue, WorkQueue::delayedCount)
                .description("Devices waiting for their resync time or backoff").register(registry);
        Gauge.builder("fleet_adapter_passes_in_flight", queue, WorkQueue::processingCount)
                .description("Passes running now").register(registry);
        Gauge.builder("fleet_adapter_open_circuits", breakers, CircuitBreakers::openCount)
                .description("Devices whose circuit breaker is open (not dialled)").register(registry);
        Gauge.builder("fleet_adapter_devices_owned", view, FleetView::size)
                .description("Devices in the partitions this instance owns").register(registry);
        Gauge.builder("fleet_adapter_sessions_open", sessions, DeviceSessions::open)
                .description("Driver sessions held open for reuse").register(registry);
        Gauge.builder("fleet_adapter_guest_agent_sessions_open", guests, GuestSessions::open)
                .description("Guest agent (QGA) lines held open for reuse, one per KVM app").register(registry);
        Gauge.builder("fleet_adapter_logins_in_progress", logins, LoginGate::inProgress)
                .description("Device logins (session establishments) running now").register(registry);
        Gauge.builder("fleet_adapter_logins_waiting", logins, LoginGate::waiting)
                .description("Device logins waiting for appfleet.adapter.max-concurrent-logins").register(registry);
        FunctionCounter.builder("fleet_adapter_dead_lettered_records", this,
                        a -> a.consumer == null ? 0 : a.consumer.deadLettered())
                .description("Input records sent to a dead-letter topic").register(registry);
        FunctionCounter.builder("fleet_adapter_device_commands", this,
                        a -> a.consumer == null ? 0 : a.consumer.commandsQueued())
                .tag("outcome", "queued")
                .description("Refreshes read from fleet.device-commands.v1 by the owning instance, by outcome")
                .register(registry);
        FunctionCounter.builder("fleet_adapter_device_commands", this,
                        a -> a.consumer == null ? 0 : a.consumer.commandsForUnknownDevices())
                .tag("outcome", "unknown_device")
                .description("Refreshes read from fleet.device-commands.v1 by the owning instance, by outcome")
                .register(registry);
    }

    public Reconciler reconciler() {
        return reconciler;
    }

    public RefreshRouter refreshRouter() {
        return refreshRouter;
    }

    public FleetConsumer consumer() {
        return consumer;
    }

    public String instanceId() {
        return instanceId;
    }

    private static String defaultInstanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
