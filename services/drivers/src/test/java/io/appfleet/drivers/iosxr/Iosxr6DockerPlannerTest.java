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

import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_ABSENT;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_ERROR;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_RUNNING;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_STOPPED;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_ACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_INSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNINSTALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Iosxr6DockerPlannerTest {

    private static AppSpec probe(DesiredState s) {
        return new AppSpec("probe", s, "ubuntu", null, List.of("--network host"), null, "bash");
    }

    private static List<InstalledApp> on(ObservedAppState s) {
        return s == OBSERVED_APP_STATE_ABSENT ? List.of() : List.of(new InstalledApp("probe", s, ""));
    }

    private static List<ReconcileStep> kinds(ObservedAppState now, DesiredState want, Set<String> images) {
        return Iosxr6DockerPlanner.plan(on(now), List.of(probe(want)), false, images).stream().map(Step::kind).toList();
    }

    @Test
    void everyTransitionFromEveryState() {
        Set<String> pulled = Set.of("ubuntu:latest");
        // From nothing: pull unless the image is listed, then run (or create, for STOPPED).
        assertThat(kinds(OBSERVED_APP_STATE_ABSENT, DesiredState.RUNNING, Set.of()))
                .containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_ABSENT, DesiredState.RUNNING, null))
                .containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_ABSENT, DesiredState.RUNNING, pulled)).containsExactly(RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_ABSENT, DesiredState.STOPPED, Set.of()))
                .containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE);
        assertThat(kinds(OBSERVED_APP_STATE_ABSENT, DesiredState.ABSENT, pulled)).isEmpty();
        // From stopped (exited or created).
        assertThat(kinds(OBSERVED_APP_STATE_STOPPED, DesiredState.RUNNING, pulled)).containsExactly(RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_STOPPED, DesiredState.STOPPED, pulled)).isEmpty();
        assertThat(kinds(OBSERVED_APP_STATE_STOPPED, DesiredState.ABSENT, pulled)).containsExactly(RECONCILE_STEP_UNINSTALL);
        // From running.
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, DesiredState.RUNNING, pulled)).isEmpty();
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, DesiredState.STOPPED, pulled)).containsExactly(RECONCILE_STEP_STOP);
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, DesiredState.ABSENT, pulled))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL);
        // A state the planner cannot read is reported, not acted on.
        assertThat(kinds(OBSERVED_APP_STATE_ERROR, DesiredState.RUNNING, pulled)).isEmpty();
    }

    @Test
    void stepsCarryWhatTheDriverNeeds() {
        List<Step> steps = Iosxr6DockerPlanner.plan(List.of(), List.of(probe(DesiredState.RUNNING)), false, Set.of());
        assertThat(steps).allSatisfy(s -> assertThat(s.app()).isNotNull());
        assertThat(steps.get(0).details()).isEqualTo("docker pull ubuntu");
        // Image keys as docker images lists them.
        assertThat(DockerCommands.imageKey("docker.io/library/ubuntu")).isEqualTo("ubuntu:latest");
        assertThat(DockerCommands.imageKey("reg.local:5000/team/app")).isEqualTo("reg.local:5000/team/app:latest");
        assertThat(DockerCommands.imageKey("reg.local:5000/team/app:1.2")).isEqualTo("reg.local:5000/team/app:1.2");
        assertThat(Iosxr6DockerPlanner.plan(List.of(), List.of(new AppSpec("probe", DesiredState.RUNNING,
                "docker://reg.local:5000/team/app:1.2", null, List.of(), null)), false,
                Set.of("reg.local:5000/team/app:1.2"))).extracting(Step::kind).containsExactly(RECONCILE_STEP_START);
    }

    @Test
    void pruneRemovesUnnamedContainersWithSafeNames() {
        List<InstalledApp> onDevice = List.of(new InstalledApp("old", OBSERVED_APP_STATE_RUNNING, "Up 1 minute"),
                new InstalledApp("Weird;Name", OBSERVED_APP_STATE_STOPPED, "Exited (0)"));
        assertThat(Iosxr6DockerPlanner.plan(onDevice, List.of(), true, Set.of())).extracting(Step::toString)
                .containsExactly("STOP old (docker stop)", "UNINSTALL old (docker rm -f)");
        assertThat(Iosxr6DockerPlanner.plan(onDevice, List.of(), false, Set.of())).isEmpty();
    }

    @Test
    void bashLinesAndWhatTheyRefuse() {
        AppSpec app = probe(DesiredState.RUNNING);
        assertThat(DockerCommands.run(app, "6.1.2")).isEqualTo("docker run -itd --name probe"
                + " -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add=SYS_ADMIN --network host ubuntu bash");
        assertThat(DockerCommands.run(app, "6.3.1")).contains(" -v /var/run/netns:/var/run/netns ");
        assertThat(DockerCommands.run(app, "6.5.3")).contains(" -v /var/run/netns:/var/run/netns ");
        assertThat(DockerCommands.run(app, "6.2.25")).contains("/var/run/netns/global-vrf:");
        assertThat(DockerCommands.create(app, "6.1.2")).startsWith("docker create -it --name probe -v ");
        assertThat(DockerCommands.pull("docker://ubuntu:16.04")).isEqualTo("docker pull ubuntu:16.04");
        assertThat(DockerCommands.start("probe")).isEqualTo("docker start probe");
        assertThat(DockerCommands.stop("probe")).isEqualTo("docker stop probe");
        assertThat(DockerCommands.remove("probe")).isEqualTo("docker rm -f probe");
        assertThat(DockerCommands.stats("probe")).isEqualTo("docker stats --no-stream probe");

        for (String bad : List.of("--network host; reboot", "-v /a:/b | sh", "-e A=$HOME", "-e A=`id`", "--x && y",
                "-v /a:/b > /etc/passwd", "-e A='x'", "-e A=\"x\"", "-v /a/*:/b", "-e A=(x)", "-e A=x\nreboot",
                "--name other")) {
            AppSpec evil = new AppSpec("probe", DesiredState.RUNNING, "ubuntu", null, List.of(bad), null);
            assertThatThrownBy(() -> Iosxr6DockerPlanner.plan(List.of(), List.of(evil), false, null))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runOpts[0]");
        }
        assertThatThrownBy(() -> Iosxr6DockerPlanner.plan(List.of(), List.of(new AppSpec("probe", DesiredState.RUNNING,
                "ubuntu", null, List.of(), null, "bash -c id;reboot")), false, null)).hasMessageContaining("command");
        for (String image : List.of("ubuntu; reboot", "Ubuntu", "ubuntu:$(id)", "../x", "ubuntu@sha256:" + "a".repeat(64),
                "-v")) {
            assertThatThrownBy(() -> DockerCommands.pull(image)).as(image).hasMessageContaining("packagePath");
        }
        assertThatThrownBy(() -> Iosxr6DockerPlanner.plan(List.of(), List.of(new AppSpec("probe", DesiredState.RUNNING,
                null, null, List.of(), null)), false, null)).hasMessageContaining("packagePath");
        assertThatThrownBy(() -> DockerCommands.stop("probe;reboot")).hasMessageContaining("appId");
    }
    private static List<ReconcileStep> kinds(ObservedAppState now, String image, DesiredState want, String wanted,
                                             Set<String> images) {
        AppSpec spec = new AppSpec("probe", want, wanted, null, List.of("--network host"), null, "bash");
        return Iosxr6DockerPlanner.plan(List.of(new InstalledApp("probe", now, "", image)), List.of(spec), false, images)
                .stream().map(Step::kind).toList();
    }

    /** A container keeps its image: another one desired means pull, remove and create again. */
    @Test
    void aContainerOfAnotherImageIsRecreated() {
        Set<String> both = Set.of("probe:1.0", "probe:2.0");
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, "probe:1.0", DesiredState.RUNNING, "probe:2.0", Set.of("probe:1.0")))
                .containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, "probe:1.0", DesiredState.RUNNING, "probe:2.0", both))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_STOPPED, "probe:1.0", DesiredState.RUNNING, "probe:2.0", both))
                .containsExactly(RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, "probe:1.0", DesiredState.STOPPED, "probe:2.0", both))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_ACTIVATE);
        // After the remove: the plain run.
        assertThat(Iosxr6DockerPlanner.plan(List.of(), List.of(new AppSpec("probe", DesiredState.RUNNING, "probe:2.0", null,
                List.of(), null)), false, both)).extracting(Step::kind).containsExactly(RECONCILE_STEP_START);
        // The same image however it is written; docker ps shows the reference as given to run.
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, "ubuntu", DesiredState.RUNNING, "docker://docker.io/library/ubuntu:latest",
                Set.of("ubuntu:latest"))).isEmpty();
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, "reg:5000/a/b:1", DesiredState.RUNNING, "docker://reg:5000/a/b:1",
                Set.of("reg:5000/a/b:1"))).isEmpty();
        // An image id (the tag has moved on since) is not the desired image; an unknown image is no change.
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, "4ab3f2c1d0e9", DesiredState.RUNNING, "ubuntu", Set.of("ubuntu:latest")))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
        assertThat(kinds(OBSERVED_APP_STATE_RUNNING, null, DesiredState.RUNNING, "probe:2.0", both)).isEmpty();
        List<Step> steps = Iosxr6DockerPlanner.plan(List.of(new InstalledApp("probe", OBSERVED_APP_STATE_RUNNING, "", "probe:1.0")),
                List.of(new AppSpec("probe", DesiredState.RUNNING, "probe:2.0", null, List.of(), null)), false, Set.of());
        assertThat(steps.get(0).details()).isEqualTo("docker pull probe:2.0");
        assertThat(steps.get(2).details()).isEqualTo("docker rm -f, to run probe:2.0");
        assertThat(steps.get(3).details()).isEqualTo("docker run probe:2.0");
    }
}
