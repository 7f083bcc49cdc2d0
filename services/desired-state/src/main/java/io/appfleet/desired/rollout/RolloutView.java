package io.appfleet.desired.rollout;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The JSON of {@code GET /api/v1/deployments/{name}/rollout} and of the rollout actions.
 * {@code sync} and {@code health} count the targeted devices (not excluded) by the deployment's app
 * as fleet.observed.v1 reports it ({@code Synced}, {@code OutOfSync}, {@code Unknown};
 * {@code Healthy}, {@code Progressing}, {@code Degraded}, {@code Suspended}, {@code Missing},
 * {@code Unknown}); a device not observed yet counts as Unknown.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RolloutView(String deployment, long revision, Long stableRevision, String state, String reason,
        int currentWave, int waveCount, List<Wave> waves, long succeeded, long failed, long progressing,
        long pending, long excluded, Map<String, Long> sync, Map<String, Long> health, Instant startedAt,
        Instant updatedAt, List<Event> events) {

    /**
     * One wave, cumulative like the manifest's: {@code devices} counts the wave's own devices (not
     * the earlier waves'). {@code state}: Waiting, Open, Succeeded or Failed.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Wave(int index, long devices, long released, long succeeded, long failed, long progressing,
            String state, Instant openedAt, Instant doneAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(Instant time, String type, Integer wave, long revision, String message) {
    }

    /** The short form inside a deployment's status. */
    public record Summary(long revision, String state, int currentWave, int waveCount) {
    }
}
