package io.appfleet.drivers.infix;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DesiredApps;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.proto.fleet.v1.ObservedAppState;

import java.util.ArrayList;
import java.util.List;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_CONFIGURE;
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
 * Order: removals first, then the desired apps in the order given. Config drift of a running
 * container (same state, different config) is not visible in the list and is not planned.
 */
public final class InfixPlanner {

    private InfixPlanner() {
    }

    /** @throws IllegalArgumentException for an invalid spec or a duplicate app id, before any step runs */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, boolean prune) {
        DesiredApps apps = DesiredApps.check(actual, desired, InfixContainerConfigs::validate);
        List<Step> steps = new ArrayList<>();
        for (DesiredApps.Removal r : apps.removals(prune, id -> true)) {
            steps.addAll(teardown(r.appId(), r.state()));
        }
        for (AppSpec app : desired) {
            ObservedAppState now = apps.stateOf(app.appId());
            String id = app.appId();
            if (app.desiredState() == DesiredState.RUNNING) {
                if (now != ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                    steps.add(new Step(RECONCILE_STEP_CONFIGURE, id, "PUT container " + app.packagePath(), app));
                    steps.add(new Step(RECONCILE_STEP_START, id, ""));
                }
            } else if (app.desiredState() == DesiredState.STOPPED) {
                if (now == ObservedAppState.OBSERVED_APP_STATE_ABSENT) {
                    steps.add(new Step(RECONCILE_STEP_CONFIGURE, id, "PUT container " + app.packagePath() + " manual", app));
                } else if (now == ObservedAppState.OBSERVED_APP_STATE_RUNNING) {
                    steps.add(new Step(RECONCILE_STEP_STOP, id, ""));
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

    /** running → RUNNING, otherwise STOPPED (podman's created, exited, paused). */
    static ObservedAppState observed(ContainersState.App app) {
        return Boolean.TRUE.equals(app.running()) ? ObservedAppState.OBSERVED_APP_STATE_RUNNING
                : ObservedAppState.OBSERVED_APP_STATE_STOPPED;
    }
}
