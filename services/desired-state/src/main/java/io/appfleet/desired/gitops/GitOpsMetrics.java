package io.appfleet.desired.gitops;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * {@code fleet_desired_git_syncs_total{outcome}}, {@code fleet_desired_git_last_success_timestamp_seconds},
 * {@code fleet_desired_git_sync_duration_seconds} and {@code fleet_desired_webhooks_total{provider,outcome}}.
 * Tag values are fixed enums, so the series count never grows with traffic.
 */
public final class GitOpsMetrics {

    /** How one poll ended. */
    public enum SyncOutcome {
        /** a new commit was synced and every file was applied or unchanged */
        APPLIED,
        /** a new commit was synced and at least one file was rejected */
        REJECTED,
        /** the head was already synced */
        UNCHANGED,
        /** another instance holds the sync lock */
        SKIPPED,
        /** fetch, read or apply failed; retried at the next interval */
        FAILED
    }

    /** How one webhook request ended. */
    public enum WebhookOutcome { ACCEPTED, IGNORED, PING, UNAUTHORIZED, INVALID, TOO_LARGE, DISABLED }

    private final MeterRegistry registry;
    private final Map<SyncOutcome, Counter> syncs = new EnumMap<>(SyncOutcome.class);
    private final AtomicLong lastSuccessEpochSecond = new AtomicLong();
    private final Timer duration;

    public GitOpsMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SyncOutcome o : SyncOutcome.values()) {
            syncs.put(o, Counter.builder("fleet.desired.git.syncs")
                    .description("Polls of the git repository by outcome")
                    .tag("outcome", o.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        Gauge.builder("fleet.desired.git.last.success.timestamp.seconds", lastSuccessEpochSecond, AtomicLong::get)
                .description("Unix time of the last poll that did not fail (0 = none since start)")
                .register(registry);
        duration = Timer.builder("fleet.desired.git.sync.duration")
                .description("Time of one poll: fetch, read and apply")
                .register(registry);
    }

    void sync(SyncOutcome outcome, Duration took, long nowEpochSecond) {
        syncs.get(outcome).increment();
        duration.record(took);
        if (outcome != SyncOutcome.FAILED) {
            lastSuccessEpochSecond.set(nowEpochSecond);
        }
    }

    void webhook(String provider, WebhookOutcome outcome) {
        Counter.builder("fleet.desired.webhooks")
                .description("Git webhook requests by provider and outcome")
                .tag("provider", provider)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }
}
