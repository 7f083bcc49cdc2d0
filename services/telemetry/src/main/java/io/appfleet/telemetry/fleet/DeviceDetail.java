package io.appfleet.telemetry.fleet;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One device: what inventory says (never its credentials), what the adapter last observed, and
 * its apps with their desired state. Observed fields are null (and the statuses {@code unknown})
 * before the first observation; {@code desiredGeneration} is 0 while desired-state has published
 * nothing for it.
 */
public record DeviceDetail(String id, String platform, String osVersion, String host, int port, String transport,
        String site, Map<String, String> labels, String adminState, long inventoryGeneration, String reachability,
        String sync, String health, Instant observedAt, Instant lastReachableAt, String observedOsVersion,
        long desiredGeneration, long observedDesiredGeneration, Boolean hostingAvailable, String hostingMessage,
        List<AppDetail> apps, LastError lastError) {
}
