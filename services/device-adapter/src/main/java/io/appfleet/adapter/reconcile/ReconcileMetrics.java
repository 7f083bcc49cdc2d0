package io.appfleet.adapter.reconcile;

import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The adapter's own metrics. Labels are bounded: platform, step, outcome, sync and health values,
 * never a device id or an error text.
 */
public final class ReconcileMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, Timer> timers = new ConcurrentHashMap<>();
    /** Latest sync/health per device, for the devices-by-status gauges. */
    private final Map<String, String> syncByDevice = new ConcurrentHashMap<>();
    private final Map<String, String> healthByDevice = new ConcurrentHashMap<>();

    public ReconcileMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SyncStatus s : new SyncStatus[] {SyncStatus.SYNC_STATUS_SYNCED, SyncStatus.SYNC_STATUS_OUT_OF_SYNC,
                SyncStatus.SYNC_STATUS_UNKNOWN}) {
            String v = label(s.name(), "SYNC_STATUS_");
            registry.gauge("fleet_adapter_devices_by_sync", io.micrometer.core.instrument.Tags.of("sync", v), syncByDevice,
                    m -> m.values().stream().filter(v::equals).count());
        }
        for (HealthStatus h : new HealthStatus[] {HealthStatus.HEALTH_STATUS_HEALTHY, HealthStatus.HEALTH_STATUS_PROGRESSING,
                HealthStatus.HEALTH_STATUS_DEGRADED, HealthStatus.HEALTH_STATUS_SUSPENDED, HealthStatus.HEALTH_STATUS_MISSING,
                HealthStatus.HEALTH_STATUS_UNKNOWN}) {
            String v = label(h.name(), "HEALTH_STATUS_");
            registry.gauge("fleet_adapter_devices_by_health", io.micrometer.core.instrument.Tags.of("health", v),
                    healthByDevice, m -> m.values().stream().filter(v::equals).count());
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    void step(String platform, ReconcileStep step, StepOutcome outcome, Duration took) {
        String s = label(step.name(), "RECONCILE_STEP_");
        timers.computeIfAbsent(platform + "|" + s, k -> Timer.builder("fleet_adapter_step_duration")
                .description("Time one reconcile step took on the device")
                .tags("platform", platform, "step", s).publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10))
                .register(registry)).record(took);
        count("fleet_adapter_steps", "Reconcile steps by outcome", "platform", platform, "step", s, "outcome",
                label(outcome.name(), "STEP_OUTCOME_"));
    }

    void pass(String platform, PassOutcome.Next next) {
        count("fleet_adapter_reconciles", "Reconcile passes by how they ended", "platform", platform, "result",
                next.name().toLowerCase());
    }

    void retry(String platform) {
        count("fleet_adapter_retries", "Passes queued again after a backoff", "platform", platform);
    }

    void deviceStatus(String deviceId, SyncStatus sync, HealthStatus health) {
        syncByDevice.put(deviceId, label(sync.name(), "SYNC_STATUS_"));
        healthByDevice.put(deviceId, label(health.name(), "HEALTH_STATUS_"));
    }

    void forget(String deviceId) {
        syncByDevice.remove(deviceId);
        healthByDevice.remove(deviceId);
    }

    private void count(String name, String description, String... tags) {
        counters.computeIfAbsent(name + String.join("|", tags),
                k -> Counter.builder(name).description(description).tags(tags).register(registry)).increment();
    }

    static String label(String enumName, String prefix) {
        return enumName.replace(prefix, "").toLowerCase();
    }
}
