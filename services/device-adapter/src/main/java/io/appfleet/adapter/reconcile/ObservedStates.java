package io.appfleet.adapter.reconcile;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.SyncStatus;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_ABSENT;

/**
 * Judges sync and health, per app and for the device, from what was read and what is desired.
 * Sync: does the device match the desired state (and the configuration digest last applied)?
 * Health: is what should run doing well? The device's health is its worst app's.
 */
final class ObservedStates {

    /** Worst first: the device reports the first of these that any of its apps has. */
    private static final List<HealthStatus> SEVERITY = List.of(HealthStatus.HEALTH_STATUS_DEGRADED,
            HealthStatus.HEALTH_STATUS_MISSING, HealthStatus.HEALTH_STATUS_PROGRESSING, HealthStatus.HEALTH_STATUS_UNKNOWN,
            HealthStatus.HEALTH_STATUS_SUSPENDED, HealthStatus.HEALTH_STATUS_HEALTHY);

    private ObservedStates() {
    }

    /**
     * @param specs     the desired apps the pass worked with (including managed apps to remove)
     * @param appErrors the latest error per app in this pass
     * @param retrying  the pass did not finish and will be retried: unfinished apps are PROGRESSING
     */
    static List<ObservedApp> apps(DesiredDeviceState desired, List<AppSpec> specs, List<InstalledApp> actual,
                                  Set<String> managed, Map<String, ErrorInfo> appErrors, DeviceMemory memory,
                                  boolean retrying, Instant now) {
        Map<String, DesiredApp> desiredById = new LinkedHashMap<>();
        if (desired != null) {
            desired.getAppsList().forEach(a -> desiredById.putIfAbsent(a.getAppId(), a));
        }
        Map<String, AppSpec> specById = new LinkedHashMap<>();
        specs.forEach(s -> specById.put(s.appId(), s));
        Map<String, ObservedApp> out = new LinkedHashMap<>();
        for (InstalledApp a : actual) {
            out.put(a.appId(), app(a.appId(), a.state(), a.rawState(), specById.get(a.appId()), desiredById.get(a.appId()),
                    managed.contains(a.appId()) || specById.containsKey(a.appId()), appErrors.get(a.appId()), memory, retrying, now));
        }
        // Desired apps that are not on the device are reported too (state ABSENT); a managed app
        // dropped from the desired list and gone from the device is nobody's business any more.
        for (String id : union(desiredById.keySet(), specById.keySet())) {
            if (!out.containsKey(id) && desiredById.containsKey(id)) {
                out.put(id, app(id, OBSERVED_APP_STATE_ABSENT, "", specById.get(id), desiredById.get(id), true,
                        appErrors.get(id), memory, retrying, now));
            }
        }
        return List.copyOf(out.values());
    }

    private static ObservedApp app(String id, ObservedAppState state, String raw, AppSpec spec, DesiredApp desired,
                                   boolean managed, ErrorInfo error, DeviceMemory memory, boolean retrying, Instant now) {
        DeviceMemory.AppMemo memo = memory.observe(id, state, now);
        ObservedApp.Builder b = ObservedApp.newBuilder().setAppId(id).setManaged(managed).setRawState(raw == null ? "" : raw)
                .setState(state).setStateSince(Timestamps.of(memo.since()));
        if (desired != null) {
            b.setDeploymentName(desired.getDeploymentName()).setDeploymentRevision(desired.getDeploymentRevision());
        }
        if (!memo.appliedDigest().isEmpty()) {
            b.setAppliedConfigDigest(memo.appliedDigest());
        }
        b.setInstalledPackageSha256(memory.installedPackage(id));
        if (error != null) {
            b.setLastError(error);
        }
        boolean running = state == ObservedAppState.OBSERVED_APP_STATE_RUNNING;
        if (managed && spec == null && desired != null) {
            // Desired but refused as invalid: not as desired, and it cannot become so by retrying.
            return b.setSync(SyncStatus.SYNC_STATUS_OUT_OF_SYNC)
                    .setHealth(running ? HealthStatus.HEALTH_STATUS_HEALTHY : HealthStatus.HEALTH_STATUS_DEGRADED)
                    .setMessage(error == null ? "invalid in the desired state" : error.getMessage()).build();
        }
        if (!managed || spec == null) {
            // Not appfleet's: reported as found, never judged against a desired state.
            return b.setHealth(running ? HealthStatus.HEALTH_STATUS_HEALTHY : HealthStatus.HEALTH_STATUS_UNKNOWN)
                    .setMessage(managed ? "" : "not managed by appfleet").build();
        }
        boolean stateOk = stateMatches(spec.desiredState(), state);
        String wantDigest = desired == null ? "" : desired.getConfigDigest();
        boolean configOk = wantDigest.isEmpty() || spec.desiredState() == AppSpec.DesiredState.ABSENT
                || wantDigest.equals(memo.appliedDigest());
        b.setSync(stateOk && configOk && error == null ? SyncStatus.SYNC_STATUS_SYNCED : SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        HealthStatus health;
        String message = "";
        switch (spec.desiredState()) {
            case RUNNING -> {
                if (stateOk) {
                    health = HealthStatus.HEALTH_STATUS_HEALTHY;
                } else if (state == OBSERVED_APP_STATE_ABSENT && !retrying && error == null) {
                    health = HealthStatus.HEALTH_STATUS_MISSING;
                } else if (error != null && !error.getRetryable()) {
                    health = HealthStatus.HEALTH_STATUS_DEGRADED;
                    message = error.getMessage();
                } else if (retrying || isTransient(state)) {
                    health = HealthStatus.HEALTH_STATUS_PROGRESSING;
                } else {
                    health = HealthStatus.HEALTH_STATUS_DEGRADED;
                    message = state == ObservedAppState.OBSERVED_APP_STATE_STOPPED ? "stopped out of band" : "not running";
                }
            }
            case STOPPED -> health = stateOk ? HealthStatus.HEALTH_STATUS_SUSPENDED
                    : state == OBSERVED_APP_STATE_ABSENT ? HealthStatus.HEALTH_STATUS_MISSING : HealthStatus.HEALTH_STATUS_PROGRESSING;
            default -> health = stateOk ? HealthStatus.HEALTH_STATUS_HEALTHY : HealthStatus.HEALTH_STATUS_PROGRESSING;
        }
        return b.setHealth(health).setMessage(message).build();
    }

    /** Whether the app's state is the desired one (a STOPPED app may keep its resources or not). */
    static boolean stateMatches(AppSpec.DesiredState want, ObservedAppState state) {
        return switch (want) {
            case RUNNING -> state == ObservedAppState.OBSERVED_APP_STATE_RUNNING;
            case STOPPED -> state == ObservedAppState.OBSERVED_APP_STATE_STOPPED
                    || state == ObservedAppState.OBSERVED_APP_STATE_ACTIVATED
                    || state == ObservedAppState.OBSERVED_APP_STATE_DEPLOYED;
            case ABSENT -> state == OBSERVED_APP_STATE_ABSENT;
        };
    }

    private static boolean isTransient(ObservedAppState s) {
        return s == ObservedAppState.OBSERVED_APP_STATE_INSTALLING || s == ObservedAppState.OBSERVED_APP_STATE_UNINSTALLING;
    }

    /** The device's sync: SYNCED only when every managed app and every CPP setting is. */
    static SyncStatus deviceSync(List<ObservedApp> apps, boolean cppSynced) {
        boolean allSynced = apps.stream().filter(ObservedApp::getManaged)
                .allMatch(a -> a.getSync() == SyncStatus.SYNC_STATUS_SYNCED);
        return allSynced && cppSynced ? SyncStatus.SYNC_STATUS_SYNCED : SyncStatus.SYNC_STATUS_OUT_OF_SYNC;
    }

    /** The device's health: its worst managed app's, HEALTHY when it has none. */
    static HealthStatus deviceHealth(List<ObservedApp> apps) {
        return apps.stream().filter(ObservedApp::getManaged).map(ObservedApp::getHealth)
                .min(Comparator.comparingInt(SEVERITY::indexOf)).orElse(HealthStatus.HEALTH_STATUS_HEALTHY);
    }

    /** CPP classes as read, one setting per class; and whether they match the desired ones. */
    static List<CppPolicerSetting> cpp(CpuPolicerCounters counters) {
        if (counters == null) {
            return List.of();
        }
        return counters.classes().stream().map(c -> {
            CppPolicerSetting.Builder s = CppPolicerSetting.newBuilder().setClassName(c.cppClass()).setEnabled(c.enabled());
            if (c.enabled() && c.setRate() > 0) {
                s.setRatePps((int) Math.min(Integer.MAX_VALUE, c.setRate()));
            }
            return s.build();
        }).toList();
    }

    static boolean cppSynced(DesiredDeviceState desired, CpuPolicerCounters counters) {
        if (desired == null || desired.getSettings().getCppPolicersCount() == 0 || counters == CpuPolicerCounters.NONE) {
            return true;
        }
        if (counters == null) {
            return false;
        }
        for (CppPolicerSetting want : desired.getSettings().getCppPolicersList()) {
            Optional<CpuPolicerCounters.ClassCounters> now = counters.byClass(want.getClassName());
            if (now.isEmpty() || now.get().enabled() != want.getEnabled()) {
                return false;
            }
        }
        return true;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new java.util.LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}
