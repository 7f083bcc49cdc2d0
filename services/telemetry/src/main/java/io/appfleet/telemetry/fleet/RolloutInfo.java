package io.appfleet.telemetry.fleet;

import java.time.Instant;
import java.util.List;

/**
 * A deployment's current rollout as fleet.rollouts.v1 last said. {@code state} is the lowercase
 * of desired-state's rollout state ({@code progressing}, {@code paused}, {@code succeeded},
 * {@code aborted}, {@code rolledback}); {@code stableRevision} null when there is none.
 */
public record RolloutInfo(String deployment, long revision, String state, String reason, Long stableRevision,
        int currentWave, int waveCount, List<WaveInfo> waves, long succeeded, long failed, long progressing,
        long pending, long excluded, Instant startedAt, Instant updatedAt, long generation) {

    public RolloutInfo {
        waves = List.copyOf(waves);
    }

    /** One wave, 1-based; {@code state}: waiting, open, succeeded or failed. */
    public record WaveInfo(int index, long devices, long released, long succeeded, long failed, long progressing,
            String state, Instant openedAt, Instant finishedAt) {
    }
}
