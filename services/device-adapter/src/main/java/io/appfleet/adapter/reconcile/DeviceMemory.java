package io.appfleet.adapter.reconcile;

import io.appfleet.adapter.fleet.RecalledApp;
import io.appfleet.drivers.AppSpec;
import io.appfleet.proto.fleet.v1.ObservedAppState;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the adapter remembers about one device between passes: when each app entered its current
 * state (health rules measure from there), the configuration digest last applied, the package
 * last installed, when the device last answered, and how often each step was tried for the
 * current desired generation. Only the device's own worker touches it.
 *
 * <p>The installed package is the one thing here a planner needs: a package of the same file name
 * with other content (a new sha256 behind the same URL file name) looks the same on the device,
 * so only the adapter can know the app still runs the old one. It is the sha256 of the package a
 * successful INSTALL put on the device, forgotten when an UNINSTALL takes the app off (from then
 * on the device shows the truth: nothing installed), and set at the end of a pass that left the
 * app as desired.
 *
 * <p>A memory starts from the device's latest fleet.observed.v1 record ({@link #recalled}), which
 * carries the applied digest, the installed package and each state's start, so a restart or a
 * handover to another instance keeps them. That record is published at the end of a pass: an
 * adapter killed between a package's INSTALL and the end of its pass recalls the package before,
 * and the next owner installs the new one once more. The other way round (the package taken as
 * installed when it is not) would report an old package as in sync.
 */
final class DeviceMemory {

    record AppMemo(ObservedAppState state, Instant since, String appliedDigest) {
    }

    final Map<String, AppMemo> apps = new HashMap<>();
    private final Map<String, String> installedPackages = new HashMap<>();
    Instant lastReachableAt;
    long attemptsGeneration = -1;
    final Map<String, Integer> attempts = new HashMap<>();

    /** A memory that starts from what the device's last published observation said of its apps. */
    static DeviceMemory recalled(Map<String, RecalledApp> apps) {
        DeviceMemory m = new DeviceMemory();
        apps.forEach((appId, a) -> {
            if (a.since() != null) {
                m.apps.put(appId, new AppMemo(a.state(), a.since(), a.appliedDigest()));
            } else if (!a.appliedDigest().isEmpty()) {
                m.applied(appId, a.appliedDigest());
            }
            if (!a.installedPackageSha256().isEmpty()) {
                m.installed(appId, a.installedPackageSha256());
            }
        });
        return m;
    }

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

    /** An INSTALL of {@code appId} from the package with this sha256 succeeded (or the app was found as desired). */
    void installed(String appId, String sha256) {
        installedPackages.put(appId, sha256);
    }

    /** {@code appId} is off the device: whatever it was installed from is gone with it. */
    void uninstalled(String appId) {
        installedPackages.remove(appId);
    }

    /** The sha256 of the package last installed under {@code appId}, or "" when unknown. */
    String installedPackage(String appId) {
        return installedPackages.getOrDefault(appId, "");
    }

    /**
     * The specs, each marked {@link AppSpec#replacePackage()} when the package remembered for it
     * is known and is not the desired one: the device shows the same file, but not the same content.
     */
    List<AppSpec> markReplacements(List<AppSpec> specs) {
        return specs.stream().map(s -> stale(s) ? s.withReplacePackage(true) : s).toList();
    }

    /** Installed (as far as this adapter knows) from another package than the spec's. */
    boolean stale(AppSpec spec) {
        String known = installedPackage(spec.appId());
        return spec.packageSource() != null && !known.isEmpty() && !known.equals(spec.packageSource().sha256());
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
