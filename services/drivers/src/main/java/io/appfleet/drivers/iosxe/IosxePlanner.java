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
 *
 * <p>Package change (an upgrade): IOx keeps the package an app was installed from, so a new one
 * means a new install. An installed app whose package is not the desired one is taken down to
 * gone and installed again: [stop] → deactivate → uninstall → copy → verify → [configure] →
 * install → activate → [start]. "Not the desired one" is what the device shows, the "Path" of
 * {@code show app-hosting detail} ({@link InstalledApp#packagePath()}) differing from the spec's
 * (a new package is a new file name: the device-adapter names the file after the URL), or, for
 * the same file name with other content, which no device output shows, the caller's word
 * ({@link AppSpec#replacePackage()}, from what the device-adapter remembers installing). Like the
 * rest, the plan starts from the current state, so a pass cut short is finished by the next with
 * no step repeated: an app stopped or DEPLOYED with the old path goes on down; once uninstalled it
 * is ABSENT and the plain install follows; installed from the new path it only comes up. A path
 * the device does not print (16.x layouts without it, an unreadable detail) is unknown and, with
 * no word from the caller, leaves the app alone, as an unknown block does.
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
            if (app.desiredState() == DesiredState.ABSENT) {
                continue;
            }
            boolean run = app.desiredState() == DesiredState.RUNNING;
            Block block = block(app, appHostingConfig);
            if (otherPackage(app, apps.installed(app.appId()))) {
                steps.addAll(replace(app, now, run, block));
            } else {
                steps.addAll(bringUp(app, now, run, block));
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

    /** Installed from another package than the desired one, as far as the device or the caller can tell. */
    private static boolean otherPackage(AppSpec app, InstalledApp onDevice) {
        if (onDevice == null || app.packagePath() == null) {
            return false;
        }
        return app.replacePackage() || onDevice.packagePath() != null
                && !samePath(onDevice.packagePath(), app.packagePath());
    }

    /** "usbflash0:/x.tar" and "usbflash0:x.tar" name the same file; anything else compares as written. */
    static boolean samePath(String a, String b) {
        return normalized(a).equals(normalized(b));
    }

    private static String normalized(String path) {
        String p = path.strip();
        int colon = p.indexOf(':');
        return colon >= 0 && p.startsWith("/", colon + 1) ? p.substring(0, colon + 1) + p.substring(colon + 2) : p;
    }

    /**
     * From {@code now} down to gone, then up from the new package. States with nothing installed
     * (or on the way out) are the plain install already; ERROR and unknown states are reported.
     */
    private static List<Step> replace(AppSpec app, ObservedAppState now, boolean run, Block block) {
        String id = app.appId();
        String why = "to replace the package with " + app.packagePath();
        List<Step> s = new ArrayList<>();
        switch (now) {
            case OBSERVED_APP_STATE_RUNNING -> {
                s.add(new Step(RECONCILE_STEP_STOP, id, why));
                s.add(new Step(RECONCILE_STEP_DEACTIVATE, id, why));
            }
            case OBSERVED_APP_STATE_ACTIVATED, OBSERVED_APP_STATE_STOPPED -> s.add(new Step(RECONCILE_STEP_DEACTIVATE, id, why));
            case OBSERVED_APP_STATE_DEPLOYED -> {
                // deactivated already: uninstall next
            }
            case OBSERVED_APP_STATE_INSTALLING -> s.add(new Step(RECONCILE_STEP_WAIT_STATE, id, "wait for the install to finish"));
            default -> {
                return bringUp(app, now, run, block);
            }
        }
        s.add(new Step(RECONCILE_STEP_UNINSTALL, id, why));
        install(s, app, block == Block.SAME ? null : block == Block.CHANGED ? CHANGED_BLOCK : BLOCK);
        s.add(new Step(RECONCILE_STEP_ACTIVATE, id, ""));
        addStart(s, id, run);
        return s;
    }

    /** COPY and VERIFY when the package has a source, CONFIGURE unless {@code configure} is null, INSTALL. */
    private static void install(List<Step> s, AppSpec app, String configure) {
        String id = app.appId();
        if (app.packageSource() != null) {
            s.add(new Step(RECONCILE_STEP_COPY_PACKAGE, id, app.packageSource().url() + " to " + app.packagePath(), app));
            s.add(new Step(RECONCILE_STEP_VERIFY_PACKAGE, id, app.packagePath() + " sha256 "
                    + app.packageSource().sha256(), app));
        }
        if (configure != null) {
            s.add(new Step(RECONCILE_STEP_CONFIGURE, id, configure, app));
        }
        s.add(new Step(RECONCILE_STEP_INSTALL, id, app.packagePath(), app));
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
                // A block known to be as desired (an install cut short after its CONFIGURE, or a
                // replacement after its UNINSTALL) is not sent again.
                install(s, app, block == Block.SAME ? null : BLOCK);
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
