package io.appfleet.adapter.reconcile;

import io.appfleet.proto.fleet.v1.ObservedAppState;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What the adapter remembers about one device between passes: when each app entered its current
 * state (health rules measure from there), the configuration digest last applied, when the device
 * last answered, and how often each step was tried for the current desired generation. Only the
 * device's own worker touches it.
 */
final class DeviceMemory {

    record AppMemo(ObservedAppState state, Instant since, String appliedDigest) {
    }

    final Map<String, AppMemo> apps = new HashMap<>();
    Instant lastReachableAt;
    long attemptsGeneration = -1;
    final Map<String, Integer> attempts = new HashMap<>();

    /** Records the app's state now, keeping the start time while the state holds. */
    AppMemo observe(String appId, ObservedAppState state, Instant now) {
        AppMemo m = apps.get(appId);
        AppMemo next = m != null && m.state() == state ? m : new AppMemo(state, now, m == null ? "" : m.appliedDigest());
        apps.put(appId, next);
        return next;
    }

    void applied(String appId, String digest) {
        AppMemo m = apps.get(appId);
        apps.put(appId, m == null ? new AppMemo(ObservedAppState.OBSERVED_APP_STATE_UNSPECIFIED, Instant.now(), digest)
                : new AppMemo(m.state(), m.since(), digest));
    }

    String appliedDigest(String appId) {
        AppMemo m = apps.get(appId);
        return m == null ? "" : m.appliedDigest();
    }

    /** 1 for the first try of {@code stepKey} for this generation, then 2, 3, ... */
    int nextAttempt(long generation, String stepKey) {
        if (generation != attemptsGeneration) {
            attempts.clear();
            attemptsGeneration = generation;
        }
        return attempts.merge(stepKey, 1, Integer::sum);
    }
}
