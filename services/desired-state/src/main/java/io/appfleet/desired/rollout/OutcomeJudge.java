package io.appfleet.desired.rollout;

import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.SyncStatus;

/**
 * Judges one device of a rollout from its latest observation. The app counts as on the revision
 * when the adapter reports the revision's {@code config_digest} as applied (revision numbers are
 * not compared: a revision that changes nothing on the device keeps the number it was published
 * with). An observation of a desired generation older than the one that carried the revision
 * says nothing yet. A retryable error (timeout, disconnect, wrong state) keeps the device
 * progressing, since the adapter retries it; a refusal that needs a person counts as failed.
 */
public final class OutcomeJudge {

    /** What the rollout asked of the device: its app id, run state and configuration digest. */
    public record Expected(String appId, DesiredAppState state, String configDigest) {
    }

    private OutcomeJudge() {
    }

    public static DeviceOutcome judge(Expected expected, long releasedGeneration, ObservedDeviceState observed) {
        if (observed == null) {
            return DeviceOutcome.PROGRESSING;
        }
        if (observed.getReachability() == Reachability.REACHABILITY_AUTH_FAILED) {
            return DeviceOutcome.failed("the device refuses the adapter's credentials");
        }
        if (observed.getReachability() == Reachability.REACHABILITY_HOST_KEY_MISMATCH) {
            return DeviceOutcome.failed("the device's host key changed; a person must confirm the new key");
        }
        if (observed.getObservedDesiredGeneration() < releasedGeneration) {
            return DeviceOutcome.PROGRESSING;
        }
        ObservedApp app = null;
        for (ObservedApp a : observed.getAppsList()) {
            if (a.getAppId().equals(expected.appId())) {
                app = a;
                break;
            }
        }
        if (app != null && app.hasLastError() && !app.getLastError().getRetryable()) {
            return DeviceOutcome.failed(describe(app.getLastError()));
        }
        if (observed.hasLastError() && !observed.getLastError().getRetryable()
                && observed.getReachability() == Reachability.REACHABILITY_REACHABLE && !appDone(expected, app)) {
            return DeviceOutcome.failed(describe(observed.getLastError()));
        }
        if (appDone(expected, app)) {
            return DeviceOutcome.SUCCEEDED;
        }
        if (app != null && onRevision(expected, app) && app.getSync() == SyncStatus.SYNC_STATUS_SYNCED
                && app.getHealth() == HealthStatus.HEALTH_STATUS_DEGRADED) {
            return DeviceOutcome.failed("degraded on the new revision" + (app.getMessage().isEmpty() ? ""
                    : ": " + app.getMessage()));
        }
        return DeviceOutcome.PROGRESSING;
    }

    private static boolean appDone(Expected expected, ObservedApp app) {
        if (expected.state() == DesiredAppState.DESIRED_APP_STATE_ABSENT) {
            return app == null || (app.getState() == ObservedAppState.OBSERVED_APP_STATE_ABSENT
                    && app.getSync() != SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        }
        if (app == null || !onRevision(expected, app) || app.getSync() != SyncStatus.SYNC_STATUS_SYNCED) {
            return false;
        }
        if (expected.state() == DesiredAppState.DESIRED_APP_STATE_STOPPED) {
            return app.getHealth() == HealthStatus.HEALTH_STATUS_SUSPENDED
                    || app.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY;
        }
        return app.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY;
    }

    private static boolean onRevision(Expected expected, ObservedApp app) {
        return expected.configDigest().equals(app.getAppliedConfigDigest());
    }

    private static String describe(ErrorInfo e) {
        return e.getCode() + (e.getMessage().isEmpty() ? "" : ": " + firstLine(e.getMessage()));
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
