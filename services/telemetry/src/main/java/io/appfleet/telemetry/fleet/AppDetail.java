package io.appfleet.telemetry.fleet;

import java.time.Instant;

/**
 * An app on a device: every observed app (managed or not) and every desired app. {@code state}
 * is the observed state ({@code unknown} when the device has not reported the app yet),
 * {@code desiredState} what desired-state asks ({@code running}, {@code stopped}, {@code absent};
 * null when appfleet does not desire the app).
 */
public record AppDetail(String appId, boolean managed, String state, String rawState, String sync, String health,
        String version, String message, String deploymentName, long deploymentRevision, String desiredState,
        Instant stateSince, LastError lastError) {
}
