package io.appfleet.drivers.infix;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_CONFIGURE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_RESTART;
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

    private static AppSpec web(DesiredState s, String image, Integer memoryMb, String... runOpts) {
        return new AppSpec("web", s, image, new AppSpec.Resources(1, null, memoryMb, null), List.of(runOpts),
                AppSpec.Network.management());
    }

    /** The device's entry as its running datastore would return it, from a JSON list entry. */
    private static Map<String, ContainerConfig> device(String entryJson) {
        ContainerConfig c = ContainerConfig.parseAll("{\"infix-containers:containers\":{\"container\":[" + entryJson + "]}}").get(0);
        return Map.of(c.name(), c);
    }

    private static List<Step> planWith(ObservedAppState now, Map<String, ContainerConfig> configs, AppSpec desired) {
        return InfixPlanner.plan(on(now), configs, List.of(desired), false);
    }

    @Test
    void unchangedConfigPlansNothingEvenWithTheDefaultsTheDeviceAdds() {
        AppSpec want = web(DesiredState.RUNNING, "docker://nginx:alpine", 256, "--env=MODE=prod", "--env=TZ=UTC",
                "--cap-add=NET_ADMIN", "--cap-add=SYS_TIME");
        // Defaults filled in (enabled, restart-policy, privileged), lists in another order, uint64 as a number.
        Map<String, ContainerConfig> same = device("""
                {"name":"web","image":"docker://nginx:alpine","enabled":true,"restart-policy":"always","privileged":false,
                 "network":{"host":true},"env":[{"key":"TZ","value":"UTC"},{"key":"MODE","value":"prod"}],
                 "capabilities":{"add":["sys_time","net_admin"]},"resource-limit":{"memory":262144,"cpu":1000}}
                """);
        assertThat(planWith(RUNNING, same, want)).isEmpty();
        // Nor does a stopped container that is to stay stopped, whose manual leaf differs.
        assertThat(planWith(STOPPED, same, web(DesiredState.STOPPED, "docker://nginx:alpine", 256, "--env=MODE=prod",
                "--env=TZ=UTC", "--cap-add=NET_ADMIN", "--cap-add=SYS_TIME"))).isEmpty();
    }

    @Test
    void driftOfARunningContainerIsConfiguredBackAndRestarted() {
        AppSpec want = web(DesiredState.RUNNING, "docker://nginx:alpine", 256, "--env=MODE=prod");
        String base = "\"name\":\"web\",\"network\":{\"host\":true},\"resource-limit\":{\"memory\":\"262144\",\"cpu\":1000}";
        Map<String, ContainerConfig> otherImage = device("{" + base + ",\"image\":\"docker://nginx:1.25\","
                + "\"env\":[{\"key\":\"MODE\",\"value\":\"prod\"}]}");
        List<Step> steps = planWith(RUNNING, otherImage, want);
        assertThat(steps).extracting(Step::kind).containsExactly(RECONCILE_STEP_CONFIGURE, RECONCILE_STEP_RESTART);
        assertThat(steps.get(0).details()).contains("drift in image");
        assertThat(steps.get(0).app()).isEqualTo(want);

        Map<String, ContainerConfig> otherEnv = device("{" + base + ",\"image\":\"docker://nginx:alpine\","
                + "\"env\":[{\"key\":\"MODE\",\"value\":\"debug\"}]}");
        assertThat(planWith(RUNNING, otherEnv, want).get(0).details()).endsWith("drift in env");

        Map<String, ContainerConfig> otherLimit = device("""
                {"name":"web","image":"docker://nginx:alpine","network":{"host":true},"env":[{"key":"MODE","value":"prod"}],
                 "resource-limit":{"memory":"524288","cpu":1000}}
                """);
        assertThat(planWith(RUNNING, otherLimit, want)).extracting(Step::kind)
                .containsExactly(RECONCILE_STEP_CONFIGURE, RECONCILE_STEP_RESTART);
        assertThat(planWith(RUNNING, otherLimit, want).get(0).details()).endsWith("drift in resource-limit");

        // A stopped container that is to run is configured and started as before, drift or not.
        assertThat(planWith(STOPPED, otherImage, want)).extracting(Step::kind)
                .containsExactly(RECONCILE_STEP_CONFIGURE, RECONCILE_STEP_START);
        // Desired stopped: stop, then put the config back (no restart).
        assertThat(planWith(RUNNING, otherImage, web(DesiredState.STOPPED, "docker://nginx:alpine", 256, "--env=MODE=prod")))
                .extracting(Step::kind).containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_CONFIGURE);
        // Config unknown (not in the map): no drift check.
        assertThat(planWith(RUNNING, Map.of(), want)).isEmpty();
    }

    @Test
    void driftComparisonNamesEachDifferingLeaf() {
        ContainerConfig a = device("{\"name\":\"web\",\"image\":\"i\"}").get("web");
        assertThat(ContainerConfigDrift.between(a, a)).isEmpty();
        ContainerConfig b = device("""
                {"name":"web","image":"j","enabled":false,"hostname":"h","restart-policy":"never","manual":true,
                 "network":{"host":true},"mount":[{"name":"m","source":"/a","target":"/b","read-only":false}]}
                """).get("web");
        assertThat(ContainerConfigDrift.between(a, b))
                .containsExactly("image", "enabled", "hostname", "restart-policy", "manual", "network", "mount");
        ContainerConfig mountDefault = device("""
                {"name":"web","image":"i","mount":[{"name":"m","source":"/a","target":"/b"}]}
                """).get("web");
        ContainerConfig mountExplicit = device("""
                {"name":"web","image":"i","mount":[{"name":"m","source":"/a","target":"/b","read-only":true}]}
                """).get("web");
        assertThat(ContainerConfigDrift.between(mountDefault, mountExplicit)).isEmpty();
    }
}
