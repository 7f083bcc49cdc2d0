package io.appfleet.desired.gitops;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.URIish;

/**
 * The validated git source: what to fetch, from where, how often, and the limits of what is read. A bad value
 * stops the service at start with the key named, rather than failing every poll later.
 *
 * @param repository URL as configured (no credentials in it; those are refused)
 * @param path directory inside the repository, normalized without leading or trailing {@code /}; "" = root
 */
public record GitSourceSettings(String repository, String branch, String path, Duration interval, double jitter,
        boolean prune, Optional<String> username, Optional<String> password, Path dataDir, Duration timeout,
        long maxFileSize, int maxFiles) {

    public GitSourceSettings {
        repository = validRepository(repository);
        if (branch == null || branch.isBlank() || !Repository.isValidRefName("refs/heads/" + branch)) {
            throw invalid("branch", "'" + branch + "' is not a valid branch name");
        }
        path = normalizedPath(path);
        if (interval == null || interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid("interval", "must be at least 1s");
        }
        if (!(jitter >= 0 && jitter <= 0.5)) {
            throw invalid("jitter", "must be between 0 and 0.5 (a fraction of the interval)");
        }
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw invalid("timeout", "must be at least 1s");
        }
        if (maxFileSize < 1) {
            throw invalid("max-file-size", "must be positive");
        }
        if (maxFiles < 1) {
            throw invalid("max-files", "must be positive");
        }
        username = username == null ? Optional.empty() : username.filter(s -> !s.isBlank());
        password = password == null ? Optional.empty() : password.filter(s -> !s.isEmpty());
        if (username.isPresent() && password.isEmpty()) {
            throw invalid("password", "a user name is set without a password or token");
        }
    }

    /** The settings in {@code config}, or empty when no repository is configured (git polling off). */
    public static Optional<GitSourceSettings> from(GitOpsConfig config) {
        Optional<String> repository = config.repository().map(String::trim).filter(s -> !s.isEmpty());
        if (repository.isEmpty()) {
            return Optional.empty();
        }
        Path dataDir = Path.of(config.dataDir().filter(s -> !s.isBlank())
                .orElse(System.getProperty("java.io.tmpdir") + "/appfleet-desired-git"));
        return Optional.of(new GitSourceSettings(repository.get(), config.branch().trim(), config.path().orElse(""),
                config.interval(), config.jitter(), config.prune(), config.username(), config.password(), dataDir,
                config.timeout(), config.maxFileSize().asLongValue(), config.maxFiles()));
    }

    /** Identifies this source's row in {@code git_sync}: a different repository, branch or path starts afresh. */
    public String sourceKey() {
        return repository + "#" + branch + ":" + path;
    }

    public String ref() {
        return "refs/heads/" + branch;
    }

    @Override
    public String toString() {
        // Never the password.
        return "GitSourceSettings[" + sourceKey() + ", interval=" + interval + ", prune=" + prune
                + ", credentials=" + (password.isPresent() ? "set" : "none") + "]";
    }

    private static String validRepository(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("repository", "is empty");
        }
        URIish uri;
        try {
            uri = new URIish(url.trim());
        } catch (URISyntaxException e) {
            throw invalid("repository", "is not a git URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null) {
            // JGit reads "host:path" as ssh and "/path" as a local repository.
            if (uri.getHost() != null || !url.trim().startsWith("/")) {
                throw invalid("repository", "ssh URLs are not supported; use https:// with appfleet.git.username"
                        + " and appfleet.git.password (a token)");
            }
        } else if (!scheme.equals("https") && !scheme.equals("http") && !scheme.equals("file")) {
            throw invalid("repository", "scheme '" + scheme + "' is not supported; use https://, http:// or file://");
        }
        if (uri.getPass() != null) {
            throw invalid("repository", "must not hold a password; set appfleet.git.password instead");
        }
        return url.trim();
    }

    static String normalizedPath(String raw) {
        String p = raw == null ? "" : raw.trim();
        while (p.startsWith("./")) {
            p = p.substring(2);
        }
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals(".")) {
            return "";
        }
        if (p.isEmpty()) {
            return p;
        }
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.contains("\\")) {
                throw invalid("path", "'" + raw + "' is not a plain directory path inside the repository");
            }
        }
        return p;
    }

    private static IllegalArgumentException invalid(String key, String message) {
        return new IllegalArgumentException("appfleet.git." + key + ": " + message);
    }
}
