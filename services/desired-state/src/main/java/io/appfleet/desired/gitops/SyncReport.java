package io.appfleet.desired.gitops;

import java.util.ArrayList;
import java.util.List;

/**
 * What became of one commit's manifests.
 *
 * @param files one entry per manifest file, in path order
 * @param pruned names of deployments deleted because their file is gone (only with prune)
 */
public record SyncReport(List<FileResult> files, List<String> pruned) {

    public enum Outcome { APPLIED, UNCHANGED, REJECTED }

    /**
     * @param path repository-relative path of the file
     * @param outcome applied (a new revision), unchanged (same content as the current revision), rejected
     * @param deployment the deployment the file declares, when known
     * @param reason why it was rejected (field and message), or null
     */
    public record FileResult(String path, Outcome outcome, String deployment, String reason) {

        public static FileResult rejected(String path, String reason) {
            return new FileResult(path, Outcome.REJECTED, null, reason);
        }
    }

    public SyncReport {
        files = files == null ? List.of() : List.copyOf(files);
        pruned = pruned == null ? List.of() : List.copyOf(pruned);
    }

    public long count(Outcome outcome) {
        return files.stream().filter(f -> f.outcome() == outcome).count();
    }

    /** This report with the poller's own rejections (files it did not pass on) merged in path order. */
    SyncReport withRejected(List<FileResult> withheld) {
        if (withheld.isEmpty()) {
            return this;
        }
        List<FileResult> all = new ArrayList<>(files);
        all.addAll(withheld);
        all.sort((a, b) -> a.path().compareTo(b.path()));
        return new SyncReport(all, pruned);
    }
}
