package io.appfleet.adapter.fleet;

import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;

import java.time.Instant;

/**
 * What the last published observation said of a managed app and no device shows: since when it
 * has been in its state, the configuration digest applied, the package installed. An adapter that
 * takes a device over (after a restart, or from another instance at a rebalance) starts its memory
 * of the device from here instead of from nothing.
 */
public record RecalledApp(ObservedAppState state, Instant since, String appliedDigest, String installedPackageSha256) {

    public static RecalledApp of(ObservedApp a) {
        Instant since = a.hasStateSince()
                ? Instant.ofEpochSecond(a.getStateSince().getSeconds(), a.getStateSince().getNanos()) : null;
        return new RecalledApp(a.getState(), since, a.getAppliedConfigDigest(), a.getInstalledPackageSha256());
    }
}
