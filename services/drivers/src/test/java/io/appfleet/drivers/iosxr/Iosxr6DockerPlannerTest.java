package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
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
                + " -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add=SYS_ADMIN"
                + " --label io.appfleet.spec=9ccfdbfd27a92ec0 --network host ubuntu bash");
        assertThat(DockerCommands.run(app, "6.3.1")).contains(" -v /var/run/netns:/var/run/netns ");
        assertThat(DockerCommands.run(app, "6.5.3")).contains(" -v /var/run/netns:/var/run/netns ");
        assertThat(DockerCommands.run(app, "6.2.25")).contains("/var/run/netns/global-vrf:");
        assertThat(DockerCommands.create(app, "6.1.2")).startsWith("docker create -it --name probe -v ")
                .contains(" --label io.appfleet.spec=9ccfdbfd27a92ec0 ");
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

    private static final String V1 = "6.1.2";

    private static AppSpec probe(DesiredState want, String... runOpts) {
        return new AppSpec("probe", want, "ubuntu", null, List.of(runOpts), null, "bash");
    }

    private static List<Step> planWithLabel(ObservedAppState now, String label, AppSpec want) {
        List<InstalledApp> onDevice = now == OBSERVED_APP_STATE_ABSENT ? List.of()
                : List.of(new InstalledApp("probe", now, "", "ubuntu"));
        Map<String, String> labels = now == OBSERVED_APP_STATE_ABSENT ? Map.of() : Map.of("probe", label);
        return Iosxr6DockerPlanner.plan(onDevice, List.of(want), false, Set.of("ubuntu:latest"), labels, V1);
    }

    private static List<ReconcileStep> kindsWithLabel(ObservedAppState now, String label, AppSpec want) {
        return planWithLabel(now, label, want).stream().map(Step::kind).toList();
    }

    /** docker ps shows no options: the label says what the container was created with. */
    @Test
    void aContainerLabelledWithAnotherSpecIsRecreated() {
        AppSpec oldRunning = probe(DesiredState.RUNNING, "--network host");
        String oldLabel = ContainerSpec.digest(oldRunning, V1);
        AppSpec newRunning = probe(DesiredState.RUNNING, "--network host", "-e MODE=fast");
        AppSpec newStopped = probe(DesiredState.STOPPED, "--network host", "-e MODE=fast");
        String newLabel = ContainerSpec.digest(newRunning, V1);

        // Label equal: nothing, whatever the desired state asks of a container that is right.
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_RUNNING, oldLabel, oldRunning)).isEmpty();
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_STOPPED, newLabel, newStopped)).isEmpty();
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_STOPPED, newLabel, newRunning)).containsExactly(RECONCILE_STEP_START);
        // Label differs: the recreate of an image change, without a pull (the image is listed).
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_RUNNING, oldLabel, newRunning))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_STOPPED, oldLabel, newRunning))
                .containsExactly(RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_RUNNING, oldLabel, newStopped))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_ACTIVATE);
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_STOPPED, oldLabel, newStopped))
                .containsExactly(RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_ACTIVATE);
        // Removal does not care what the container was created with.
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_RUNNING, oldLabel, probe(DesiredState.ABSENT)))
                .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL);
        // No label (made by hand, or by an appfleet before labels): left as it is.
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_RUNNING, "", newRunning)).isEmpty();
        assertThat(kindsWithLabel(OBSERVED_APP_STATE_STOPPED, "", newStopped)).isEmpty();
        // Labels not read: only an image change recreates.
        assertThat(Iosxr6DockerPlanner.plan(List.of(new InstalledApp("probe", OBSERVED_APP_STATE_RUNNING, "", "ubuntu")),
                List.of(newRunning), false, Set.of("ubuntu:latest"), null, V1)).isEmpty();

        // The steps that take the old container down carry the desired spec (the driver skips them
        // once the container is the desired one) and say why.
        List<Step> steps = planWithLabel(OBSERVED_APP_STATE_RUNNING, oldLabel, newRunning);
        assertThat(steps).allSatisfy(st -> assertThat(st.app()).isEqualTo(newRunning));
        assertThat(steps).extracting(Step::toString).containsExactly(
                "STOP probe (docker stop, to apply the changed run options or command)",
                "UNINSTALL probe (docker rm -f, to apply the changed run options or command)",
                "START probe (docker run ubuntu)");
        // A removal's steps carry no desired spec to skip on.
        assertThat(planWithLabel(OBSERVED_APP_STATE_RUNNING, oldLabel, probe(DesiredState.ABSENT)).get(0).app()).isNull();
    }

    /** Each step read back as the device would show it: the next plan is the rest, never a repeat. */
    @Test
    void aRecreateReplannedAfterEachStepIsTheRest() {
        String oldLabel = ContainerSpec.digest(probe(DesiredState.RUNNING, "--network host"), V1);
        for (DesiredState want : List.of(DesiredState.RUNNING, DesiredState.STOPPED)) {
            AppSpec desired = probe(want, "--network bridge");
            String newLabel = ContainerSpec.digest(desired, V1);
            ReconcileStep create = want == DesiredState.RUNNING ? RECONCILE_STEP_START : RECONCILE_STEP_ACTIVATE;
            ObservedAppState created = want == DesiredState.RUNNING ? OBSERVED_APP_STATE_RUNNING : OBSERVED_APP_STATE_STOPPED;
            // Running with the old options → stopped (after STOP) → gone (after UNINSTALL) → recreated.
            assertThat(kindsWithLabel(OBSERVED_APP_STATE_RUNNING, oldLabel, desired))
                    .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, create);
            assertThat(kindsWithLabel(OBSERVED_APP_STATE_STOPPED, oldLabel, desired))
                    .containsExactly(RECONCILE_STEP_UNINSTALL, create);
            assertThat(kindsWithLabel(OBSERVED_APP_STATE_ABSENT, null, desired)).containsExactly(create);
            assertThat(kindsWithLabel(created, newLabel, desired)).as(want.toString()).isEmpty();
        }
    }
}
