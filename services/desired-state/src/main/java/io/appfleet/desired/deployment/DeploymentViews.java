package io.appfleet.desired.deployment;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

import io.appfleet.desired.rollout.RolloutView;

/** The JSON bodies of the deployments API. */
public final class DeploymentViews {

    private DeploymentViews() {
    }

    /**
     * Where a deployment stands on its devices. {@code targeted} counts every device it targets;
     * {@code applied} those whose published desired state holds its current revision;
     * {@code pending} those waiting for a rollout wave; {@code unschedulable} those without room or
     * platform support; {@code conflicts} those where an older deployment holds the app id or a
     * CPP policer. {@code succeeded} and {@code failed} count the devices given the current
     * revision as fleet.observed.v1 reports them (Synced and Healthy on it; refused or degraded);
     * null until the rollout has been evaluated once, never a guess. {@code rollout}: where the
     * current revision's rollout stands (null for a deployment without one).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Status(long targeted, long applied, long pending, long unschedulable, long conflicts,
            List<String> unknownDevices, List<String> decommissionedDevices, Long succeeded, Long failed,
            RolloutView.Summary rollout) {
    }

    public record ApplyResult(String name, long revision, String outcome, Status status, int published,
            int tombstones) {
    }

    public record DeleteResult(String name, long revision, int devices, int published) {
    }

    public record Deployment(String name, String appId, long revision, Instant createdAt, Instant updatedAt,
            JsonNode manifest, Status status) {
    }

    public record Summary(String name, String appId, long revision, Instant createdAt, Instant updatedAt,
            Status status) {
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(String deviceId, String phase, Long revision, String reason, Instant updatedAt) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Revision(long revision, String action, String source, String commitSha, String path,
            String principal, Long rollbackOf, String digest, Instant createdAt) {
    }

    /** One revision with its manifest. */
    public record RevisionDetail(Revision revision, JsonNode manifest) {
    }

    /**
     * What an apply of a manifest would do, without doing it. {@code changes} lists only devices
     * whose desired state would change.
     */
    public record Diff(String name, long revision, String outcome, int targeted, int devicesChanged,
            int devicesUnchanged, List<DeviceChange> changes, List<Refusal> refused, List<String> unknownDevices,
            List<String> decommissionedDevices) {
    }

    /** {@code kind}: {@code update} (a new desired state) or {@code remove} (a tombstone: no longer managed). */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record DeviceChange(String deviceId, String kind, List<AppChange> apps, boolean settingsChanged,
            List<String> steps) {
    }

    /** {@code change}: added, changed or removed. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppChange(String appId, String change, String deployment, Long fromRevision, Long toRevision,
            List<String> steps) {
    }

    public record Refusal(String deviceId, String phase, String reason) {
    }
}
