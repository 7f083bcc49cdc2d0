package io.appfleet.desired.gitops;

import java.util.List;

/**
 * The manifests of one commit as read from its tree.
 *
 * @param files what is passed to the sink
 * @param withheld manifest-named files the poller did not pass on (too large, a symbolic link), with the reason
 */
record CommitSnapshot(GitCommit commit, List<ManifestFile> files, List<SyncReport.FileResult> withheld) {

    CommitSnapshot {
        files = List.copyOf(files);
        withheld = List.copyOf(withheld);
    }
}
