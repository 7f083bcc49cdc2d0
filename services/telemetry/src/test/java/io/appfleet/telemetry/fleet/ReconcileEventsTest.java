package io.appfleet.telemetry.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Duration;

import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import io.appfleet.proto.fleet.v1.StepOutcome;

class ReconcileEventsTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void anAppStepBecomesARowWithLowercaseNames() {
        ReconcileEvent e = ReconcileEvent.newBuilder().setEventId("e1").setDeviceId("sw1").setAppId("iperf")
                .setStep(ReconcileStep.RECONCILE_STEP_INSTALL).setOutcome(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE)
                .setDuration(Duration.newBuilder().setSeconds(2).setNanos(500_000_000)).setAttempt(2)
                .setDeploymentName("web").setDeploymentRevision(7).setTrigger(ReconcileTrigger.RECONCILE_TRIGGER_RESYNC)
                .setStartedAt(FleetFixtures.ts(NOW.minusSeconds(3))).setFinishedAt(FleetFixtures.ts(NOW))
                .setError(ErrorInfo.newBuilder().setCode("WRONG_STATE").setMessage("x".repeat(5000))).build();
        DeviceEvent row = ReconcileEvents.toRow(e, NOW.plusSeconds(100));
        assertThat(row.step()).isEqualTo("install");
        assertThat(row.outcome()).isEqualTo("skipped_already_done");
        assertThat(row.durationSeconds()).isEqualTo(2.5);
        assertThat(row.trigger()).isEqualTo("resync");
        assertThat(row.deploymentRevision()).isEqualTo(7L);
        assertThat(row.finishedAt()).isEqualTo(NOW);
        assertThat(row.errorCode()).isEqualTo("WRONG_STATE");
        assertThat(row.errorMessage()).hasSize(ReconcileEvents.MAX_MESSAGE + 1).endsWith("…");
    }

    @Test
    void aDeviceStepWithoutTimesOrDurationKeepsThemUnknown() {
        ReconcileEvent e = ReconcileEvent.newBuilder().setEventId("e2").setDeviceId("sw1")
                .setStep(ReconcileStep.RECONCILE_STEP_CONNECT).setOutcome(StepOutcome.STEP_OUTCOME_TIMED_OUT).build();
        DeviceEvent row = ReconcileEvents.toRow(e, NOW);
        assertThat(row.appId()).isNull();
        assertThat(row.durationSeconds()).isNull();
        assertThat(row.deploymentName()).isNull();
        assertThat(row.deploymentRevision()).isNull();
        assertThat(row.startedAt()).isNull();
        assertThat(row.finishedAt()).as("when telemetry took it").isEqualTo(NOW);
    }

    @Test
    void anEventWithoutIdIsRefusedWithTheReason() {
        ReconcileEvent e = ReconcileEvent.newBuilder().setDeviceId("sw1").build();
        assertThatThrownBy(() -> ReconcileEvents.toRow(e, NOW)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event_id");
    }
}
