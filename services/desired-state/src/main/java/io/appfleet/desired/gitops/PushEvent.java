package io.appfleet.desired.gitops;

import java.util.List;

/**
 * What a push webhook says, used only to decide whether to fetch: never as content.
 *
 * @param ref the pushed ref, e.g. {@code refs/heads/main}
 * @param after the commit the ref points to now (shown in the reply, never trusted)
 * @param fullNames {@code owner/name} style names of the repository
 * @param urls the repository's clone and web URLs
 */
record PushEvent(String ref, String after, List<String> fullNames, List<String> urls) {
}
