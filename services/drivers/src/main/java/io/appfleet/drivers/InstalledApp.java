package io.appfleet.drivers;

import io.appfleet.proto.fleet.v1.ObservedAppState;

/** An app found on the device; {@code rawState} is the device's own word for the state. */
public record InstalledApp(String appId, ObservedAppState state, String rawState) {
}
