package io.appfleet.telemetry.fleet;

import java.time.Instant;
import java.util.Map;

/**
 * One row of the device list. {@code apps}: apps observed on the device (managed or not, absent
 * ones excluded), {@code appsRunning} of them running; {@code observedAt} null when the device has
 * not been observed yet.
 */
public record DeviceSummary(String id, String platform, String site, Map<String, String> labels, String adminState,
        String reachability, String sync, String health, int apps, int appsRunning, Instant observedAt,
        LastError lastError) {
}
