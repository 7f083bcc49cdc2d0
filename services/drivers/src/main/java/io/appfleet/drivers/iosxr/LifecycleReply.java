package io.appfleet.drivers.iosxr;

/**
 * What the router answered to one lifecycle command (install, activate, start/stop,
 * deactivate, uninstall). appmgr answers success with silence (only the timestamp), so
 * {@code message} is null for OK and holds the device's own words otherwise.
 */
public record LifecycleReply(Outcome outcome, String appId, String message) {

    public enum Outcome { OK, IN_PROGRESS, WRONG_STATE, NOT_FOUND, REJECTED, ERROR }
}
