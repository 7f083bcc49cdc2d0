package io.appfleet.desired.gitops;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/v1/gitops/status}.
 *
 * @param state {@code disabled} (no repository configured), {@code pending} (no poll finished yet),
 *        {@code synced} (the last poll succeeded) or {@code failing} (the last poll failed; see lastFailureReason)
 * @param repository the configured URL (never holds credentials)
 * @param lastSyncedCommit the last commit whose manifests were handed to the deployment core
 * @param headCommit the branch head seen by the last successful fetch
 * @param fetches fetches attempted since start
 * @param lastReport what became of the files of lastSyncedCommit
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GitSyncStatus(String state, String repository, String branch, String path, Long intervalSeconds,
        Boolean prune, String lastSyncedCommit, Instant lastSyncedAt, String headCommit, Instant lastAttemptAt,
        Instant lastSuccessAt, Instant lastFailureAt, String lastFailureReason, boolean syncing, long fetches,
        SyncReport lastReport) {

    public static GitSyncStatus disabled() {
        return new GitSyncStatus("disabled", null, null, null, null, null, null, null, null, null, null, null, null,
                false, 0, null);
    }
}
