package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DesiredApps;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.ssh.CliInput;
import io.appfleet.proto.fleet.v1.ObservedAppState;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_ACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_DEACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_INSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNINSTALL;

/**
 * Plans the IOS-XR 7.x App Manager lifecycle: INSTALL ({@code appmgr package install rpm}) →
 * ACTIVATE (config {@code appmgr application X activate …} + commit, which also starts the
 * container) → START when not running; back with STOP, DEACTIVATE ({@code no appmgr application X}
 * + commit) and UNINSTALL ({@code appmgr package uninstall package}). Pure (no device access).
 *
 * <p>An app in the application table is RUNNING (container up) or STOPPED (exited); an app not in
 * it is ABSENT, whether or not its package is installed, so the package list is passed in:
 * INSTALL is planned only when the package is not installed (or the list is unknown), and an
 * ABSENT app whose package is still installed gets its UNINSTALL. Removals come first, then the
 * desired apps in the order given.
 *
 * <p>An activation cannot be edited in place, so an activated app whose committed options
 * ({@code show running-config appmgr}) differ from the spec (run options, command, source) is
 * reconfigured: DEACTIVATE, ACTIVATE with the new options (after INSTALL when the new source's
 * package is missing), then START or STOP as desired. The DEACTIVATE carries the spec, so a
 * replay after the new activation finds it already applied and skips.
 *
 * <p>Package change (an upgrade, e.g. probe-1.0.0-….rpm to probe-2.0.0-….rpm): the activation
 * names only the docker source ("probe"), which both versions provide, so the options compare
 * equal and the container keeps running the old image. An app whose package is not installed
 * while another version providing its source is, is therefore replaced: DEACTIVATE (without the
 * spec: the activation itself is as desired, only what it runs is not), UNINSTALL of the other
 * versions (appmgr refuses to remove a package in use, and the source must come from the new one
 * alone), INSTALL, ACTIVATE, START or STOP. The same UNINSTALL comes before the INSTALL of any app
 * brought up while an old version is installed, so a pass cut short after the DEACTIVATE is
 * finished by the next from ABSENT, with nothing repeated.
 */
public final class IosxrPlanner {

    private IosxrPlanner() {
    }

    /**
     * @param installedPackages package names from {@code show appmgr packages installed}, or null when unknown
     * @throws IllegalArgumentException for an invalid spec or a duplicate app id, before any step runs
     */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, boolean prune,
                                  Set<String> installedPackages) {
        return plan(actual, desired, prune, installedPackages, null);
    }

    /**
     * @param applied the committed activation of each app ({@link AppmgrConfig}), or null when
     *                unknown: no reconfiguration is then planned
     */
    public static List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, boolean prune,
                                  Set<String> installedPackages, Map<String, AppmgrCommand> applied) {
        DesiredApps apps = DesiredApps.check(actual, desired, IosxrCommands::validate);
        List<Step> steps = new ArrayList<>();
        for (DesiredApps.Removal r : apps.removals(prune, id -> CliInput.APP_ID.matcher(id).matches())) {
            steps.addAll(teardown(r.appId(), r.state(), r.spec(), installedPackages));
        }
        for (AppSpec app : desired) {
            if (app.desiredState() != DesiredState.ABSENT) {
                ObservedAppState now = apps.stateOf(app.appId());
                boolean run = app.desiredState() == DesiredState.RUNNING;
                if (changed(app, now, applied)) {
                    steps.addAll(reconfigure(app, run, installedPackages, app));
                } else if (activated(now) && !otherVersions(app, installedPackages).isEmpty()) {
                    steps.addAll(reconfigure(app, run, installedPackages, null));
                } else {
                    steps.addAll(bringUp(app, now, run, installedPackages));
                }
            }
        }
        return List.copyOf(steps);
    }

    private static boolean activated(ObservedAppState now) {
        return now == ObservedAppState.OBSERVED_APP_STATE_RUNNING || now == ObservedAppState.OBSERVED_APP_STATE_STOPPED;
    }

    /** Activated (running or stopped) with options other than the spec's. */
    private static boolean changed(AppSpec app, ObservedAppState now, Map<String, AppmgrCommand> applied) {
        return activated(now) && applied != null && applied.containsKey(app.appId()) && app.packagePath() != null
                && !IosxrCommands.sameActivation(app, applied.get(app.appId()));
    }

    /**
     * Installed packages that provide the spec's docker source but are not its package: older (or
     * newer) versions, found only when the spec's own package is not installed. Empty when the
     * package list is unknown.
     */
    static List<String> otherVersions(AppSpec app, Set<String> packages) {
        if (packages == null || app.packagePath() == null) {
            return List.of();
        }
        String pkg = IosxrCommands.packageName(app.packagePath());
        if (packages.contains(pkg)) {
            return List.of();
        }
        String source = IosxrCommands.sourceOfPackage(pkg);
        return packages.stream().filter(p -> IosxrCommands.sourceOfPackage(p).equals(source)).sorted().toList();
    }

    /**
     * DEACTIVATE, then up as from ABSENT. {@code deactivateWith} is the spec when the options
     * changed (the driver skips a DEACTIVATE whose activation already has them), null when only
     * the package did (the activation reads as desired and must go all the same).
     */
    private static List<Step> reconfigure(AppSpec app, boolean run, Set<String> packages, AppSpec deactivateWith) {
        String id = app.appId();
        List<Step> s = new ArrayList<>();
        s.add(new Step(RECONCILE_STEP_DEACTIVATE, id, (deactivateWith == null ? "package changed to "
                + IosxrCommands.packageName(app.packagePath()) : "options changed") + ": no appmgr application " + id,
                deactivateWith));
        s.addAll(bringUp(app, ObservedAppState.OBSERVED_APP_STATE_ABSENT, run, packages));
        return s;
    }

    private static List<Step> bringUp(AppSpec app, ObservedAppState now, boolean run, Set<String> packages) {
        String id = app.appId();
        List<Step> s = new ArrayList<>();
        switch (now) {
            case OBSERVED_APP_STATE_ABSENT -> {
                if (app.packagePath() == null) {
                    throw new IllegalArgumentException("packagePath must be set to install " + id);
                }
                List<String> others = otherVersions(app, packages);
                if (!others.isEmpty()) {
                    s.add(new Step(RECONCILE_STEP_UNINSTALL, id, String.join(", ", others) + " (replaced by "
                            + IosxrCommands.packageName(app.packagePath()) + ")", app));
                }
                if (packages == null || !packages.contains(IosxrCommands.packageName(app.packagePath()))) {
                    s.add(new Step(RECONCILE_STEP_INSTALL, id, app.packagePath(), app));
                }
                s.add(new Step(RECONCILE_STEP_ACTIVATE, id, "source " + IosxrCommands.source(app.packagePath()), app));
                // Commit starts the container; START then only acts if it did not stay up.
                s.add(new Step(run ? RECONCILE_STEP_START : RECONCILE_STEP_STOP, id, ""));
            }
            case OBSERVED_APP_STATE_STOPPED -> {
                if (run) {
                    s.add(new Step(RECONCILE_STEP_START, id, ""));
                }
            }
            case OBSERVED_APP_STATE_RUNNING -> {
                if (!run) {
                    s.add(new Step(RECONCILE_STEP_STOP, id, ""));
                }
            }
            default -> {
                // ERROR or unknown: report, do not guess.
            }
        }
        return s;
    }

    /** {@code app} is null for a pruned app: its package is then found from its source at run time. */
    private static List<Step> teardown(String id, ObservedAppState now, AppSpec app, Set<String> packages) {
        List<Step> s = new ArrayList<>();
        boolean configured = now != ObservedAppState.OBSERVED_APP_STATE_ABSENT;
        if (now == ObservedAppState.OBSERVED_APP_STATE_RUNNING || now == ObservedAppState.OBSERVED_APP_STATE_ERROR) {
            s.add(new Step(RECONCILE_STEP_STOP, id, ""));
        }
        if (configured) {
            s.add(new Step(RECONCILE_STEP_DEACTIVATE, id, "no appmgr application " + id, app));
        }
        String pkg = app == null || app.packagePath() == null ? null : IosxrCommands.packageName(app.packagePath());
        if (configured || pkg != null && (packages == null || packages.contains(pkg))) {
            s.add(new Step(RECONCILE_STEP_UNINSTALL, id, pkg == null ? "package of " + id : pkg, app));
        }
        return s;
    }
}
