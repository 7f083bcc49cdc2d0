package io.appfleet.drivers;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.appfleet.proto.fleet.v1.ObservedAppState;

/**
 * What every platform's planner starts from: the device's apps by id, and the desired apps
 * checked once (each spec valid for the platform, no app id twice) before any step is planned.
 */
public final class DesiredApps {

    /** An app to take off the device; {@code spec} is null when it goes because of prune. */
    public record Removal(String appId, ObservedAppState state, AppSpec spec) {
    }

    private final Map<String, InstalledApp> onDevice = new LinkedHashMap<>();
    private final List<AppSpec> desired;
    private final Set<String> named = new HashSet<>();

    private DesiredApps(List<InstalledApp> actual, List<AppSpec> desired) {
        actual.forEach(a -> onDevice.put(a.appId(), a));
        this.desired = List.copyOf(desired);
    }

    /**
     * @param validate the platform's check of one spec; it throws IllegalArgumentException
     * @throws IllegalArgumentException for an invalid spec or an app id desired twice
     */
    public static DesiredApps check(List<InstalledApp> actual, List<AppSpec> desired, Consumer<AppSpec> validate) {
        DesiredApps apps = new DesiredApps(actual, desired);
        for (AppSpec app : desired) {
            validate.accept(app);
            if (!apps.named.add(app.appId())) {
                throw new IllegalArgumentException("appId " + app.appId() + " is desired twice");
            }
        }
        return apps;
    }

    public List<AppSpec> desired() {
        return desired;
    }

    /** The app as read from the device, or null when it is not there. */
    public InstalledApp installed(String appId) {
        return onDevice.get(appId);
    }

    public ObservedAppState stateOf(String appId) {
        InstalledApp a = onDevice.get(appId);
        return a == null ? ObservedAppState.OBSERVED_APP_STATE_ABSENT : a.state();
    }

    /**
     * The apps to remove, before anything is brought up: those desired ABSENT, then, with
     * {@code prune}, those on the device that no spec names and whose id {@code safeToName} accepts
     * (an id that cannot be sent to the device safely is reported, never acted on).
     */
    public List<Removal> removals(boolean prune, Predicate<String> safeToName) {
        List<Removal> out = new ArrayList<>();
        for (AppSpec app : desired) {
            if (app.desiredState() == AppSpec.DesiredState.ABSENT) {
                out.add(new Removal(app.appId(), stateOf(app.appId()), app));
            }
        }
        if (prune) {
            for (InstalledApp a : onDevice.values()) {
                if (!named.contains(a.appId()) && safeToName.test(a.appId())) {
                    out.add(new Removal(a.appId(), a.state(), null));
                }
            }
        }
        return out;
    }
}
