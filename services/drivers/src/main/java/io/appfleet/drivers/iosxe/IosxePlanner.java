package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DesiredApps;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.ssh.CliInput;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_ACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_CONFIGURE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_CONFIGURE_CPP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_COPY_PACKAGE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_DEACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_INSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNCONFIGURE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNINSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_VERIFY_PACKAGE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_WAIT_STATE;

/**
 * Plans the IOS-XE lifecycle: install → DEPLOYED → activate → ACTIVATED → start → RUNNING, and
 * back with stop, deactivate, uninstall. Pure (no device access), so every starting state can be
 * tested against every desired one.
 *
 * <p>Order: removals first (they free the CPU and memory that new apps reserve at activate),
 * then CPP settings, then the desired apps in the order given. Each app's steps start from its
 * current state, so nothing is repeated. A desired STOPPED app is satisfied by ACTIVATED or
 * STOPPED (resources reserved, not running). Apps in a state the planner does not know get no
 * steps; their state is reported instead.
 *
 * <p>An app with a package source gets COPY_PACKAGE and VERIFY_PACKAGE before anything else of
 * its install, so a download that fails or a file that does not match leaves no configuration
 * behind. The copy is planned on every install; it finds a matching file and skips itself.
 *
 * <p>Reconfigure: IOS-XE applies an {@code app-hosting appid} block at activate, so an installed
 * app whose block differs from the one the driver would send ({@link AppConfigDiff}) goes back to
 * DEPLOYED and up again: [stop] → deactivate → configure → activate → [start]. The plan starts
 * from the app's current state and the block as it is, so a pass cut short anywhere is finished
 * by the next with no step repeated: an app DEPLOYED with the new block only activates. The
 * running-config is the one the driver read with the list; without it (null), or for an
 * active app with no block at all (an empty read proves nothing, and stopping a working app on
 * it would be worse than leaving it), an active app is not reconfigured.
 */
public final class IosxePlanner {

    private IosxePlanner() {
    }

    /**
     * @param cpp the last CPP reading, or null when unknown (a CPP step is then planned and
     *            checks the device itself); {@link CpuPolicerCounters#NONE} means the device has no CPP.
     * @throws IllegalArgumentException for an invalid spec or a duplicate app id, before any step runs
     */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy, boolean prune,
                                  CpuPolicerCounters cpp) {
        return plan(actual, desired, policy, prune, cpp, null);
    }

    /**
     * @param appHostingConfig {@code show running-config | section app-hosting} as read with
     *                         {@code actual}, or null when unknown (no app is then reconfigured)
     */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy, boolean prune,
                                  CpuPolicerCounters cpp, String appHostingConfig) {
        DesiredApps apps = DesiredApps.check(actual, desired, IosxeCommands::validate);
        List<Step> steps = new ArrayList<>();
        for (DesiredApps.Removal r : apps.removals(prune, id -> CliInput.APP_ID.matcher(id).matches())) {
            steps.addAll(teardown(r.appId(), r.state()));
        }
        steps.addAll(cppSteps(policy == null ? DevicePolicy.NONE : policy, cpp));
        for (AppSpec app : desired) {
            ObservedAppState now = apps.stateOf(app.appId());
            if (app.desiredState() == DesiredState.RUNNING) {
                steps.addAll(bringUp(app, now, true, block(app, appHostingConfig)));
            } else if (app.desiredState() == DesiredState.STOPPED) {
                steps.addAll(bringUp(app, now, false, block(app, appHostingConfig)));
            }
        }
        return List.copyOf(steps);
    }

    /** How the app's running block compares with the desired one. */
    private enum Block { UNKNOWN, ABSENT, SAME, CHANGED }

    private static Block block(AppSpec app, String appHostingConfig) {
        if (appHostingConfig == null) {
            return Block.UNKNOWN;
        }
        if (RunningAppConfig.block(appHostingConfig, app.appId()).isEmpty()) {
            return Block.ABSENT;
        }
        return AppConfigDiff.of(app, appHostingConfig).none() ? Block.SAME : Block.CHANGED;
    }

    /** Steps from {@code now} to RUNNING ({@code run}) or to resources-reserved-but-not-running. */
    private static List<Step> bringUp(AppSpec app, ObservedAppState now, boolean run, Block block) {
        String id = app.appId();
        List<Step> s = new ArrayList<>();
        switch (now) {
            case OBSERVED_APP_STATE_ABSENT, OBSERVED_APP_STATE_UNINSTALLING -> {
                if (now == ObservedAppState.OBSERVED_APP_STATE_UNINSTALLING) {
                    s.add(new Step(RECONCILE_STEP_WAIT_STATE, id, "wait for the uninstall to finish"));
                }
                if (app.packagePath() == null) {
                    throw new IllegalArgumentException("packagePath must be set to install " + id);
                }
                if (app.packageSource() != null) {
                    s.add(new Step(RECONCILE_STEP_COPY_PACKAGE, id, app.packageSource().url() + " to " + app.packagePath(), app));
                    s.add(new Step(RECONCILE_STEP_VERIFY_PACKAGE, id, app.packagePath() + " sha256 "
                            + app.packageSource().sha256(), app));
                }
                s.add(new Step(RECONCILE_STEP_CONFIGURE, id, BLOCK, app));
                s.add(new Step(RECONCILE_STEP_INSTALL, id, app.packagePath(), app));
                s.add(new Step(RECONCILE_STEP_ACTIVATE, id, ""));
                addStart(s, id, run);
            }
            case OBSERVED_APP_STATE_INSTALLING -> {
                s.add(new Step(RECONCILE_STEP_WAIT_STATE, id, "wait for the install to finish"));
                if (block == Block.CHANGED) {
                    s.add(new Step(RECONCILE_STEP_CONFIGURE, id, CHANGED_BLOCK, app));
                }
                s.add(new Step(RECONCILE_STEP_ACTIVATE, id, ""));
                addStart(s, id, run);
            }
            case OBSERVED_APP_STATE_DEPLOYED -> {
                // Configuration takes effect at activate; re-applying it here covers an app installed
                // out of band. A block already as desired (a reconfigure cut short after configure) is left.
                if (block != Block.SAME) {
                    s.add(new Step(RECONCILE_STEP_CONFIGURE, id, block == Block.CHANGED ? CHANGED_BLOCK : BLOCK, app));
                }
                s.add(new Step(RECONCILE_STEP_ACTIVATE, id, ""));
                addStart(s, id, run);
            }
            case OBSERVED_APP_STATE_ACTIVATED, OBSERVED_APP_STATE_STOPPED -> {
                if (block == Block.CHANGED) {
                    reconfigure(s, app, run);
                } else {
                    addStart(s, id, run);
                }
            }
            case OBSERVED_APP_STATE_RUNNING -> {
                if (block == Block.CHANGED) {
                    s.add(new Step(RECONCILE_STEP_STOP, id, "to reconfigure"));
                    reconfigure(s, app, run);
                } else if (!run) {
                    s.add(new Step(RECONCILE_STEP_STOP, id, ""));
                }
            }
            default -> {
                // ERROR or unknown: report, do not guess.
            }
        }
        return s;
    }

    private static final String BLOCK = "app-hosting appid block";
    private static final String CHANGED_BLOCK = "app-hosting appid block changed";

    /** From ACTIVATED or STOPPED: the block only takes effect at the next activate. */
    private static void reconfigure(List<Step> s, AppSpec app, boolean run) {
        String id = app.appId();
        s.add(new Step(RECONCILE_STEP_DEACTIVATE, id, "to reconfigure"));
        s.add(new Step(RECONCILE_STEP_CONFIGURE, id, CHANGED_BLOCK, app));
        s.add(new Step(RECONCILE_STEP_ACTIVATE, id, ""));
        addStart(s, id, run);
    }

    private static void addStart(List<Step> s, String id, boolean run) {
        if (run) {
            s.add(new Step(RECONCILE_STEP_START, id, ""));
        }
    }

    /** Steps from {@code now} to gone, each only if the state needs it. */
    private static List<Step> teardown(String id, ObservedAppState now) {
        List<ReconcileStep> kinds = switch (now) {
            case OBSERVED_APP_STATE_RUNNING, OBSERVED_APP_STATE_ERROR ->
                    List.of(RECONCILE_STEP_STOP, RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_UNCONFIGURE);
            case OBSERVED_APP_STATE_STOPPED, OBSERVED_APP_STATE_ACTIVATED ->
                    List.of(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_UNCONFIGURE);
            case OBSERVED_APP_STATE_DEPLOYED -> List.of(RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_UNCONFIGURE);
            case OBSERVED_APP_STATE_INSTALLING ->
                    List.of(RECONCILE_STEP_WAIT_STATE, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_UNCONFIGURE);
            case OBSERVED_APP_STATE_UNINSTALLING -> List.of(RECONCILE_STEP_WAIT_STATE, RECONCILE_STEP_UNCONFIGURE);
            // Already gone: a leftover configuration block cannot be seen from the list, and
            // planning its removal on every pass would report a change that is not one.
            default -> List.of();
        };
        return kinds.stream().map(k -> new Step(k, id, "")).toList();
    }

    private static List<Step> cppSteps(DevicePolicy policy, CpuPolicerCounters cpp) {
        List<Step> s = new ArrayList<>();
        for (Map.Entry<String, Boolean> want : policy.cppPolicerEnabled().entrySet()) {
            String cls = CliInput.cppClass("cppClass", want.getKey());
            boolean enable = want.getValue();
            if (cpp == CpuPolicerCounters.NONE) {
                continue; // no CPP on this platform (routers): nothing to enforce
            }
            Optional<CpuPolicerCounters.ClassCounters> now = cpp == null ? Optional.empty() : cpp.byClass(cls);
            if (cpp != null && now.isPresent() && now.get().enabled() == enable) {
                continue;
            }
            s.add(new Step(RECONCILE_STEP_CONFIGURE_CPP, null, cls + (enable ? " enable" : " disable")));
        }
        return s;
    }
}
