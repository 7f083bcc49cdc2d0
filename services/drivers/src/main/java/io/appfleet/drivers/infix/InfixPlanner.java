package io.appfleet.drivers.infix;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DesiredApps;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.proto.fleet.v1.ObservedAppState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_CONFIGURE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_RESTART;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNCONFIGURE;

/**
 * Plans Infix containers. A container exists once configured (CONFIGURE = PUT of its list entry)
 * and is RUNNING or STOPPED; there is no install or activate. Pure, like every planner.
 *
 * <ul>
 *   <li>RUNNING: absent → CONFIGURE, START; stopped → CONFIGURE, START (the CONFIGURE is
 *       skipped on the device when its config is already what would be PUT); running → nothing.</li>
 *   <li>STOPPED: absent → CONFIGURE (with manual, so it is not started); running → STOP.</li>
 *   <li>ABSENT (and pruned apps): running → STOP, UNCONFIGURE (DELETE); stopped → UNCONFIGURE.</li>
 * </ul>
 * Order: removals first, then the desired apps in the order given.
 *
 * <p>Config drift (same state, different configuration, e.g. an image or limit changed out of
 * band) is planned when the running datastore's entries are given: a running container gets
 * CONFIGURE then RESTART, so it runs with the desired config whether or not the device recreates
 * it on a config change; a stopped one gets CONFIGURE (a container to stop is stopped first).
 * The comparison is {@link ContainerConfigDrift}, without {@code manual}: that leaf only decides
 * auto-start, which START and STOP already plan, and is written with the next CONFIGURE.
 */
public final class InfixPlanner {

    private InfixPlanner() {
    }

    /** @throws IllegalArgumentException for an invalid spec or a duplicate app id, before any step runs */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, boolean prune) {
        return plan(actual, Map.of(), desired, prune);
    }

    /**
     * @param configs the running datastore's entries by container name; a container missing here
     *                is not checked for drift (its config is unknown)
     */
    public static List<Step> plan(List<InstalledApp> actual, Map<String, ContainerConfig> configs, List<AppSpec> desired,
                                  boolean prune) {
        DesiredApps apps = DesiredApps.check(actual, desired, InfixContainerConfigs::validate);
        List<Step> steps = new ArrayList<>();
        for (DesiredApps.Removal r : apps.removals(prune, id -> true)) {
            steps.addAll(teardown(r.appId(), r.state()));
        }
        for (AppSpec app : desired) {
            ObservedAppState now = apps.stateOf(app.appId());
            String id = app.appId();
            if (app.desiredState() == DesiredState.RUNNING) {
                List<String> drift = drift(configs.get(id), app);
                if (now != ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                    steps.add(new Step(RECONCILE_STEP_CONFIGURE, id, "PUT container " + app.packagePath(), app));
                    steps.add(new Step(RECONCILE_STEP_START, id, ""));
                } else if (!drift.isEmpty()) {
                    steps.add(new Step(RECONCILE_STEP_CONFIGURE, id, "PUT container " + app.packagePath()
                            + "; drift in " + String.join(", ", drift), app));
                    steps.add(new Step(RECONCILE_STEP_RESTART, id, "to run with the restored config"));
                }
            } else if (app.desiredState() == DesiredState.STOPPED) {
                List<String> drift = drift(configs.get(id), app);
                if (now == ObservedAppState.OBSERVED_APP_STATE_ABSENT) {
                    steps.add(new Step(RECONCILE_STEP_CONFIGURE, id, "PUT container " + app.packagePath() + " manual", app));
                    continue;
                }
                if (now == ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                    steps.add(new Step(RECONCILE_STEP_STOP, id, ""));
                }
                if (!drift.isEmpty()) {
                    steps.add(new Step(RECONCILE_STEP_CONFIGURE, id, "PUT container " + app.packagePath()
                            + " manual; drift in " + String.join(", ", drift), app));
                }
            }
        }
        return List.copyOf(steps);
    }

    private static List<Step> teardown(String id, ObservedAppState now) {
        List<Step> s = new ArrayList<>();
        if (now == ObservedAppState.OBSERVED_APP_STATE_ABSENT) {
            return s;
        }
        if (now == ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
            s.add(new Step(RECONCILE_STEP_STOP, id, ""));
        }
        s.add(new Step(RECONCILE_STEP_UNCONFIGURE, id, "DELETE container"));
        return s;
    }

    /** The differing leaves other than manual; empty when the device's config is unknown. */
    private static List<String> drift(ContainerConfig have, AppSpec app) {
        if (have == null) {
            return List.of();
        }
        ContainerConfig want = InfixContainerConfigs.asConfig(InfixContainerConfigs.entry(app));
        return ContainerConfigDrift.between(have, want).stream().filter(k -> !k.equals("manual")).toList();
    }

    /** running → RUNNING, otherwise STOPPED (podman's created, exited, paused). */
    static ObservedAppState observed(ContainersState.App app) {
        return Boolean.TRUE.equals(app.running()) ? ObservedAppState.OBSERVED_APP_STATE_RUNNING
                : ObservedAppState.OBSERVED_APP_STATE_STOPPED;
    }
}
