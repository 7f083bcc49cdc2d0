package io.appfleet.telemetry.noc.rollouts;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.appfleet.telemetry.fleet.RolloutInfo;

/**
 * A deployment's current rollout with the progress of each wave, as fleet.rollouts.v1 last said.
 * Percentages are of the devices concerned, rounded down, so 100 means every one.
 */
public record RolloutView(String deployment, long revision,
        @Schema(description = "progressing, paused, succeeded, aborted or rolledback") String state,
        @Schema(description = "why the rollout is paused, aborted or rolled back; empty otherwise") String reason,
        @Schema(description = "what devices outside the open waves keep; null for a new deployment") Long stableRevision,
        @Schema(description = "the highest open wave, from 1") int currentWave, int waveCount,
        @Schema(description = "targeted devices that are not excluded") long devices,
        long succeeded, long failed, long progressing, long pending, long excluded,
        @Schema(description = "succeeded of the devices, percent") int percentSucceeded,
        List<WaveView> waves, Instant startedAt, Instant updatedAt) {

    public RolloutView {
        waves = List.copyOf(waves);
    }

    /** One wave, from 1: its own devices, how many were released, succeeded, failed or are in progress. */
    public record WaveView(int index,
            @Schema(description = "waiting, open, succeeded or failed") String state,
            long devices, long released, long succeeded, long failed, long progressing,
            @Schema(description = "released of the wave's devices, percent") int percentReleased,
            @Schema(description = "succeeded of the wave's devices, percent") int percentSucceeded,
            @Schema(description = "failed of the wave's devices, percent") int percentFailed,
            Instant openedAt, Instant finishedAt) {

        /** Released and neither succeeded nor failed yet, percent (for the progress bar; not in the JSON). */
        public int percentInProgress() {
            return Math.max(0, percentReleased - percentSucceeded - percentFailed);
        }
    }

    public static RolloutView of(RolloutInfo r) {
        List<WaveView> waves = r.waves().stream().map(w -> new WaveView(w.index(), w.state(), w.devices(), w.released(),
                w.succeeded(), w.failed(), w.progressing(), percent(w.released(), w.devices()),
                percent(w.succeeded(), w.devices()), percent(w.failed(), w.devices()), w.openedAt(), w.finishedAt()))
                .toList();
        long devices = r.succeeded() + r.failed() + r.progressing() + r.pending();
        return new RolloutView(r.deployment(), r.revision(), r.state(), r.reason(), r.stableRevision(), r.currentWave(),
                r.waveCount(), devices, r.succeeded(), r.failed(), r.progressing(), r.pending(), r.excluded(),
                percent(r.succeeded(), devices), waves, r.startedAt(), r.updatedAt());
    }

    /** {@code part} of {@code whole} in whole percent, rounded down (0 of 0 is 0). */
    static int percent(long part, long whole) {
        if (whole <= 0) {
            return 0;
        }
        return (int) Math.max(0, Math.min(100, part * 100 / whole));
    }

    /** Rollouts that need eyes come first: progressing, paused, then the settled ones; by name within each. */
    public int attentionRank() {
        return switch (state) {
            case "paused" -> 0;
            case "progressing" -> 1;
            case "rolledback", "aborted" -> 2;
            default -> 3;
        };
    }
}
