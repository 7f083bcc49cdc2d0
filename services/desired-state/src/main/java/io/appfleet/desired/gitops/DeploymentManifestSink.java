package io.appfleet.desired.gitops;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.appfleet.desired.deployment.GitApplier;

/**
 * Hands a synced commit's manifests to the deployments: each file becomes a revision with source {@code git} and the
 * commit SHA; with prune, git-made deployments no file declares any more are deleted. Idempotent per commit, as the
 * poller needs (an unchanged file gives UNCHANGED and no revision).
 */
@ApplicationScoped
class DeploymentManifestSink implements ManifestSink {

    @Inject
    GitApplier applier;

    @Override
    public SyncReport sync(GitCommit commit, List<ManifestFile> files, boolean prune) {
        List<GitApplier.SourceFile> sources = files.stream()
                .map(f -> new GitApplier.SourceFile(f.path(), f.text()))
                .toList();
        GitApplier.CommitResult result = applier.applyCommit(commit.sha(), commit.author(), sources, prune);
        List<SyncReport.FileResult> outcomes = result.files().stream()
                .map(f -> new SyncReport.FileResult(f.path(), SyncReport.Outcome.valueOf(f.outcome().name()),
                        f.deployment(), f.reason()))
                .toList();
        return new SyncReport(outcomes, result.pruned());
    }
}
