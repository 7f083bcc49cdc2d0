package io.appfleet.telemetry.fleet;

import java.time.Instant;

import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;

/** A ReconcileEvent as a row of {@code reconcile_event}, or why it cannot be one. */
final class ReconcileEvents {

    /** Longer error messages are cut: the adapter's output limit applies to device_output, not to them. */
    static final int MAX_MESSAGE = 4096;

    private ReconcileEvents() {
    }

    /**
     * @param now stands in for finished_at (and started_at) when the adapter sent neither
     * @throws IllegalArgumentException naming what is missing, for the dead-letter reason
     */
    static DeviceEvent toRow(ReconcileEvent e, Instant now) {
        if (e.getEventId().isBlank()) {
            throw new IllegalArgumentException("ReconcileEvent without event_id (needed to drop duplicates)");
        }
        Instant started = e.hasStartedAt() ? Protos.instant(e.getStartedAt()) : null;
        Instant finished = e.hasFinishedAt() ? Protos.instant(e.getFinishedAt()) : started != null ? started : now;
        return new DeviceEvent(e.getEventId(), e.getDeviceId(), e.getAppId().isEmpty() ? null : e.getAppId(),
                FleetNames.step(e.getStep()), FleetNames.outcome(e.getOutcome()),
                e.hasDuration() ? Protos.seconds(e.getDuration()) : null, e.getAttempt(),
                e.hasError() && !e.getError().getCode().isEmpty() ? e.getError().getCode() : null,
                e.hasError() && !e.getError().getMessage().isEmpty() ? cut(e.getError().getMessage()) : null,
                e.getDeploymentName().isEmpty() ? null : e.getDeploymentName(),
                e.getDeploymentName().isEmpty() ? null : e.getDeploymentRevision(),
                e.getReconcileId().isEmpty() ? null : e.getReconcileId(), e.getStepIndex(), trigger(e.getTrigger()),
                e.getCommand().isEmpty() ? null : e.getCommand(),
                e.getDeviceOutput().isEmpty() ? null : e.getDeviceOutput(), started, finished);
    }

    private static String trigger(ReconcileTrigger t) {
        return t == ReconcileTrigger.RECONCILE_TRIGGER_UNSPECIFIED || t == ReconcileTrigger.UNRECOGNIZED ? null
                : t.name().substring("RECONCILE_TRIGGER_".length()).toLowerCase(java.util.Locale.ROOT);
    }

    private static String cut(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
