package io.appfleet.desired.deployment;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.InvalidManifestException;
import io.appfleet.desired.manifest.ManifestFormat;
import io.appfleet.desired.manifest.ManifestReader;
import io.appfleet.platform.problem.ProblemException;

/**
 * Applies the manifest files of one git commit: each file on its own (one manifest per file, its
 * own transaction), so a bad file is reported and the others still apply; then, with prune, deletes
 * the deployments git made earlier that no file of the commit declares any more. Idempotent per
 * commit: applying the same files again answers UNCHANGED for each and prunes nothing new.
 *
 * <p>Pruning keeps a deployment whose file is present but rejected (a typo must not uninstall an
 * app fleet-wide), and keeps one that moved to another file (it is declared, so it is not gone).
 * Only deployments whose current revision came from git (or a webhook-triggered fetch) are pruned;
 * those made through the API are never touched.
 */
@ApplicationScoped
public class GitApplier {

    public enum Outcome { APPLIED, UNCHANGED, REJECTED }

    /** One manifest file of the commit, with its repository-relative path. */
    public record SourceFile(String path, String text) {
    }

    /** What became of one file; {@code deployment} is null when the file did not parse. */
    public record FileOutcome(String path, Outcome outcome, String deployment, String reason) {
    }

    public record CommitResult(List<FileOutcome> files, List<String> pruned) {
    }

    @Inject
    DeploymentService deployments;

    /**
     * @param author the commit's author ({@code Name <email>}), recorded as the revisions' principal
     * @throws ProblemException 503 while the inventory view is loading, and any failure of the database:
     *                          the commit is then not synced and should be tried again
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public CommitResult applyCommit(String commitSha, String author, List<SourceFile> files, boolean prune) {
        List<SourceFile> sorted = new ArrayList<>(files);
        sorted.sort(Comparator.comparing(SourceFile::path));
        List<FileOutcome> out = new ArrayList<>();
        Map<String, String> declaredBy = new HashMap<>();
        Set<String> present = new HashSet<>();
        Set<String> unreadable = new HashSet<>();
        for (SourceFile f : sorted) {
            present.add(f.path());
            ManifestFormat format = ManifestFormat.ofFileName(f.path());
            if (format == null) {
                unreadable.add(f.path());
                out.add(new FileOutcome(f.path(), Outcome.REJECTED, null, "not a .yaml, .yml or .json file"));
                continue;
            }
            AppDeployment manifest;
            try {
                manifest = ManifestReader.read(f.text(), format);
            } catch (InvalidManifestException e) {
                unreadable.add(f.path());
                out.add(new FileOutcome(f.path(), Outcome.REJECTED, null, e.getMessage()));
                continue;
            }
            String other = declaredBy.putIfAbsent(manifest.name(), f.path());
            if (other != null) {
                out.add(new FileOutcome(f.path(), Outcome.REJECTED, manifest.name(), "deployment '" + manifest.name()
                        + "' is already declared in " + other));
                continue;
            }
            try {
                DeploymentViews.ApplyResult r = deployments.apply(manifest,
                        ChangeSource.git(commitSha, f.path(), author));
                out.add(new FileOutcome(f.path(), r.outcome().equals("unchanged") ? Outcome.UNCHANGED
                        : Outcome.APPLIED, manifest.name(), null));
            } catch (ProblemException e) {
                if (e.status() >= 500) {
                    throw e;
                }
                out.add(new FileOutcome(f.path(), Outcome.REJECTED, manifest.name(), e.getMessage()));
            }
        }
        List<String> pruned = new ArrayList<>();
        if (prune) {
            Map<String, String> fromGit = new TreeMap<>(deployments.namesFromSource(ChangeSource.Kind.GIT));
            fromGit.putAll(deployments.namesFromSource(ChangeSource.Kind.WEBHOOK));
            for (Map.Entry<String, String> d : fromGit.entrySet()) {
                String path = d.getValue();
                boolean keptByRejectedFile = path != null && present.contains(path) && unreadable.contains(path);
                if (path == null || declaredBy.containsKey(d.getKey()) || keptByRejectedFile) {
                    continue;
                }
                try {
                    deployments.delete(d.getKey(), ChangeSource.git(commitSha, path, author));
                    pruned.add(d.getKey());
                } catch (ProblemException e) {
                    if (e.status() != 404) {
                        throw e;
                    }
                }
            }
        }
        return new CommitResult(out, pruned);
    }
}
