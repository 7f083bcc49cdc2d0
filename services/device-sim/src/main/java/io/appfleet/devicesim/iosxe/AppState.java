package io.appfleet.devicesim.iosxe;

/** The states IOS-XE prints in {@code show app-hosting list}. */
public enum AppState {
    INSTALLING, DEPLOYED, ACTIVATED, RUNNING, STOPPED
}
