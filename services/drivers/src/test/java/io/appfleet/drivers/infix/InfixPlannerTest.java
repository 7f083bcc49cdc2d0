package io.appfleet.drivers.infix;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_CONFIGURE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNCONFIGURE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfixPlannerTest {

    private static final ObservedAppState RUNNING = ObservedAppState.OBSERVED_APP_STATE_RUNNING;
    private static final ObservedAppState STOPPED = ObservedAppState.OBSERVED_APP_STATE_STOPPED;

    private static AppSpec app(DesiredState s) {
        return new AppSpec("web", s, "docker://nginx:alpine", null, List.of(), null);
    }

    private static List<ReconcileStep> plan(List<InstalledApp> actual, AppSpec desired, boolean prune) {
        return InfixPlanner.plan(actual, desired == null ? List.of() : List.of(desired), prune).stream()
                .map(Step::kind).toList();
    }

    private static List<InstalledApp> on(ObservedAppState s) {
        return List.of(new InstalledApp("web", s, "x"));
    }

    @Test
    void running() {
        assertThat(plan(List.of(), app(DesiredState.RUNNING), false)).containsExactly(RECONCILE_STEP_CONFIGURE, RECONCILE_STEP_START);
        assertThat(plan(on(STOPPED), app(DesiredState.RUNNING), false)).containsExactly(RECONCILE_STEP_CONFIGURE, RECONCILE_STEP_START);
        assertThat(plan(on(RUNNING), app(DesiredState.RUNNING), false)).isEmpty();
    }

    @Test
    void stopped() {
        assertThat(plan(List.of(), app(DesiredState.STOPPED), false)).containsExactly(RECONCILE_STEP_CONFIGURE);
        assertThat(plan(on(RUNNING), app(DesiredState.STOPPED), false)).containsExactly(RECONCILE_STEP_STOP);
        assertThat(plan(on(STOPPED), app(DesiredState.STOPPED), false)).isEmpty();
    }

    @Test
    void absentAndPrune() {
        assertThat(plan(on(RUNNING), app(DesiredState.ABSENT), false)).containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNCONFIGURE);
        assertThat(plan(on(STOPPED), app(DesiredState.ABSENT), false)).containsExactly(RECONCILE_STEP_UNCONFIGURE);
        assertThat(plan(List.of(), app(DesiredState.ABSENT), false)).isEmpty();
        assertThat(plan(on(RUNNING), null, false)).isEmpty();
        assertThat(plan(on(RUNNING), null, true)).containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNCONFIGURE);
    }

    @Test
    void invalidSpecsAreRefusedBeforeAnyStep() {
        assertThatThrownBy(() -> InfixPlanner.plan(List.of(), List.of(app(DesiredState.RUNNING), app(DesiredState.STOPPED)), false))
                .hasMessageContaining("desired twice");
        assertThatThrownBy(() -> InfixPlanner.plan(List.of(),
                List.of(new AppSpec("bad name", DesiredState.ABSENT, null, null, null, null)), false))
                .hasMessageContaining("not an Infix container name");
        assertThatThrownBy(() -> InfixPlanner.plan(List.of(),
                List.of(new AppSpec("web", DesiredState.RUNNING, null, null, null, null)), false))
                .hasMessageContaining("packagePath");
    }
}
