package io.appfleet.telemetry.it;

import static io.appfleet.telemetry.fleet.FleetFixtures.app;
import static io.appfleet.telemetry.fleet.FleetFixtures.desired;
import static io.appfleet.telemetry.fleet.FleetFixtures.device;
import static io.appfleet.telemetry.fleet.FleetFixtures.observed;
import static io.appfleet.telemetry.fleet.FleetFixtures.ts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.RolloutStatus;
import io.appfleet.proto.fleet.v1.RolloutTotals;
import io.appfleet.proto.fleet.v1.RolloutWave;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.proto.fleet.v1.WaveState;

/**
 * A small fleet of three devices, labelled {@code suite=<prefix>} so a test can select its own:
 * <ul>
 * <li>{@code <prefix>-a}: IOS-XE at ams, role access, reachable, synced, healthy; app web running (managed,
 * desired running) and legacy stopped (unmanaged); three reconcile steps (connect, copy_package, start), the
 * last one failed; CPU and memory
 * of web every 20 s for 100 s and CPP drops of 500 frames/s;</li>
 * <li>{@code <prefix>-b}: IOS-XR at fra, role core, reachable, out of sync, degraded; web in error; CPP drops of
 * 200 frames/s;</li>
 * <li>{@code <prefix>-c}: Infix without site, authentication failed, never synced;</li>
 * </ul>
 * and the rollout {@code <prefix>-web}: wave 1 done (2/2), wave 2 open (1 of 4 succeeded, 1 failed, 1 in
 * progress), wave 3 waiting (4).
 */
final class NocFleet {

    static final String CPP_CLASS = "system-cpp-police-data";
    static final double[] CPU = {10, 20, 30, 40, 50, 60};

    final String prefix;
    final String a;
    final String b;
    final String c;
    final String rollout;
    /** The first telemetry sample's time: a whole minute a few minutes back (within the raw retention). */
    final Instant base;
    final List<Instant> eventTimes = new ArrayList<>();

    NocFleet(String prefix) {
        this.prefix = prefix;
        this.a = prefix + "-a";
        this.b = prefix + "-b";
        this.c = prefix + "-c";
        this.rollout = prefix + "-web";
        this.base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofMinutes(5));
    }

    Map<String, String> labels(String role) {
        return role == null ? Map.of("suite", prefix) : Map.of("suite", prefix, "role", role);
    }

    void publish(FleetRecords kafka) {
        Instant now = Instant.now();
        kafka.device(device(a, Platform.PLATFORM_IOSXE, "ams", labels("access"), AdminState.ADMIN_STATE_MANAGED, 1))
                .device(device(b, Platform.PLATFORM_IOSXR, "fra", labels("core"), AdminState.ADMIN_STATE_MANAGED, 1))
                .device(device(c, Platform.PLATFORM_INFIX, "", labels(null), AdminState.ADMIN_STATE_MANAGED, 1));
        kafka.observed(observed(a, Reachability.REACHABILITY_REACHABLE, SyncStatus.SYNC_STATUS_SYNCED,
                HealthStatus.HEALTH_STATUS_HEALTHY, now,
                app("web", true, ObservedAppState.OBSERVED_APP_STATE_RUNNING, HealthStatus.HEALTH_STATUS_HEALTHY),
                app("legacy", false, ObservedAppState.OBSERVED_APP_STATE_STOPPED, HealthStatus.HEALTH_STATUS_UNKNOWN)));
        ObservedApp broken = app("web", true, ObservedAppState.OBSERVED_APP_STATE_ERROR, HealthStatus.HEALTH_STATUS_DEGRADED)
                .toBuilder().setSync(SyncStatus.SYNC_STATUS_OUT_OF_SYNC).setLastError(ErrorInfo.newBuilder()
                        .setCode("APP_CRASHED").setMessage("web exited with status 137").setRetryable(true)).build();
        kafka.observed(observed(b, Reachability.REACHABILITY_REACHABLE, SyncStatus.SYNC_STATUS_OUT_OF_SYNC,
                HealthStatus.HEALTH_STATUS_DEGRADED, now, broken));
        kafka.observed(observed(c, Reachability.REACHABILITY_AUTH_FAILED, SyncStatus.SYNC_STATUS_UNKNOWN,
                HealthStatus.HEALTH_STATUS_UNKNOWN, now));
        kafka.desired(desired(a, 2, Map.of("web", DesiredAppState.DESIRED_APP_STATE_RUNNING)))
                .desired(desired(b, 2, Map.of("web", DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        kafka.rollout(rollout(1, 1));

        eventTimes.clear();
        // Steps FleetMetricsIT does not count (its step counters are the same app's and assume its own events).
        ReconcileStep[] steps = {ReconcileStep.RECONCILE_STEP_CONNECT, ReconcileStep.RECONCILE_STEP_COPY_PACKAGE,
                ReconcileStep.RECONCILE_STEP_START};
        for (int i = 0; i < steps.length; i++) {
            Instant finished = now.minus(Duration.ofMinutes(3 - i)).truncatedTo(ChronoUnit.MILLIS);
            eventTimes.add(finished);
            ReconcileEvent.Builder e = ReconcileEvent.newBuilder().setEventId(UUID.randomUUID().toString())
                    .setDeviceId(a).setStep(steps[i]).setAttempt(1).setReconcileId("r-" + prefix).setStepIndex(i)
                    .setStartedAt(ts(finished.minusMillis(1500))).setFinishedAt(ts(finished))
                    .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(1).setNanos(500_000_000))
                    .setOutcome(i < 2 ? StepOutcome.STEP_OUTCOME_SUCCEEDED : StepOutcome.STEP_OUTCOME_FAILED);
            if (i > 0) {
                e.setAppId("web").setDeploymentName(rollout).setDeploymentRevision(4);
            }
            if (i == 2) {
                e.setError(ErrorInfo.newBuilder().setCode("DEVICE_REFUSED").setMessage("% start refused: <app web>"));
            }
            kafka.event(e.build());
        }

        for (int i = 0; i < CPU.length; i++) {
            Instant t = base.plusSeconds(20L * i);
            kafka.sample(sample(a, t).setAppUtilization(AppUtilization.newBuilder().setAppId("web").setInstanceId("i1")
                    .setCpuPercent(CPU[i]).setMemoryUsedBytes((100L + i) * 1024 * 1024)).build());
        }
        for (int i = 0; i < 3; i++) {
            Instant t = base.plusSeconds(60L * i);
            kafka.sample(cpp(a, t, 30_000L * i)).sample(cpp(b, t, 12_000L * i));
        }
    }

    /**
     * Takes the fleet out of the view again (tombstones), so test classes that count the whole fleet
     * (FleetMetricsIT) see only their own devices, whichever class runs first.
     */
    void forget(FleetRecords kafka, String... moreDevices) {
        for (String id : List.of(a, b, c)) {
            kafka.forgetDevice(id);
        }
        for (String id : moreDevices) {
            kafka.forgetDevice(id);
        }
        kafka.forgetRollout(rollout);
    }

    /**
     * The rollout with wave 2 at {@code wave2Succeeded} of 4 succeeded (1 failed, the rest of 3 released in
     * progress), as desired-state would publish it with {@code generation}.
     */
    RolloutStatus rollout(long generation, int wave2Succeeded) {
        Timestamp opened = ts(base);
        long released = Math.max(3, wave2Succeeded + 1);
        return RolloutStatus.newBuilder().setDeploymentName(rollout).setRevision(4)
                .setState(RolloutState.ROLLOUT_STATE_PROGRESSING).setStableRevision(3).setCurrentWave(2)
                .setGeneration(generation).setStartedAt(opened).setUpdatedAt(ts(Instant.now()))
                .setTotals(RolloutTotals.newBuilder().setSucceeded(2 + wave2Succeeded).setFailed(1)
                        .setProgressing(released - wave2Succeeded - 1).setPending(4 - released + 4))
                .addWaves(RolloutWave.newBuilder().setIndex(1).setDevices(2).setReleased(2).setSucceeded(2)
                        .setState(WaveState.WAVE_STATE_SUCCEEDED).setOpenedAt(opened).setFinishedAt(opened))
                .addWaves(RolloutWave.newBuilder().setIndex(2).setDevices(4).setReleased(released)
                        .setSucceeded(wave2Succeeded).setFailed(1).setState(WaveState.WAVE_STATE_OPEN).setOpenedAt(opened))
                .addWaves(RolloutWave.newBuilder().setIndex(3).setDevices(4).setState(WaveState.WAVE_STATE_WAITING))
                .build();
    }

    /** The CPU samples' minute averages, in time order, as rollup_1m must hold them. */
    static double[] cpuMinuteAverages() {
        return new double[] {(10 + 20 + 30) / 3.0, (40 + 50 + 60) / 3.0};
    }

    private static TelemetrySample.Builder sample(String device, Instant at) {
        return TelemetrySample.newBuilder().setDeviceId(device).setCollectedBy("noc-it").setBootId("boot-1")
                .setSampledAt(ts(at));
    }

    private static TelemetrySample cpp(String device, Instant at, long dropFrames) {
        return sample(device, at).setCppPolicerStats(CppPolicerStats.newBuilder()
                .addClasses(CppClassStats.newBuilder().setClassName(CPP_CLASS).setPolicerIndex(3).setEnabled(true)
                        .setRatePps(1000).setDropFramesTotal(dropFrames).setDropBytesTotal(dropFrames * 64))).build();
    }
}
