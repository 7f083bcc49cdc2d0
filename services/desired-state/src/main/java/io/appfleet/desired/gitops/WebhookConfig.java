package io.appfleet.desired.gitops;

import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code appfleet.webhook.*}: the git push webhook. Without {@code secret} the endpoint answers 404. */
@ConfigMapping(prefix = "appfleet.webhook")
public interface WebhookConfig {

    /**
     * The HMAC key of GitHub and Gitea signatures and the GitLab secret token (one value for all three).
     * Never logged.
     */
    Optional<String> secret();

    /** Bodies larger than this are refused with 413 before any verification. */
    @WithDefault("1M")
    MemorySize maxBody();

    /**
     * The repository pushes must come from, as {@code owner/name} (GitLab: {@code group/project}); by default
     * derived from {@code appfleet.git.repository}. Set it when the poller reads a mirror under another URL.
     */
    Optional<String> repository();
}
