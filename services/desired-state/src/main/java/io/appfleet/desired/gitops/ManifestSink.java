package io.appfleet.desired.gitops;

import java.util.List;

/**
 * What the git poller needs from the deployment core: apply the manifests of one commit. The poller
 * calls it once per new head commit of the configured branch, outside any transaction, and records the
 * commit as synced only after it returns; a crash in between makes the poller call it again with the same
 * commit after a restart, so an implementation must be idempotent per commit (applying identical content
 * again answers {@link SyncReport.Outcome#UNCHANGED} and creates no revision).
 *
 * <p>Contract:
 * <ul>
 * <li>{@code files} are every {@code *.yaml}, {@code *.yml} and {@code *.json} file under the configured
 * path at {@code commit} (dot-directories such as {@code .github/} excluded), with their repository-relative
 * path. Each file is applied on its own with revision source {@code git} and {@code commit.sha()}; a file that
 * does not parse or validate is reported {@link SyncReport.Outcome#REJECTED} with the reason and changes
 * nothing; the others still apply.</li>
 * <li>With {@code prune}, deployments that came from git and whose file path is not among {@code files} are
 * deleted and named in {@link SyncReport#pruned()}. A file that is present but rejected keeps the deployment
 * it produced earlier. The poller passes {@code prune = false} when it withheld a file itself (too large, a
 * symbolic link), so a file it could not read never deletes its deployment.</li>
 * <li>Throwing means "not synced": nothing is recorded, the poller retries at the next interval.</li>
 * </ul>
 */
public interface ManifestSink {

    SyncReport sync(GitCommit commit, List<ManifestFile> files, boolean prune);
}
