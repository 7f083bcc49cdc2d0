package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_ACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_DEACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_INSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNINSTALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IosxrPlannerTest {

    private static final String RPM = "/misc/app_host/probe-1.0.0-eXR_7.3.1.x86_64.rpm";
    private static final String PKG = "probe-1.0.0-eXR_7.3.1.x86_64";

    private static AppSpec probe(DesiredState s) {
        return new AppSpec("probe", s, RPM, null, List.of("--network host"), null);
    }

    private static InstalledApp app(ObservedAppState s) {
        return new InstalledApp("probe", s, "");
    }

    private static List<ReconcileStep> kinds(List<Step> steps) {
        return steps.stream().map(Step::kind).toList();
    }

    @Test
    void runningFromNothing() {
        assertThat(kinds(IosxrPlanner.plan(List.of(), List.of(probe(DesiredState.RUNNING)), false, Set.of())))
                .containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        assertThat(kinds(IosxrPlanner.plan(List.of(), List.of(probe(DesiredState.RUNNING)), false, null)))
                .containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        // The rpm is already installed: no install.
        assertThat(kinds(IosxrPlanner.plan(List.of(), List.of(probe(DesiredState.RUNNING)), false, Set.of(PKG))))
                .containsExactly(RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        assertThat(kinds(IosxrPlanner.plan(List.of(), List.of(probe(DesiredState.STOPPED)), false, Set.of(PKG))))
                .containsExactly(RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_STOP);
    }

    @Test
    void convergedPlansNothing() {
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe(DesiredState.RUNNING)), false, Set.of(PKG))).isEmpty();
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_STOPPED)),
                List.of(probe(DesiredState.STOPPED)), false, Set.of(PKG))).isEmpty();
        assertThat(IosxrPlanner.plan(List.of(), List.of(probe(DesiredState.ABSENT)), false, Set.of())).isEmpty();
    }

    @Test
    void startStopAndTeardown() {
        assertThat(kinds(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_STOPPED)),
                List.of(probe(DesiredState.RUNNING)), false, Set.of(PKG)))).containsExactly(RECONCILE_STEP_START);
        assertThat(kinds(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe(DesiredState.STOPPED)), false, Set.of(PKG)))).containsExactly(RECONCILE_STEP_STOP);
        assertThat(kinds(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe(DesiredState.ABSENT)), false, Set.of(PKG))))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL);
        // Deactivated earlier, package left behind: only the uninstall.
        assertThat(kinds(IosxrPlanner.plan(List.of(), List.of(probe(DesiredState.ABSENT)), false, Set.of(PKG))))
                .containsExactly(RECONCILE_STEP_UNINSTALL);
    }

    @Test
    void pruneTearsDownUnnamedApps() {
        assertThat(kinds(IosxrPlanner.plan(List.of(new InstalledApp("old", ObservedAppState.OBSERVED_APP_STATE_STOPPED, "")),
                List.of(), true, Set.of()))).containsExactly(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL);
        assertThat(IosxrPlanner.plan(List.of(new InstalledApp("old", ObservedAppState.OBSERVED_APP_STATE_STOPPED, "")),
                List.of(), false, Set.of())).isEmpty();
    }

    @Test
    void invalidSpecsFailBeforeAnyStep() {
        assertThatThrownBy(() -> IosxrPlanner.plan(List.of(), List.of(new AppSpec("probe", DesiredState.RUNNING,
                "/tmp/x.rpm", null, List.of(), null)), false, null)).hasMessageContaining("packagePath");
        assertThatThrownBy(() -> IosxrPlanner.plan(List.of(), List.of(new AppSpec("probe", DesiredState.RUNNING,
                "/misc/app_host/../etc/x.rpm", null, List.of(), null)), false, null)).hasMessageContaining("packagePath");
        assertThatThrownBy(() -> IosxrPlanner.plan(List.of(), List.of(new AppSpec("probe", DesiredState.RUNNING,
                RPM, null, List.of("a\"b"), null)), false, null)).hasMessageContaining("runOpts[0]");
        assertThatThrownBy(() -> IosxrPlanner.plan(List.of(), List.of(new AppSpec("Bad App", DesiredState.RUNNING,
                RPM, null, List.of(), null)), false, null)).hasMessageContaining("appId");
        assertThatThrownBy(() -> IosxrPlanner.plan(List.of(), List.of(probe(DesiredState.RUNNING),
                probe(DesiredState.STOPPED)), false, null)).hasMessageContaining("twice");
    }

    @Test
    void commands() {
        assertThat(IosxrCommands.packageInstall(RPM)).isEqualTo("appmgr package install rpm " + RPM);
        assertThat(IosxrCommands.packageName(RPM)).isEqualTo(PKG);
        assertThat(IosxrCommands.source(RPM)).isEqualTo("probe");
        assertThat(IosxrCommands.source("/harddisk:/hello-app.rpm")).isEqualTo("hello-app");
        assertThat(IosxrCommands.activate(probe(DesiredState.RUNNING)))
                .isEqualTo("appmgr application probe activate type docker source probe docker-run-opts \"--network host\"");
        assertThat(AppmgrCommand.parse(IosxrCommands.activate(probe(DesiredState.RUNNING))).dockerRunOpts())
                .isEqualTo("--network host");
        assertThat(IosxrCommands.deactivate("probe")).isEqualTo("no appmgr application probe");
        assertThat(IosxrCommands.verb("start", "probe")).isEqualTo("appmgr application start name probe");
        assertThatThrownBy(() -> IosxrCommands.verb("reload", "probe")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> IosxrCommands.packageUninstall("x; reload")).isInstanceOf(IllegalArgumentException.class);
    }

    private static java.util.Map<String, AppmgrCommand> applied(String line) {
        return java.util.Map.of("probe", AppmgrCommand.parse(line));
    }

    @Test
    void changedOptionsOfAnActivatedAppAreReconfigured() {
        String same = "appmgr application probe activate type docker source probe docker-run-opts \"--network host\"";
        for (ObservedAppState now : List.of(ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                ObservedAppState.OBSERVED_APP_STATE_STOPPED)) {
            // Unchanged (whitespace aside): nothing beyond the state.
            assertThat(IosxrPlanner.plan(List.of(app(now)), List.of(probe(now == ObservedAppState.OBSERVED_APP_STATE_RUNNING
                    ? DesiredState.RUNNING : DesiredState.STOPPED)), false, Set.of(PKG),
                    applied(same.replace("--network host", "--network  host")))).isEmpty();
            // Run options changed: off, on again with the new ones, then the desired state.
            List<Step> steps = IosxrPlanner.plan(List.of(app(now)), List.of(probe(DesiredState.RUNNING)), false,
                    Set.of(PKG), applied(same.replace("--network host", "--network bridge")));
            assertThat(kinds(steps)).containsExactly(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
            assertThat(steps.get(0).app()).as("the deactivate knows the spec, to skip on replay").isNotNull();
            assertThat(kinds(IosxrPlanner.plan(List.of(app(now)), List.of(probe(DesiredState.STOPPED)), false,
                    Set.of(PKG), applied(same + " docker-run-cmd \"sleep 1\""))))
                    .containsExactly(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_STOP);
        }
        // A command added to the spec.
        AppSpec withCmd = new AppSpec("probe", DesiredState.RUNNING, RPM, null, List.of("--network host"), null,
                "/bin/probe -v");
        assertThat(IosxrCommands.activate(withCmd)).endsWith("docker-run-cmd \"/bin/probe -v\"");
        assertThat(kinds(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)), List.of(withCmd),
                false, Set.of(PKG), applied(same)))).containsExactly(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_ACTIVATE,
                RECONCILE_STEP_START);
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)), List.of(withCmd),
                false, Set.of(PKG), applied(IosxrCommands.activate(withCmd)))).isEmpty();
        // A new source whose package is not installed yet: installed between off and on.
        AppSpec newSource = new AppSpec("probe", DesiredState.RUNNING, "/misc/app_host/probe2-1.0-1.x86_64.rpm", null,
                List.of("--network host"), null);
        assertThat(kinds(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)), List.of(newSource),
                false, Set.of(PKG), applied(same)))).containsExactly(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_INSTALL,
                RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        // Options unknown (older router, unreadable config) or the app not in the config: no guess.
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe(DesiredState.RUNNING)), false, Set.of(PKG), null)).isEmpty();
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe(DesiredState.RUNNING)), false, Set.of(PKG), java.util.Map.of())).isEmpty();
        // Going away is a teardown, whatever the options.
        assertThat(kinds(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe(DesiredState.ABSENT)), false, Set.of(PKG), applied(same + " docker-run-cmd \"x\""))))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL);
    }

    @Test
    void runningConfigIsReadInBothForms() {
        AppmgrConfig nested = (AppmgrConfig) IosxrParsers.parse("show running-config appmgr",
                "Thu Jul 14 21:58:11.251 UTC\nappmgr\n application probe\n"
                        + "  activate type docker source probe docker-run-opts \"-v {app_install_root}/c:/c --network host\"\n"
                        + " !\n application web\n  activate type docker source web docker-run-cmd \"nginx -g x\"\n !\n!\n");
        assertThat(nested.activations()).containsOnlyKeys("probe", "web");
        assertThat(nested.activations().get("probe").dockerRunOpts()).isEqualTo("-v {app_install_root}/c:/c --network host");
        assertThat(nested.activations().get("web").dockerRunCmd()).isEqualTo("nginx -g x");
        assertThat(nested.activations().get("web").dockerRunOpts()).isNull();
        // The activate fixture's one-line form, typographic quotes included.
        String fixture = io.appfleet.drivers.Fixtures.text("iosxr-appmgr-activate-1.txt");
        String line = fixture.lines().filter(l -> l.contains("activate type")).findFirst().orElseThrow();
        AppmgrConfig oneLine = AppmgrConfig.parse(line.substring(line.indexOf('#') + 1));
        assertThat(oneLine.activations().get("monitor").source()).isEqualTo("xr-collector-health-monitor");
        assertThat(AppmgrConfig.parse("Thu Jul 14 21:58:11.251 UTC\n% No such configuration item(s)\n").activations())
                .isEmpty();
        assertThatThrownBy(() -> AppmgrConfig.parse("Thu Jul 14 21:58:11.251 UTC\n  ^\n% Invalid input detected at '^' marker.\n"))
                .isInstanceOf(io.appfleet.drivers.parse.ParseException.class);
    }
    private static final String RPM2 = "/misc/app_host/probe-2.0.0-eXR_7.3.1.x86_64.rpm";
    private static final String PKG2 = "probe-2.0.0-eXR_7.3.1.x86_64";

    private static AppSpec probe2(DesiredState s) {
        return new AppSpec("probe", s, RPM2, null, List.of("--network host"), null);
    }

    /**
     * A new version of the rpm provides the same source, so the activation reads as desired; the
     * old package being installed and the new one not is what shows the change.
     */
    @Test
    void aNewVersionOfThePackageIsInstalledAndTheAppReactivated() {
        String same = "appmgr application probe activate type docker source probe docker-run-opts \"--network host\"";
        List<Step> steps = IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe2(DesiredState.RUNNING)), false, Set.of(PKG), applied(same));
        assertThat(kinds(steps)).containsExactly(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_INSTALL,
                RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        assertThat(steps.get(0).app()).as("the activation is as desired: the deactivate must not skip").isNull();
        assertThat(steps.get(1).app()).isEqualTo(probe2(DesiredState.RUNNING));
        assertThat(steps.get(1).details()).isEqualTo(PKG + " (replaced by " + PKG2 + ")");
        assertThat(steps.get(2).details()).isEqualTo(RPM2);
        assertThat(kinds(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_STOPPED)),
                List.of(probe2(DesiredState.STOPPED)), false, Set.of(PKG), applied(same)))).containsExactly(
                RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE,
                RECONCILE_STEP_STOP);
        // The options changed too: one reconfiguration does both, the deactivate with the spec.
        List<Step> both = IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe2(DesiredState.RUNNING)), false, Set.of(PKG), applied(same.replace("host", "bridge")));
        assertThat(kinds(both)).containsExactly(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_INSTALL,
                RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        assertThat(both.get(0).app()).isNotNull();
        // Packages unknown, or the new one installed already: nothing to go on, or nothing to do.
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe2(DesiredState.RUNNING)), false, null, applied(same))).isEmpty();
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)),
                List.of(probe2(DesiredState.RUNNING)), false, Set.of(PKG2), applied(same))).isEmpty();
        // Another app's package of another source is not a version of this one.
        assertThat(IosxrPlanner.otherVersions(probe2(DesiredState.RUNNING), Set.of(PKG, "probed-1.0-1.x86_64",
                "probe-extra-1.0-1.x86_64"))).containsExactly(PKG);
    }

    /** Cut short after any step, the next pass plans only what is left. */
    @Test
    void aPackageReplacementCutShortIsFinishedWithoutRepeatingAStep() {
        String same = "appmgr application probe activate type docker source probe docker-run-opts \"--network host\"";
        AppSpec want = probe2(DesiredState.RUNNING);
        List<InstalledApp> none = List.of();
        // After DEACTIVATE: not in the table, the old package still installed.
        assertThat(kinds(IosxrPlanner.plan(none, List.of(want), false, Set.of(PKG), java.util.Map.of())))
                .containsExactly(RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        // After UNINSTALL.
        assertThat(kinds(IosxrPlanner.plan(none, List.of(want), false, Set.of(), java.util.Map.of())))
                .containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        // After INSTALL.
        assertThat(kinds(IosxrPlanner.plan(none, List.of(want), false, Set.of(PKG2), java.util.Map.of())))
                .containsExactly(RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        // After ACTIVATE (the commit starts the container).
        assertThat(IosxrPlanner.plan(List.of(app(ObservedAppState.OBSERVED_APP_STATE_RUNNING)), List.of(want), false,
                Set.of(PKG2), applied(same))).isEmpty();
    }
}
