package io.appfleet.telemetry.noc.summary;

import java.time.Instant;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.appfleet.telemetry.fleet.FleetSummary;
import io.appfleet.telemetry.noc.cpp.CppDropTotals;

/**
 * The NOC's summary tiles and the counts behind them. Devices are those in inventory that are not
 * decommissioned; one not observed yet counts as unknown.
 */
public record NocSummary(
        @Schema(description = "false until the fleet topics have been read to their end after a start: the figures are partial until then")
        boolean ready,
        @Schema(description = "devices in inventory, maintenance included, decommissioned not") long devices,
        @Schema(description = "devices whose observed state matches their desired state") long synced,
        @Schema(description = "devices whose apps are all healthy") long healthy,
        @Schema(description = "devices the adapter could not reach: unreachable, auth_failed or host_key_mismatch")
        long unreachable,
        @Schema(description = "apps observed running") long appsRunning,
        @Schema(description = "apps observed on the devices, in any state") long apps,
        @Schema(description = "devices by sync status (every status, zero or not)") Map<String, Long> bySync,
        @Schema(description = "devices by health status") Map<String, Long> byHealth,
        @Schema(description = "devices by reachability") Map<String, Long> byReachability,
        @Schema(description = "devices by platform") Map<String, Long> byPlatform,
        @Schema(description = "apps by observed state") Map<String, Long> appsByState,
        @Schema(description = "deployments with a rollout") long rollouts,
        @Schema(description = "rollouts by state") Map<String, Long> rolloutsByState,
        @Schema(description = "CPP drops of the whole fleet over a recent window; null while the rollups cannot be read")
        CppDropTotals cppDrops,
        Instant generatedAt) {

    /** Reachabilities that count as "unreachable" on the tile. */
    static final String[] NOT_REACHED = {"unreachable", "auth_failed", "host_key_mismatch"};

    public static NocSummary of(FleetSummary s, CppDropTotals cpp, Instant now) {
        long unreachable = 0;
        for (String r : NOT_REACHED) {
            unreachable += s.byReachability().getOrDefault(r, 0L);
        }
        return new NocSummary(s.ready(), s.devices(), s.bySync().getOrDefault("synced", 0L),
                s.byHealth().getOrDefault("healthy", 0L), unreachable, s.appsByState().getOrDefault("running", 0L),
                s.apps(), s.bySync(), s.byHealth(), s.byReachability(), s.byPlatform(), s.appsByState(), s.rollouts(),
                s.rolloutsByState(), cpp, now);
    }
}
