package io.appfleet.desired.rollout;

import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.SyncStatus;

/** One app's sync and health on one device as fleet.observed.v1 says, in the API's words. */
record AppStatus(String sync, String health) {

    static final AppStatus UNKNOWN = new AppStatus("Unknown", "Unknown");

    static AppStatus of(ObservedDeviceState device, String appId) {
        if (device == null) {
            return UNKNOWN;
        }
        for (ObservedApp a : device.getAppsList()) {
            if (a.getAppId().equals(appId)) {
                return new AppStatus(sync(a.getSync()), health(a.getHealth()));
            }
        }
        return UNKNOWN;
    }

    static String sync(SyncStatus s) {
        return switch (s) {
            case SYNC_STATUS_SYNCED -> "Synced";
            case SYNC_STATUS_OUT_OF_SYNC -> "OutOfSync";
            default -> "Unknown";
        };
    }

    static String health(HealthStatus h) {
        return switch (h) {
            case HEALTH_STATUS_HEALTHY -> "Healthy";
            case HEALTH_STATUS_PROGRESSING -> "Progressing";
            case HEALTH_STATUS_DEGRADED -> "Degraded";
            case HEALTH_STATUS_SUSPENDED -> "Suspended";
            case HEALTH_STATUS_MISSING -> "Missing";
            default -> "Unknown";
        };
    }
}
