package io.appfleet.telemetry.fleet;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.RolloutStatus;
import io.appfleet.proto.fleet.v1.RolloutTotals;
import io.appfleet.proto.fleet.v1.RolloutWave;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.proto.fleet.v1.Transport;
import io.appfleet.proto.fleet.v1.WaveState;

/** Records shaped as inventory, the device-adapter and desired-state publish them. */
public final class FleetFixtures {

    private FleetFixtures() {
    }

    public static Timestamp ts(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    public static Device device(String id, Platform platform, String site, Map<String, String> labels,
            AdminState admin, long generation) {
        return Device.newBuilder().setId(id).setPlatform(platform).setSite(site).putAllLabels(labels)
                .setAdminState(admin).setGeneration(generation).setOsVersion("17.12.4").setHost("127.0.0.1")
                .setPort(22).setTransport(Transport.TRANSPORT_SSH_CLI).setCredentialsRef("vault:x").build();
    }

    public static ObservedApp app(String id, boolean managed, ObservedAppState state, HealthStatus health) {
        return ObservedApp.newBuilder().setAppId(id).setManaged(managed).setState(state).setHealth(health)
                .setSync(managed ? SyncStatus.SYNC_STATUS_SYNCED : SyncStatus.SYNC_STATUS_UNSPECIFIED)
                .setRawState(state.name()).setVersion("1.0").setDeploymentName(managed ? "dep-" + id : "")
                .setDeploymentRevision(managed ? 3 : 0).build();
    }

    public static ObservedDeviceState observed(String id, Reachability r, SyncStatus sync, HealthStatus health,
            Instant at, ObservedApp... apps) {
        ObservedDeviceState.Builder b = ObservedDeviceState.newBuilder().setDeviceId(id).setReachability(r)
                .setSync(sync).setHealth(health).setObservedAt(ts(at)).setObservedDesiredGeneration(2);
        for (ObservedApp a : apps) {
            b.addApps(a);
        }
        if (r != Reachability.REACHABILITY_REACHABLE) {
            b.setLastError(ErrorInfo.newBuilder().setCode("DEVICE_UNREACHABLE").setMessage("connect timed out")
                    .setRetryable(true));
        }
        return b.build();
    }

    public static DesiredDeviceState desired(String id, long generation, Map<String, DesiredAppState> apps) {
        DesiredDeviceState.Builder b = DesiredDeviceState.newBuilder().setDeviceId(id).setGeneration(generation);
        apps.forEach((app, state) -> b.addApps(DesiredApp.newBuilder().setAppId(app).setState(state)
                .setDeploymentName("dep-" + app).setDeploymentRevision(3)));
        return b.build();
    }

    public static RolloutStatus rollout(String name, RolloutState state, int currentWave, long generation) {
        RolloutStatus.Builder b = RolloutStatus.newBuilder().setDeploymentName(name).setRevision(4).setState(state)
                .setCurrentWave(currentWave).setGeneration(generation).setStableRevision(3)
                .setTotals(RolloutTotals.newBuilder().setSucceeded(5).setFailed(1).setProgressing(2).setPending(12))
                .setUpdatedAt(ts(Instant.parse("2025-01-01T10:00:00Z")));
        b.addWaves(RolloutWave.newBuilder().setIndex(1).setDevices(2).setReleased(2).setSucceeded(2)
                .setState(WaveState.WAVE_STATE_SUCCEEDED).setOpenedAt(ts(Instant.parse("2025-01-01T09:00:00Z")))
                .setFinishedAt(ts(Instant.parse("2025-01-01T09:05:00Z"))));
        b.addWaves(RolloutWave.newBuilder().setIndex(2).setDevices(8).setReleased(6).setSucceeded(3).setFailed(1)
                .setState(WaveState.WAVE_STATE_OPEN).setOpenedAt(ts(Instant.parse("2025-01-01T09:06:00Z"))));
        b.addWaves(RolloutWave.newBuilder().setIndex(3).setDevices(10).setState(WaveState.WAVE_STATE_WAITING));
        return b.build();
    }
}
