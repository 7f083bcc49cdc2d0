package io.appfleet.telemetry.fleet;

import java.util.Map;

/**
 * The fleet at a glance. Devices are those in inventory that are not decommissioned (maintenance
 * included); a device not observed yet counts as {@code unknown} sync, health and reachability.
 * Every known value is a key, zero or not, so tiles do not come and go. {@code ready}: every topic
 * of the view has been read up to its end as of the start; before that the figures are partial.
 */
public record FleetSummary(boolean ready, long devices, Map<String, Long> bySync, Map<String, Long> byHealth,
        Map<String, Long> byReachability, Map<String, Long> byPlatform, long apps, Map<String, Long> appsByState,
        long rollouts, Map<String, Long> rolloutsByState) {
}
