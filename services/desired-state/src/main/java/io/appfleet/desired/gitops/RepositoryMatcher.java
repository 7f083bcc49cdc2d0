package io.appfleet.desired.gitops;

import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

import org.eclipse.jgit.transport.URIish;

/**
 * Decides whether a push is for the configured repository: one of its URLs (clone, web or ssh form) names the
 * same host and path, or its {@code owner/name} equals the configured one ({@code appfleet.webhook.repository},
 * else the path of {@code appfleet.git.repository}). Case, a trailing {@code .git} and ports do not matter.
 */
final class RepositoryMatcher {

    private final String configuredUrlKey;
    private final String configuredName;
    private final boolean explicitName;

    RepositoryMatcher(String repositoryUrl, Optional<String> fullName) {
        this.configuredUrlKey = urlKey(repositoryUrl);
        this.explicitName = fullName.filter(s -> !s.isBlank()).isPresent();
        this.configuredName = explicitName ? nameKey(fullName.get()) : pathOf(configuredUrlKey);
    }

    boolean matches(PushEvent event) {
        for (String name : event.fullNames()) {
            if (configuredName != null && configuredName.equals(nameKey(name))) {
                return true;
            }
        }
        for (String url : event.urls()) {
            String key = urlKey(url);
            if (key == null) {
                continue;
            }
            if (explicitName ? configuredName.equals(pathOf(key)) : key.equals(configuredUrlKey)) {
                return true;
            }
        }
        return false;
    }

    String expected() {
        return configuredName;
    }

    /** {@code host/path} in lower case without {@code .git}, or null when it is not a URL. */
    static String urlKey(String url) {
        if (url == null || url.isBlank()) {
            return null;
        }
        try {
            URIish u = new URIish(url.trim());
            String host = u.getHost() == null ? "" : u.getHost().toLowerCase(Locale.ROOT);
            String path = nameKey(u.getPath() == null ? "" : u.getPath());
            return path == null ? null : host + "/" + path;
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static String nameKey(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        while (n.startsWith("/")) {
            n = n.substring(1);
        }
        while (n.endsWith("/")) {
            n = n.substring(0, n.length() - 1);
        }
        if (n.endsWith(".git")) {
            n = n.substring(0, n.length() - 4);
        }
        return n.isEmpty() ? null : n;
    }

    private static String pathOf(String urlKey) {
        if (urlKey == null) {
            return null;
        }
        int slash = urlKey.indexOf('/');
        return slash < 0 ? urlKey : urlKey.substring(slash + 1);
    }
}
