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
}
