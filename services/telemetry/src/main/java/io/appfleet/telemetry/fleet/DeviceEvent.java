package io.appfleet.telemetry.fleet;

import java.time.Instant;

/**
 * One reconcile step on a device, as stored from fleet.events.v1. {@code step} and {@code outcome}
 * are the lowercase enum names without prefix ({@code install}, {@code skipped_already_done});
 * {@code appId} is null for device steps; {@code durationSeconds} null when the adapter gave none.
 */
public record DeviceEvent(String eventId, String deviceId, String appId, String step, String outcome,
        Double durationSeconds, int attempt, String errorCode, String errorMessage, String deploymentName,
        Long deploymentRevision, String reconcileId, int stepIndex, String trigger, String command,
        String deviceOutput, Instant startedAt, Instant finishedAt) {
}
