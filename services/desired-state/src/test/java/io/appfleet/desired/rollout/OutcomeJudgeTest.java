package io.appfleet.desired.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.rollout.OutcomeJudge.Expected;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.SyncStatus;

class OutcomeJudgeTest {

    private static final Expected RUNNING = new Expected("probe", DesiredAppState.DESIRED_APP_STATE_RUNNING, "d2");

    private static ObservedDeviceState device(long generation, ObservedApp app) {
        ObservedDeviceState.Builder b = ObservedDeviceState.newBuilder().setDeviceId("sw-1")
                .setReachability(Reachability.REACHABILITY_REACHABLE).setObservedDesiredGeneration(generation);
        if (app != null) {
            b.addApps(app);
        }
        return b.build();
    }

    private static ObservedApp.Builder app(String digest, SyncStatus sync, HealthStatus health) {
        return ObservedApp.newBuilder().setAppId("probe").setManaged(true).setAppliedConfigDigest(digest).setSync(sync)
                .setHealth(health).setState(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
    }

    @Test
    void syncedAndHealthyOnTheRevisionsConfigurationSucceeds() {
        ObservedDeviceState o = device(7, app("d2", SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        assertThat(OutcomeJudge.judge(RUNNING, 7, o)).isEqualTo(DeviceOutcome.SUCCEEDED);
    }

    @Test
    void theOldConfigurationOrAnOlderGenerationIsStillProgressing() {
        ObservedDeviceState old = device(7, app("d1", SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        assertThat(OutcomeJudge.judge(RUNNING, 7, old).kind()).isEqualTo(DeviceOutcome.Kind.PROGRESSING);
        ObservedApp failedBefore = app("d1", SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_DEGRADED)
                .setLastError(ErrorInfo.newBuilder().setCode("COMMAND_REJECTED").setRetryable(false)).build();
        assertThat(OutcomeJudge.judge(RUNNING, 8, device(7, failedBefore)).kind())
                .as("an error observed against an older generation says nothing about this revision")
                .isEqualTo(DeviceOutcome.Kind.PROGRESSING);
        assertThat(OutcomeJudge.judge(RUNNING, 7, null).kind()).isEqualTo(DeviceOutcome.Kind.PROGRESSING);
    }

    @Test
    void aRefusalThatNeedsAPersonFailsARetryableOneDoesNot() {
        ObservedApp refused = app("", SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_MISSING)
                .setState(ObservedAppState.OBSERVED_APP_STATE_ABSENT)
                .setLastError(ErrorInfo.newBuilder().setCode("COMMAND_REJECTED").setMessage("install failed\nmore")
                        .setRetryable(false)).build();
        DeviceOutcome o = OutcomeJudge.judge(RUNNING, 7, device(7, refused));
        assertThat(o.kind()).isEqualTo(DeviceOutcome.Kind.FAILED);
        assertThat(o.reason()).isEqualTo("COMMAND_REJECTED: install failed");
        ObservedApp timeout = refused.toBuilder().setLastError(ErrorInfo.newBuilder().setCode("TIMEOUT").setRetryable(true))
                .build();
        assertThat(OutcomeJudge.judge(RUNNING, 7, device(7, timeout)).kind()).isEqualTo(DeviceOutcome.Kind.PROGRESSING);
    }

    @Test
    void degradedAfterStartingOnTheRevisionFails() {
        ObservedApp crashed = app("d2", SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_DEGRADED)
                .setMessage("exited (137)").build();
        assertThat(OutcomeJudge.judge(RUNNING, 7, device(7, crashed)).reason()).contains("exited (137)");
    }

    @Test
    void aChangedHostKeyFailsWhateverTheGeneration() {
        ObservedDeviceState o = device(0, null).toBuilder()
                .setReachability(Reachability.REACHABILITY_HOST_KEY_MISMATCH).build();
        assertThat(OutcomeJudge.judge(RUNNING, 7, o).kind()).isEqualTo(DeviceOutcome.Kind.FAILED);
        ObservedDeviceState unreachable = device(7, null).toBuilder()
                .setReachability(Reachability.REACHABILITY_UNREACHABLE).build();
        assertThat(OutcomeJudge.judge(RUNNING, 7, unreachable).kind()).isEqualTo(DeviceOutcome.Kind.PROGRESSING);
    }

    @Test
    void stoppedAndAbsentHaveTheirOwnSuccess() {
        Expected stopped = new Expected("probe", DesiredAppState.DESIRED_APP_STATE_STOPPED, "d2");
        ObservedApp suspended = app("d2", SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_SUSPENDED)
                .setState(ObservedAppState.OBSERVED_APP_STATE_STOPPED).build();
        assertThat(OutcomeJudge.judge(stopped, 3, device(3, suspended))).isEqualTo(DeviceOutcome.SUCCEEDED);
        Expected absent = new Expected("probe", DesiredAppState.DESIRED_APP_STATE_ABSENT, "d2");
        assertThat(OutcomeJudge.judge(absent, 3, device(3, null))).isEqualTo(DeviceOutcome.SUCCEEDED);
        ObservedApp stillThere = app("d1", SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_HEALTHY).build();
        assertThat(OutcomeJudge.judge(absent, 3, device(3, stillThere)).kind()).isEqualTo(DeviceOutcome.Kind.PROGRESSING);
    }
}
