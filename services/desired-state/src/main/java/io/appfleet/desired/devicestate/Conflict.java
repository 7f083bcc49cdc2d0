package io.appfleet.desired.devicestate;

/**
 * Two deployments that cannot both hold on a device: {@code winner} came first and keeps it.
 * {@code field} names the manifest field they disagree on.
 */
public record Conflict(String deviceId, String field, String winner, String loser, String detail) {
}
