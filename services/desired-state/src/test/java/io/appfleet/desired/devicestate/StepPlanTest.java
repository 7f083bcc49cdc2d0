package io.appfleet.desired.devicestate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;

class StepPlanTest {

    static DesiredApp app(DesiredAppState state, String url, String runOpt) {
        DesiredApp a = ConfigDigestTest.app().toBuilder().setState(state).clearRunOpts().addRunOpts(runOpt)
                .setPackage(ConfigDigestTest.app().getPackage().toBuilder().setUrl(url)).build();
        return a.toBuilder().setConfigDigest(ConfigDigest.of(a)).build();
    }

    static final DesiredAppState RUNNING = DesiredAppState.DESIRED_APP_STATE_RUNNING;
    static final DesiredAppState STOPPED = DesiredAppState.DESIRED_APP_STATE_STOPPED;
    static final DesiredAppState ABSENT = DesiredAppState.DESIRED_APP_STATE_ABSENT;

    @Test
    void coarseStepsFollowTheStateAndWhatChanged() {
        DesiredApp run = app(RUNNING, "https://r/p.tar", "--a");
        assertThat(StepPlan.steps(null, run)).containsExactly("install perfsonar", "configure perfsonar",
                "activate perfsonar", "start perfsonar");
        assertThat(StepPlan.steps(null, app(STOPPED, "https://r/p.tar", "--a"))).containsExactly("install perfsonar",
                "configure perfsonar", "activate perfsonar");
        assertThat(StepPlan.steps(run, null)).containsExactly("stop perfsonar", "deactivate perfsonar",
                "uninstall perfsonar");
        assertThat(StepPlan.steps(null, app(ABSENT, "https://r/p.tar", "--a"))).containsExactly("stop perfsonar",
                "deactivate perfsonar", "uninstall perfsonar");
        assertThat(StepPlan.steps(run, app(RUNNING, "https://r/p.tar", "--b"))).containsExactly("stop perfsonar",
                "deactivate perfsonar", "configure perfsonar", "activate perfsonar", "start perfsonar");
        assertThat(StepPlan.steps(run, app(RUNNING, "https://r/p2.tar", "--a"))).containsExactly("stop perfsonar",
                "deactivate perfsonar", "uninstall perfsonar", "install perfsonar", "configure perfsonar",
                "activate perfsonar", "start perfsonar");
        assertThat(StepPlan.steps(run, app(STOPPED, "https://r/p.tar", "--a"))).containsExactly("stop perfsonar");
        assertThat(StepPlan.steps(app(STOPPED, "https://r/p.tar", "--a"), run)).containsExactly("start perfsonar");
        assertThat(StepPlan.steps(run, run.toBuilder().setDeploymentRevision(9).build())).isEmpty();
    }
}
