package io.appfleet.desired.gitops;

import java.time.Instant;

/**
 * The commit a set of manifests was read from: the revision source of what the core applies.
 *
 * @param sha full 40-hex object id
 * @param repository the configured repository URL, without credentials
 * @param branch the branch it is the head of
 * @param author {@code Name <email>} of the commit's author
 * @param committedAt commit time
 * @param message first line of the commit message (at most 200 characters)
 */
public record GitCommit(String sha, String repository, String branch, String author, Instant committedAt,
        String message) {

    public String shortSha() {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }
}
