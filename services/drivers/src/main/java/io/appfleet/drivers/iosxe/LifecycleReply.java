package io.appfleet.drivers.iosxe;

/**
 * The device's answer to {@code app-hosting install|activate|start|stop|deactivate|uninstall appid X}.
 * {@code state} is the state the device reports (RUNNING, DEPLOYED …) or null when it names none;
 * {@code message} is the reply text as printed.
 */
public record LifecycleReply(Outcome outcome, String appId, String state, String message) {

    public enum Outcome {
        /** Done; the app is now in {@code state}. */
        OK,
        /** Accepted and running in the background (17.x install/uninstall); poll the list. */
        IN_PROGRESS,
        /** Not allowed in the app's current state, which is {@code state}. */
        WRONG_STATE,
        /** No such app. */
        NOT_FOUND,
        /** The CLI or IOxMan refused the request itself (bad input, missing configuration). */
        REJECTED,
        /** The request was taken but failed. */
        ERROR
    }
}
