package io.appfleet.desired.gitops;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.jgit.lib.ObjectId;
import org.jboss.logging.Logger;

import io.appfleet.desired.gitops.GitOpsMetrics.SyncOutcome;

/**
 * Follows one branch: fetches on an interval with jitter, and at once when {@link #trigger} is called (by the
 * webhook); hands each new head commit's manifests to the {@link ManifestSink} once, and records the commit
 * only after the sink returned, so a failed sync is retried with the same commit at the next poll.
 *
 * <p>All polls run on one thread. Triggers coalesce: while a poll runs, any number of triggers cause exactly one
 * more poll after it, so a burst of webhooks never queues a burst of fetches.
 */
public final class GitPoller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GitPoller.class);
    // After this many failed polls in a row the local clone is deleted: a fetch killed mid-way can leave lock
    // files or a damaged pack behind that would otherwise fail every poll from then on.
    private static final int FAILURES_BEFORE_RECLONE = 3;

    public enum TriggerResult {
        /** a poll was queued */
        QUEUED,
        /** a poll was already queued; this trigger joins it */
        COALESCED,
        /** the poller is stopped */
        STOPPED
    }

    private final GitSourceSettings settings;
    private final GitSyncStore store;
    private final ManifestSink sink;
    private final GitOpsMetrics metrics;
    private final Clock clock;
    private final GitFetcher fetcher;
    private final ScheduledExecutorService executor;
    private final AtomicBoolean queued = new AtomicBoolean();
    private final AtomicLong fetches = new AtomicLong();
    private volatile boolean closed;
    private ScheduledFuture<?> nextPoll;
    private int consecutiveFailures;

    // Status, written by the poll thread, read by HTTP threads.
    private final Object statusLock = new Object();
    private String lastSyncedCommit;
    private Instant lastSyncedAt;
    private SyncReport lastReport;
    private String headCommit;
    private Instant lastAttemptAt;
    private Instant lastSuccessAt;
    private Instant lastFailureAt;
    private String lastFailureReason;
    private boolean lastPollFailed;
    private volatile boolean syncing;

    public GitPoller(GitSourceSettings settings, GitSyncStore store, ManifestSink sink, GitOpsMetrics metrics,
            Clock clock) {
        this.settings = settings;
        this.store = store;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.fetcher = new GitFetcher(settings);
        ScheduledThreadPoolExecutor single = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "appfleet-git-poller");
            t.setDaemon(true);
            return t;
        });
        // On close only a running poll is waited for, never the next one scheduled an interval away.
        single.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        single.setRemoveOnCancelPolicy(true);
        this.executor = single;
    }

    /** Loads the recorded state and polls at once; then every interval. */
    public void start() {
        try {
            store.load(settings.sourceKey()).ifPresent(s -> {
                synchronized (statusLock) {
                    lastSyncedCommit = s.lastCommit();
                    lastSyncedAt = s.syncedAt();
                    lastReport = s.report();
                    lastFailureAt = s.lastFailureAt();
                    lastFailureReason = s.lastFailure();
                }
            });
        } catch (SQLException e) {
            // The first poll reads the recorded commit again under its lease; only the status waits for it.
            LOG.warnf("git sync state could not be loaded yet: %s", e.getMessage());
        }
        LOG.infof("following %s (every %ss, prune %s)", settings, settings.interval().toSeconds(), settings.prune());
        trigger("start");
    }

    /** Asks for a poll now; coalesced with one already queued. */
    public TriggerResult trigger(String why) {
        if (closed) {
            return TriggerResult.STOPPED;
        }
        if (!queued.compareAndSet(false, true)) {
            return TriggerResult.COALESCED;
        }
        try {
            executor.execute(this::runQueued);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queued.set(false);
            return TriggerResult.STOPPED;
        }
        LOG.debugf("git poll queued (%s)", why);
        return TriggerResult.QUEUED;
    }

    public GitSyncStatus status() {
        synchronized (statusLock) {
            String state = lastPollFailed ? "failing" : lastSuccessAt == null ? "pending" : "synced";
            return new GitSyncStatus(state, settings.repository(), settings.branch(), settings.path(),
                    settings.interval().toSeconds(), settings.prune(), lastSyncedCommit, lastSyncedAt, headCommit,
                    lastAttemptAt, lastSuccessAt, lastFailureAt, lastFailureReason, syncing, fetches.get(), lastReport);
        }
    }

    public GitSourceSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(settings.timeout().toSeconds() + 5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        fetcher.close();
    }

    private void runQueued() {
        queued.set(false);
        if (nextPoll != null) {
            // Whatever triggered this poll also restarts the interval.
            nextPoll.cancel(false);
        }
        try {
            poll();
        } catch (RuntimeException | Error e) {
            LOG.errorf(e, "git poll failed unexpectedly");
        } finally {
            if (!closed) {
                nextPoll = executor.schedule(() -> trigger("interval"), jitteredInterval(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void poll() {
        Instant start = clock.instant();
        long t0 = System.nanoTime();
        syncing = true;
        synchronized (statusLock) {
            lastAttemptAt = start;
        }
        SyncOutcome outcome;
        try {
            if (consecutiveFailures >= FAILURES_BEFORE_RECLONE) {
                LOG.warnf("%d git polls failed in a row; fetching into a fresh local clone", consecutiveFailures);
                fetcher.discardLocalRepository();
                consecutiveFailures = 0;
            }
            fetches.incrementAndGet();
            ObjectId head = fetcher.fetchHead();
            synchronized (statusLock) {
                headCommit = head.name();
            }
            outcome = syncHead(head);
            consecutiveFailures = 0;
        } catch (GitSyncException | SQLException | RuntimeException e) {
            consecutiveFailures++;
            outcome = SyncOutcome.FAILED;
            failed(e instanceof SQLException ? "database: " + e.getMessage() : e.getMessage(), e);
        } finally {
            syncing = false;
        }
        Instant end = clock.instant();
        if (outcome != SyncOutcome.FAILED) {
            synchronized (statusLock) {
                lastSuccessAt = end;
                lastPollFailed = false;
            }
        }
        metrics.sync(outcome, Duration.ofNanos(System.nanoTime() - t0), end.getEpochSecond());
    }

    private SyncOutcome syncHead(ObjectId head) throws GitSyncException, SQLException {
        Optional<GitSyncStore.Lease> maybeLease = store.tryLease(settings.sourceKey());
        if (maybeLease.isEmpty()) {
            LOG.debugf("another instance is syncing %s; skipping this poll", settings.sourceKey());
            return SyncOutcome.SKIPPED;
        }
        try (GitSyncStore.Lease lease = maybeLease.get()) {
            // Read under the lease: another instance may have synced this commit since our last poll.
            String recorded = lease.state().map(GitSyncStore.State::lastCommit).orElse(null);
            if (head.name().equals(recorded)) {
                synchronized (statusLock) {
                    lastSyncedCommit = recorded;
                }
                return SyncOutcome.UNCHANGED;
            }
            CommitSnapshot snapshot = fetcher.read(head);
            boolean prune = settings.prune() && snapshot.withheld().isEmpty();
            if (settings.prune() && !prune) {
                LOG.warnf("commit %s: %d file(s) could not be read; not pruning in this sync",
                        snapshot.commit().shortSha(), snapshot.withheld().size());
            }
            SyncReport report;
            try {
                report = sink.sync(snapshot.commit(), snapshot.files(), prune);
            } catch (RuntimeException e) {
                throw new GitSyncException("applying commit " + snapshot.commit().shortSha() + " failed: "
                        + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e);
            }
            if (report == null) {
                throw new GitSyncException("applying commit " + snapshot.commit().shortSha() + " returned no report");
            }
            report = report.withRejected(snapshot.withheld());
            Instant now = clock.instant();
            lease.recordSynced(head.name(), report, now);
            synchronized (statusLock) {
                lastSyncedCommit = head.name();
                lastSyncedAt = now;
                lastReport = report;
            }
            long rejected = report.count(SyncReport.Outcome.REJECTED);
            LOG.infof("synced commit %s (%s): %d applied, %d unchanged, %d rejected, %d pruned",
                    snapshot.commit().shortSha(), settings.branch(), report.count(SyncReport.Outcome.APPLIED),
                    report.count(SyncReport.Outcome.UNCHANGED), rejected, report.pruned().size());
            return rejected > 0 ? SyncOutcome.REJECTED : SyncOutcome.APPLIED;
        }
    }

    private void failed(String reason, Throwable e) {
        Instant now = clock.instant();
        synchronized (statusLock) {
            lastFailureAt = now;
            lastFailureReason = reason;
            lastPollFailed = true;
        }
        LOG.warnf("git poll of %s failed (retrying in about %ss): %s", settings.sourceKey(),
                settings.interval().toSeconds(), reason);
        LOG.debug("git poll failure", e);
        try {
            store.recordFailure(settings.sourceKey(), reason, now);
        } catch (SQLException | RuntimeException ex) {
            LOG.debugf("recording the failure failed too: %s", ex.getMessage());
        }
    }

    private long jitteredInterval() {
        long base = settings.interval().toMillis();
        double factor = 1 + (ThreadLocalRandom.current().nextDouble() * 2 - 1) * settings.jitter();
        return Math.max(100, Math.round(base * factor));
    }
}
