package io.appfleet.drivers.iosxe;

import io.appfleet.proto.fleet.v1.ObservedAppState;

/** IOS-XE {@code show app-hosting list} states in the fleet's vocabulary. */
final class IosxeStates {

    private IosxeStates() {
    }

    static ObservedAppState observed(String raw) {
        if (raw == null) {
            return ObservedAppState.OBSERVED_APP_STATE_ABSENT;
        }
        return switch (raw.toUpperCase()) {
            case "INSTALLING" -> ObservedAppState.OBSERVED_APP_STATE_INSTALLING;
            case "DEPLOYED" -> ObservedAppState.OBSERVED_APP_STATE_DEPLOYED;
            case "ACTIVATED" -> ObservedAppState.OBSERVED_APP_STATE_ACTIVATED;
            case "RUNNING" -> ObservedAppState.OBSERVED_APP_STATE_RUNNING;
            case "STOPPED" -> ObservedAppState.OBSERVED_APP_STATE_STOPPED;
            case "UNINSTALLING" -> ObservedAppState.OBSERVED_APP_STATE_UNINSTALLING;
            // Anything else (a failure state, a word from a newer release) is reported, not guessed at.
            default -> ObservedAppState.OBSERVED_APP_STATE_ERROR;
        };
    }
}
