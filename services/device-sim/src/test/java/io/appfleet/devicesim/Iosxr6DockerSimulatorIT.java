package io.appfleet.devicesim;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.iosxr.ContainerSpec;
import io.appfleet.drivers.iosxr.DockerCommands;
import io.appfleet.drivers.iosxr.IosxrDriver;
import io.appfleet.drivers.ssh.CliConnection;
import io.appfleet.drivers.ssh.ShellPrompt;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_ACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_INSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNINSTALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real IOS-XR driver against simulated IOS-XR 6.x routers over SSH: no appmgr, so the driver
 * enters XR bash and runs docker there. Full lifecycle, every transition, replays, drift, docker
 * errors as typed outcomes, a dropped session inside bash, and the way back to XR exec.
 */
class Iosxr6DockerSimulatorIT {

    private static final String RUN_612 = "docker run -itd --name probe"
            + " -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add=SYS_ADMIN"
            + " --label io.appfleet.spec=9ccfdbfd27a92ec0 --network host ubuntu bash";
    private static Fleet fleet;
    private static SshClient client;

    @BeforeAll
    static void start() throws IOException {
        // Even devices run 6.1.2 (global-vrf only), odd ones 6.5.3 (all VRFs mounted).
        fleet = Fleet.start(Fleet.Spec.iosxr(13, TestAddresses.base(), TestAddresses.port())
                .withCredentials("netops", "Sim-Pass6").withOsVersions("6.1.2", "6.5.3"));
        client = SshClients.startShared();
    }

    @AfterAll
    static void stop() throws IOException {
        client.stop();
        fleet.close();
    }

    @BeforeEach
    void clearFaults() {
        fleet.devices().forEach(d -> d.faults().clear());
    }

    private static DeviceTarget target(SimulatedDevice d) {
        return new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(), d.osVersion(),
                new DeviceTarget.Login(d.username(), d.password()), null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static IosxrDriver driver(SimulatedDevice d) {
        return new IosxrDriver(target(d), client);
    }

    private static AppSpec probe(DesiredState state) {
        return new AppSpec("probe", state, "ubuntu", null, List.of("--network host"), null, "bash");
    }

    private static List<StepResult> reconcile(IosxrDriver driver, List<AppSpec> desired) throws DeviceException {
        List<StepResult> results = new ArrayList<>();
        for (Step step : driver.plan(driver.installedApps(), desired, DevicePolicy.NONE, false)) {
            StepResult r = driver.run(step);
            results.add(r);
            assertThat(r.outcome()).as("%s: %s%n%s", step, r.message(), r.deviceOutput())
                    .isIn(StepOutcome.STEP_OUTCOME_SUCCEEDED, StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        }
        return results;
    }

    private static List<ReconcileStep> kinds(List<StepResult> results) {
        return results.stream().map(r -> r.step().kind()).toList();
    }

    private static ObservedAppState stateOf(IosxrDriver driver, String appId) throws DeviceException {
        return driver.installedApps().stream().filter(a -> a.appId().equals(appId)).map(InstalledApp::state)
                .findFirst().orElse(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
    }

    private static long linesStartingWith(SimulatedDevice d, String prefix) {
        return d.commandLog().lines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    private static void assertConverged(IosxrDriver driver, AppSpec app) throws DeviceException {
        assertThat(driver.plan(driver.installedApps(), List.of(app), DevicePolicy.NONE, false)).as("converged").isEmpty();
    }

    @Test
    void fullLifecyclePullRunStopStartRemove() throws Exception {
        SimulatedDevice d = fleet.device(0);
        d.commandLog().clear();
        try (IosxrDriver driver = driver(d)) {
            assertThat(driver.hostingStatus().up()).isTrue();
            List<StepResult> up = reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(kinds(up)).containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_START);
            assertThat(up).allSatisfy(r -> assertThat(r.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED));
            assertThat(d.commandLog().lines()).startsWith("terminal length 0", "bash", "netns_identify $$")
                    .contains("docker pull ubuntu", RUN_612)
                    .noneMatch(l -> l.startsWith("appmgr") || l.startsWith("show appmgr"));
            List<String> log = d.commandLog().lines();
            assertThat(log.subList(0, log.indexOf("docker pull ubuntu"))).as("no container, no labels to read")
                    .doesNotContain(DockerCommands.LABELS);
            assertThat(d.iosxr().docker().images()).containsExactly("ubuntu:latest");
            assertThat(d.iosxr().isRunning("probe")).isTrue();
            assertConverged(driver, probe(DesiredState.RUNNING));

            AppUsage usage = driver.appUsage("probe");
            assertThat(usage.cpuUsedPercent()).isPositive();
            assertThat(usage.memoryUsedKb()).isPositive();

            assertThat(kinds(reconcile(driver, List.of(probe(DesiredState.STOPPED))))).containsExactly(RECONCILE_STEP_STOP);
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_STOPPED);
            assertConverged(driver, probe(DesiredState.STOPPED));

            assertThat(kinds(reconcile(driver, List.of(probe(DesiredState.RUNNING))))).containsExactly(RECONCILE_STEP_START);
            assertThat(d.commandLog().lines()).contains("docker start probe");
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);

            assertThat(kinds(reconcile(driver, List.of(probe(DesiredState.ABSENT)))))
                    .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL);
            assertThat(d.commandLog().lines()).contains("docker stop probe", "docker rm -f probe");
            assertThat(d.iosxr().docker().containers()).isEmpty();
            assertConverged(driver, probe(DesiredState.ABSENT));

            // The image stayed: bringing the app back runs it without a second pull.
            assertThat(kinds(reconcile(driver, List.of(probe(DesiredState.RUNNING))))).containsExactly(RECONCILE_STEP_START);
            assertThat(linesStartingWith(d, "docker pull")).isEqualTo(1);
            assertThat(linesStartingWith(d, "bash")).as("one bash for the whole session").isEqualTo(1);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    @Test
    void from631OnEveryVrfIsMounted() throws Exception {
        SimulatedDevice d = fleet.device(1);
        assertThat(d.osVersion()).isEqualTo("6.5.3");
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(d.iosxr().docker().options("probe")).contains("-v /var/run/netns:/var/run/netns");
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    @Test
    void everyTransitionFromEveryStartingState() throws Exception {
        SimulatedDevice d = fleet.device(2);
        Map<DesiredState, ObservedAppState> observed = Map.of(DesiredState.RUNNING, ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                DesiredState.STOPPED, ObservedAppState.OBSERVED_APP_STATE_STOPPED,
                DesiredState.ABSENT, ObservedAppState.OBSERVED_APP_STATE_ABSENT);
        Map<String, List<ReconcileStep>> expected = Map.of(
                "ABSENT->RUNNING", List.of(RECONCILE_STEP_START),
                "ABSENT->STOPPED", List.of(RECONCILE_STEP_ACTIVATE),
                "ABSENT->ABSENT", List.of(),
                "STOPPED->RUNNING", List.of(RECONCILE_STEP_START),
                "STOPPED->STOPPED", List.of(),
                "STOPPED->ABSENT", List.of(RECONCILE_STEP_UNINSTALL),
                "RUNNING->RUNNING", List.of(),
                "RUNNING->STOPPED", List.of(RECONCILE_STEP_STOP),
                "RUNNING->ABSENT", List.of(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL));
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(probe(DesiredState.STOPPED))); // pulls the image once
            for (DesiredState from : DesiredState.values()) {
                for (DesiredState to : DesiredState.values()) {
                    reconcile(driver, List.of(probe(from)));
                    assertThat(stateOf(driver, "probe")).as("set up " + from).isEqualTo(observed.get(from));
                    List<StepResult> r = reconcile(driver, List.of(probe(to)));
                    assertThat(kinds(r)).as(from + "->" + to).isEqualTo(expected.get(from + "->" + to));
                    assertThat(r).as(from + "->" + to).allSatisfy(x ->
                            assertThat(x.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED));
                    assertThat(stateOf(driver, "probe")).as(from + "->" + to).isEqualTo(observed.get(to));
                    assertConverged(driver, probe(to));
                }
            }
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    @Test
    void replayedStepsAreSkippedNotRepeated() throws Exception {
        SimulatedDevice d = fleet.device(4);
        try (IosxrDriver driver = driver(d)) {
            List<Step> steps = driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)),
                    DevicePolicy.NONE, false);
            for (Step s : steps) {
                assertThat(driver.run(s).outcome()).as(s.toString()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            }
            d.commandLog().clear();
            for (Step s : steps) {
                assertThat(driver.run(s).outcome()).as(s.toString()).isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            List<Step> teardown = driver.plan(driver.installedApps(), List.of(probe(DesiredState.ABSENT)),
                    DevicePolicy.NONE, false);
            for (Step s : teardown) {
                assertThat(driver.run(s).outcome()).as(s.toString()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            }
            for (Step s : teardown) {
                assertThat(driver.run(s).outcome()).as(s.toString()).isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            assertThat(d.commandLog().lines()).filteredOn(l -> l.startsWith("docker ") && !l.startsWith("docker ps")
                            && !l.startsWith("docker images"))
                    .containsExactly("docker stop probe", "docker rm -f probe");
        }
    }

    @Test
    void aCrashedContainerIsStartedAgain() throws Exception {
        SimulatedDevice d = fleet.device(6);
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(d.crashApp("probe")).isTrue();
            assertThat(driver.installedApps()).singleElement().satisfies(a -> {
                assertThat(a.state()).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_STOPPED);
                assertThat(a.rawState()).startsWith("Exited (139)");
            });
            List<StepResult> repair = reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(kinds(repair)).containsExactly(RECONCILE_STEP_START);
            assertThat(repair.get(0).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(repair.get(0).deviceOutput()).contains("docker start probe");
            assertThat(d.iosxr().isRunning("probe")).isTrue();
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    @Test
    void dockerErrorsAreTypedOutcomes() throws Exception {
        SimulatedDevice d = fleet.device(3);
        d.iosxr().docker().unpublish("gone:1.0");
        try (IosxrDriver driver = driver(d)) {
            AppSpec gone = new AppSpec("gone", DesiredState.RUNNING, "gone:1.0", null, List.of(), null);
            List<Step> steps = driver.plan(driver.installedApps(), List.of(gone), DevicePolicy.NONE, false);
            assertThat(steps).extracting(Step::kind).containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_START);
            StepResult pull = driver.run(steps.get(0));
            assertThat(pull.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(pull.message()).contains("(NO_SUCH_IMAGE)").contains("image library/gone:1.0 not found");
            StepResult run = driver.run(steps.get(1));
            assertThat(run.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(run.message()).startsWith("docker run of gone failed (NO_SUCH_IMAGE)");
            assertThat(d.iosxr().docker().containers()).isEmpty();

            // A START with no container and no image to run it from says so instead of guessing.
            StepResult bare = driver.run(new Step(RECONCILE_STEP_START, "gone", ""));
            assertThat(bare.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(bare.message()).contains("no container");
            // Removing what is not there is already done.
            assertThat(driver.run(new Step(RECONCILE_STEP_UNINSTALL, "gone", "")).outcome())
                    .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);

            // A value that would break the bash line is refused before anything is sent.
            AppSpec evil = new AppSpec("probe", DesiredState.RUNNING, "ubuntu", null, List.of("--net host; reboot"), null);
            assertThatThrownBy(() -> driver.plan(List.of(), List.of(evil), DevicePolicy.NONE, false))
                    .isInstanceOf(IllegalArgumentException.class);
            int before = d.commandLog().lines().size();
            StepResult refused = driver.run(new Step(RECONCILE_STEP_START, "probe", "", evil));
            assertThat(refused.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_REFUSED);
            assertThat(d.commandLog().lines()).hasSize(before);
            assertThat(d.iosxr().docker().containers()).isEmpty();
        }
    }

    @Test
    void aSessionDroppedInsideBashReentersBashOnTheNextPass() throws Exception {
        SimulatedDevice d = fleet.device(5);
        d.commandLog().clear();
        try (IosxrDriver driver = driver(d)) {
            driver.installedApps();
            d.faults().dropNextCommands(1);
            assertThatThrownBy(() -> reconcile(driver, List.of(probe(DesiredState.RUNNING))))
                    .isInstanceOf(DeviceException.class)
                    .satisfies(e -> assertThat(((DeviceException) e).reason()).isEqualTo(DeviceException.Reason.UNREACHABLE));
            reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(linesStartingWith(d, "bash")).isEqualTo(2);
            assertThat(linesStartingWith(d, "netns_identify")).isEqualTo(2);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    @Test
    void exitLeavesBashForXrExec() throws Exception {
        SimulatedDevice d = fleet.device(7);
        d.commandLog().clear();
        try (CliConnection cli = new CliConnection(client, target(d))) {
            assertThat(cli.shellCommand("bash", ShellPrompt.XR_BASH, "docker ps -a")).startsWith("CONTAINER ID");
            assertThat(cli.inShell()).isTrue();
            assertThat(cli.command("show version")).contains("Version 6.5.3");
            assertThat(cli.inShell()).isFalse();
            assertThat(cli.command("show appmgr application-table")).contains("% Invalid input detected at '^' marker.");
            assertThat(cli.shellCommand("bash", ShellPrompt.XR_BASH, "whoami")).isEqualTo("root");
        }
        assertThat(d.commandLog().lines()).containsExactly("terminal length 0", "bash", "docker ps -a", "exit",
                "show version", "show appmgr application-table", "bash", "whoami");
    }
    /**
     * A new image for a running container: pulled first, then the container is stopped, removed
     * and run again from it. Cut short after each step in turn, the next pass finishes it, with
     * each command sent once.
     */
    @Test
    void aNewImageRecreatesTheContainerAndAPassCutShortIsFinishedWithoutRepeats() throws Exception {
        SimulatedDevice d = fleet.device(8);
        AppSpec v1 = new AppSpec("probe", DesiredState.RUNNING, "probe:1.0", null, List.of("--network host"), null, "bash");
        AppSpec v2 = new AppSpec("probe", DesiredState.RUNNING, "probe:2.0", null, List.of("--network host"), null, "bash");
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(v1));
            List<Step> full = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
            assertThat(full).extracting(Step::kind).containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_STOP,
                    ReconcileStep.RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
            for (int cut = 0; cut < full.size(); cut++) {
                reconcile(driver, List.of(v1));
                assertThat(d.iosxr().docker().image("probe")).isEqualTo("probe:1.0");
                d.iosxr().docker().removeImage("probe:2.0");
                d.commandLog().clear();
                List<Step> plan = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
                for (Step step : plan.subList(0, cut)) {
                    StepResult r = driver.run(step);
                    assertThat(r.ok()).as("%s: %s%n%s", step, r.message(), r.deviceOutput()).isTrue();
                }
                reconcile(driver, List.of(v2));
                for (String line : List.of("docker pull probe:2.0", "docker stop probe", "docker rm -f probe",
                        "docker run -itd --name probe")) {
                    assertThat(linesStartingWith(d, line)).as("'%s' after a pass cut after %d steps", line, cut).isEqualTo(1);
                }
                assertThat(d.iosxr().docker().image("probe")).isEqualTo("probe:2.0");
                assertThat(d.iosxr().isRunning("probe")).isTrue();
                assertConverged(driver, v2);
            }
        }
    }

    private static AppSpec probe(DesiredState state, String command, String... runOpts) {
        return new AppSpec("probe", state, "ubuntu", null, List.of(runOpts), null, command);
    }

    private static String label(SimulatedDevice d) {
        return d.iosxr().docker().labels("probe").get(ContainerSpec.LABEL);
    }

    /** Docker lifecycle lines only: the reads (ps, images, the labels) are not changes. */
    private static List<String> changes(SimulatedDevice d) {
        return d.commandLog().lines().stream().filter(l -> l.startsWith("docker ") && !l.startsWith("docker ps")
                && !l.startsWith("docker images")).toList();
    }

    /**
     * Run options changed on a running app: docker cannot apply them in place, so the container is
     * stopped, removed and run again with them (no pull: the image is there), labelled with the
     * new spec; the next pass plans nothing, and the same plan replayed sends nothing.
     */
    @Test
    void changedRunOptionsRecreateARunningContainer() throws Exception {
        SimulatedDevice d = fleet.device(9);
        AppSpec v1 = probe(DesiredState.RUNNING, "bash", "--network host");
        AppSpec v2 = probe(DesiredState.RUNNING, "bash", "--network host", "-e MODE=fast");
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(v1));
            assertThat(label(d)).isEqualTo(ContainerSpec.digest(v1, d.osVersion()));
            d.commandLog().clear();
            List<InstalledApp> read = driver.installedApps();
            assertThat(d.commandLog().lines()).as("one labels read per pass, for all containers")
                    .containsOnlyOnce(DockerCommands.LABELS);
            assertThat(driver.plan(read, List.of(v1), DevicePolicy.NONE, false)).as("same spec").isEmpty();

            List<Step> plan = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
            assertThat(plan).extracting(Step::kind).containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL,
                    RECONCILE_STEP_START);
            d.commandLog().clear();
            for (Step step : plan) {
                StepResult r = driver.run(step);
                assertThat(r.outcome()).as("%s: %s%n%s", step, r.message(), r.deviceOutput())
                        .isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            }
            assertThat(changes(d)).containsExactly("docker stop probe", "docker rm -f probe",
                    "docker run -itd --name probe -v /var/run/netns:/var/run/netns --cap-add=SYS_ADMIN --label "
                            + ContainerSpec.LABEL + "=" + ContainerSpec.digest(v2, d.osVersion())
                            + " --network host -e MODE=fast ubuntu bash");
            assertThat(d.iosxr().docker().options("probe")).contains("-e MODE=fast");
            assertThat(label(d)).isEqualTo(ContainerSpec.digest(v2, d.osVersion()));
            assertThat(d.iosxr().isRunning("probe")).isTrue();
            assertConverged(driver, v2);

            // The whole plan again (a replay): the new container is the desired one, nothing is sent.
            d.commandLog().clear();
            for (Step step : plan) {
                assertThat(driver.run(step).outcome()).as(step.toString()).isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            assertThat(changes(d)).isEmpty();
            assertThat(d.iosxr().isRunning("probe")).isTrue();

            // The command is part of the spec too.
            AppSpec v3 = probe(DesiredState.RUNNING, "sleep 3600", "--network host", "-e MODE=fast");
            assertThat(kinds(reconcile(driver, List.of(v3)))).containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL,
                    RECONCILE_STEP_START);
            assertThat(d.commandLog().lines()).anyMatch(l -> l.startsWith("docker run ") && l.endsWith(" ubuntu sleep 3600"));
            assertConverged(driver, v3);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    /** On a stopped app (or one desired stopped) the new container is created, not started. */
    @Test
    void changedRunOptionsOnAStoppedAppCreateItStopped() throws Exception {
        SimulatedDevice d = fleet.device(10);
        AppSpec v1 = probe(DesiredState.STOPPED, "bash", "--network host");
        AppSpec v2 = probe(DesiredState.STOPPED, "bash", "--network host", "--pids-limit 64");
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(v1));
            assertThat(d.iosxr().docker().containers()).containsExactly("probe");
            d.commandLog().clear();
            assertThat(kinds(reconcile(driver, List.of(v2)))).containsExactly(RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_ACTIVATE);
            assertThat(changes(d)).containsExactly("docker rm -f probe", "docker create -it --name probe"
                    + " -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add=SYS_ADMIN --label "
                    + ContainerSpec.LABEL + "=" + ContainerSpec.digest(v2, d.osVersion()) + " --network host --pids-limit 64 ubuntu bash");
            assertThat(d.iosxr().isRunning("probe")).isFalse();
            assertThat(label(d)).isEqualTo(ContainerSpec.digest(v2, d.osVersion()));
            assertConverged(driver, v2);

            // Running with the old options, desired stopped with new ones: stop, remove, create.
            reconcile(driver, List.of(probe(DesiredState.RUNNING, "bash", "--network host")));
            assertThat(d.iosxr().isRunning("probe")).isTrue();
            assertThat(kinds(reconcile(driver, List.of(v2))))
                    .containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_ACTIVATE);
            assertThat(d.iosxr().isRunning("probe")).isFalse();
            assertThat(label(d)).isEqualTo(ContainerSpec.digest(v2, d.osVersion()));
            assertConverged(driver, v2);
            // Started later with the same options: a plain docker start keeps the container.
            AppSpec v2up = probe(DesiredState.RUNNING, "bash", "--network host", "--pids-limit 64");
            assertThat(kinds(reconcile(driver, List.of(v2up)))).containsExactly(RECONCILE_STEP_START);
            assertThat(d.commandLog().lines()).contains("docker start probe");
            assertConverged(driver, v2up);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    /**
     * A recreate for new run options cut short after each step in turn (as a crash or a lost
     * session would): the next pass finishes it from what the device shows, each command sent once.
     */
    @Test
    void aRunOptionsRecreateCutShortIsFinishedWithoutRepeats() throws Exception {
        SimulatedDevice d = fleet.device(11);
        AppSpec v1 = probe(DesiredState.RUNNING, "bash", "--network host");
        AppSpec v2 = probe(DesiredState.RUNNING, "bash", "--network host", "-e MODE=fast");
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(v1));
            List<Step> full = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
            assertThat(full).extracting(Step::kind).containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL,
                    RECONCILE_STEP_START);
            for (int cut = 0; cut <= full.size(); cut++) {
                reconcile(driver, List.of(v1));
                assertThat(label(d)).isEqualTo(ContainerSpec.digest(v1, d.osVersion()));
                d.commandLog().clear();
                List<Step> plan = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
                for (Step step : plan.subList(0, cut)) {
                    StepResult r = driver.run(step);
                    assertThat(r.ok()).as("%s: %s%n%s", step, r.message(), r.deviceOutput()).isTrue();
                }
                List<StepResult> rest = reconcile(driver, List.of(v2));
                assertThat(kinds(rest)).as("after %d steps", cut)
                        .isEqualTo(full.subList(cut, full.size()).stream().map(Step::kind).toList());
                assertThat(changes(d)).as("after a pass cut after %d steps", cut).containsExactly("docker stop probe",
                        "docker rm -f probe", DockerCommands.run(v2, d.osVersion()));
                assertThat(label(d)).isEqualTo(ContainerSpec.digest(v2, d.osVersion()));
                assertThat(d.iosxr().isRunning("probe")).isTrue();
                assertConverged(driver, v2);
            }
        }
    }

    /**
     * A container removed and run again by hand, without the label: nothing on the device says what
     * it was created with, so it is left as it is (no recreate on a read that proves nothing), and
     * the command log shows the operator's lines.
     */
    @Test
    void aContainerRunByHandWithoutTheLabelIsLeftAlone() throws Exception {
        SimulatedDevice d = fleet.device(12);
        AppSpec v1 = probe(DesiredState.RUNNING, "bash", "--network host");
        AppSpec v2 = probe(DesiredState.RUNNING, "bash", "--network host", "-e MODE=fast");
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(v1));
        }
        String byHand = "docker run -itd --name probe -v /var/run/netns/global-vrf:/var/run/netns/global-vrf"
                + " --cap-add=SYS_ADMIN ubuntu bash";
        try (CliConnection cli = new CliConnection(client, target(d))) {
            assertThat(cli.shellCommand("bash", ShellPrompt.XR_BASH, "docker rm -f probe")).isEqualTo("probe");
            assertThat(cli.shellCommand("bash", ShellPrompt.XR_BASH, byHand)).matches("[0-9a-f]{64}");
            assertThat(cli.shellCommand("bash", ShellPrompt.XR_BASH,
                    "docker inspect --format '{{index .Config.Labels \"" + ContainerSpec.LABEL + "\"}}' probe")).isEmpty();
        }
        assertThat(d.commandLog().lines()).contains("docker rm -f probe", byHand);
        assertThat(d.iosxr().docker().labels("probe")).isEmpty();
        try (IosxrDriver driver = driver(d)) {
            d.commandLog().clear();
            assertConverged(driver, v2);
            assertConverged(driver, v1);
            assertThat(changes(d)).isEmpty();
            // An image change still recreates it, and from then on it carries the label.
            AppSpec v3 = new AppSpec("probe", DesiredState.RUNNING, "probe:3.0", null, List.of("--network host"), null, "bash");
            assertThat(kinds(reconcile(driver, List.of(v3)))).containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_STOP,
                    RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
            assertThat(label(d)).isEqualTo(ContainerSpec.digest(v3, d.osVersion()));
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }
}
