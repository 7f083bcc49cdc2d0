package io.appfleet.drivers;

import io.appfleet.proto.fleet.v1.ObservedAppState;

/**
 * An app found on the device; {@code rawState} is the device's own word for the state.
 * {@code packagePath} is what the device says the app was installed from, in the form the
 * desired {@link AppSpec#packagePath()} takes on that platform (IOS-XE {@code show app-hosting
 * detail} "Path", the image of an IOS-XR 6.x docker container), or null when the device does not
 * say or it was not read: planners compare it with the desired one to find a package that changed.
 */
public record InstalledApp(String appId, ObservedAppState state, String rawState, String packagePath) {

    /** The package it was installed from unknown. */
    public InstalledApp(String appId, ObservedAppState state, String rawState) {
        this(appId, state, rawState, null);
    }
}
