package io.appfleet.desired.deployment;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who or what made a change: recorded on the revision and carried as {@code source.revision} on
 * the published records (the commit SHA for git and webhook changes).
 *
 * @param principal the authenticated user or service account ("anonymous" without authentication), or
 *                  the commit's author for git changes
 * @param commitSha the git commit the manifest was read at; null for API changes
 * @param path      the manifest's repository-relative file for git changes (what pruning compares); else null
 */
public record ChangeSource(Kind kind, String principal, String commitSha, String path) {

    public enum Kind {
        API("api"), WEBHOOK("webhook"), GIT("git");

        private final String db;

        Kind(String db) {
            this.db = db;
        }

        public String db() {
            return db;
        }

        static Kind ofDb(String s) {
            for (Kind k : values()) {
                if (k.db.equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown change source " + s);
        }
    }

    public static final String ANONYMOUS = "anonymous";
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{7,64}");

    public ChangeSource {
        Objects.requireNonNull(kind, "kind");
        principal = principal == null || principal.isBlank() ? ANONYMOUS : principal;
        if (commitSha != null && !SHA.matcher(commitSha).matches()) {
            throw new IllegalArgumentException("commitSha must be 7 to 64 lowercase hex digits");
        }
        if (path != null && (path.isBlank() || path.length() > 1024 || kind == Kind.API)) {
            throw new IllegalArgumentException("path names a repository file of a git or webhook change");
        }
        if (kind != Kind.API && commitSha == null) {
            throw new IllegalArgumentException(kind.db() + " changes name the commit they were read at");
        }
    }

    public static ChangeSource api(String principal) {
        return new ChangeSource(Kind.API, principal, null, null);
    }

    /** A change the git poller found at {@code commitSha}, without a file (e.g. a prune). */
    public static ChangeSource git(String commitSha) {
        return new ChangeSource(Kind.GIT, "git-poller", commitSha, null);
    }

    /** The manifest at {@code path} in commit {@code commitSha}; {@code author} is the commit's author if known. */
    public static ChangeSource git(String commitSha, String path, String author) {
        return new ChangeSource(Kind.GIT, author == null ? "git-poller" : author, commitSha, path);
    }

    /** A change fetched because a webhook announced a push; {@code principal} is the pusher if known. */
    public static ChangeSource webhook(String commitSha, String path, String principal) {
        return new ChangeSource(Kind.WEBHOOK, principal == null ? "webhook" : principal, commitSha, path);
    }
}
