package io.appfleet.desired.gitops;

import java.time.Clock;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Starts the git poller when {@code appfleet.git.repository} is set, and gives the webhook and the status
 * endpoint access to it. The {@link ManifestSink} is looked up only then, so the service runs without one
 * while git is not configured.
 */
@ApplicationScoped
public class GitOps {

    private static final Logger LOG = Logger.getLogger(GitOps.class);

    @Inject
    GitOpsConfig config;

    @Inject
    DataSource dataSource;

    @Inject
    Instance<ManifestSink> sinks;

    @Inject
    MeterRegistry registry;

    private GitOpsMetrics metrics;
    private volatile GitPoller poller;

    void onStart(@Observes StartupEvent event) {
        metrics = new GitOpsMetrics(registry);
        Optional<GitSourceSettings> settings = GitSourceSettings.from(config);
        if (settings.isEmpty()) {
            LOG.info("git polling is off: appfleet.git.repository is not set");
            return;
        }
        if (!sinks.isResolvable()) {
            throw new IllegalStateException("appfleet.git.repository is set but no " + ManifestSink.class.getName()
                    + " bean is available to apply manifests");
        }
        GitPoller p = new GitPoller(settings.get(), new GitSyncStore(dataSource), sinks.get(), metrics,
                Clock.systemUTC());
        poller = p;
        p.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        GitPoller p = poller;
        if (p != null) {
            p.close();
        }
    }

    public Optional<GitPoller> poller() {
        return Optional.ofNullable(poller);
    }

    public GitSyncStatus status() {
        GitPoller p = poller;
        return p == null ? GitSyncStatus.disabled() : p.status();
    }

    GitOpsMetrics metrics() {
        return metrics;
    }
}
