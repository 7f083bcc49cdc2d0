package io.appfleet.desired.gitops;

import java.time.Duration;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code appfleet.git.*}: the repository the poller follows. Without {@code repository} git polling is off.
 * Unknown keys under the prefix stop the service at start (a typo must not silently disable a setting).
 */
@ConfigMapping(prefix = "appfleet.git")
public interface GitOpsConfig {

    /** https://, http:// or file:// URL (or an absolute local path) of the repository; empty disables polling. */
    Optional<String> repository();

    @WithDefault("main")
    String branch();

    /** Directory inside the repository holding the manifests; empty means the whole repository. */
    Optional<String> path();

    @WithDefault("60s")
    Duration interval();

    /** Each wait is the interval ± this fraction, so many instances do not fetch in step. */
    @WithDefault("0.2")
    double jitter();

    /** Delete deployments that came from git when their file is gone. */
    @WithDefault("false")
    boolean prune();

    /** https user name; with only a password (token) set, {@code x-access-token} is sent. */
    Optional<String> username();

    /** https password or access token. Never logged, never shown in the status. */
    Optional<String> password();

    /** Where the local bare clone lives; default {@code <java.io.tmpdir>/appfleet-desired-git}. */
    Optional<String> dataDir();

    /** Network timeout of one fetch. */
    @WithDefault("60s")
    Duration timeout();

    /** A manifest file larger than this is rejected (reported, not applied). */
    @WithDefault("1M")
    MemorySize maxFileSize();

    /** More manifest files than this under the path fail the sync as a whole. */
    @WithDefault("2000")
    int maxFiles();
}
