package io.appfleet.devicesim;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.iosxr.IosxrDriver;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The real IOS-XR driver against simulated IOS-XR 7.x routers (App Manager) over SSH: the full
 * lifecycle, idempotence read from the device's command log, drift, and a dropped session.
 */
class IosxrDriverSimulatorIT {

    private static final String RPM = "/misc/app_host/probe-1.0.0-eXR_7.3.1.x86_64.rpm";
    private static final String PKG = "probe-1.0.0-eXR_7.3.1.x86_64";
    private static Fleet fleet;
    private static SshClient client;

    @BeforeAll
    static void start() throws IOException {
        fleet = Fleet.start(Fleet.Spec.iosxr(6, TestAddresses.base(), TestAddresses.port())
                .withCredentials("netops", "Sim-Pass1"));
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

    private static IosxrDriver driver(SimulatedDevice d) {
        DeviceTarget target = new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(),
                d.osVersion(), new DeviceTarget.Login(d.username(), d.password()), null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new IosxrDriver(target, client);
    }

    private static AppSpec probe(DesiredState state) {
        return new AppSpec("probe", state, RPM, null,
                List.of("-v", "{app_install_root}/config:/config:ro", "--network", "host"), null);
    }

    private static List<StepResult> reconcile(IosxrDriver driver, List<AppSpec> desired) throws DeviceException {
        List<InstalledApp> actual = driver.installedApps();
        List<StepResult> results = new ArrayList<>();
        for (Step step : driver.plan(actual, desired, DevicePolicy.NONE, false)) {
            StepResult r = driver.run(step);
            results.add(r);
            assertThat(r.outcome()).as("%s: %s%n%s", step, r.message(), r.deviceOutput())
                    .isIn(StepOutcome.STEP_OUTCOME_SUCCEEDED, StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        }
        return results;
    }

    private static ObservedAppState stateOf(IosxrDriver driver, String appId) throws DeviceException {
        return driver.installedApps().stream().filter(a -> a.appId().equals(appId)).map(InstalledApp::state)
                .findFirst().orElse(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
    }

    private static long linesStartingWith(SimulatedDevice d, String prefix) {
        return d.commandLog().lines().stream().filter(l -> l.trim().startsWith(prefix)).count();
    }

    @Test
    void fullLifecycleAndNothingRepeatedOnceConverged() throws Exception {
        SimulatedDevice d = fleet.device(0);
        d.commandLog().clear();
        try (IosxrDriver driver = driver(d)) {
            assertThat(driver.hostingStatus().up()).isTrue();
            List<StepResult> up = reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(up).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_INSTALL,
                    ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
            assertThat(up.get(2).outcome()).as("the commit started it").isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(d.iosxr().packages()).containsExactly(PKG);
            assertThat(driver.hostKeyFingerprint()).startsWith("SHA256:");
            assertThat(d.commandLog().lines()).contains(
                    "appmgr application probe activate type docker source probe docker-run-opts "
                            + "\"-v {app_install_root}/config:/config:ro --network host\"");

            // Converged: a second pass plans nothing.
            assertThat(driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE,
                    false)).isEmpty();
            assertThat(linesStartingWith(d, "appmgr package install")).isEqualTo(1);
            assertThat(linesStartingWith(d, "appmgr application probe activate")).isEqualTo(1);
            assertThat(linesStartingWith(d, "commit")).isEqualTo(1);

            AppUsage usage = driver.appUsage("probe");
            assertThat(usage.cpuUsedPercent()).isNotNull();
            assertThat(usage.memoryUsedKb()).isPositive();
            assertThat(driver.cpuPolicerCounters()).isEqualTo(CpuPolicerCounters.NONE);

            List<StepResult> stop = reconcile(driver, List.of(probe(DesiredState.STOPPED)));
            assertThat(stop).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_STOP);
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_STOPPED);
            assertThat(driver.plan(driver.installedApps(), List.of(probe(DesiredState.STOPPED)), DevicePolicy.NONE,
                    false)).isEmpty();

            List<StepResult> gone = reconcile(driver, List.of(probe(DesiredState.ABSENT)));
            assertThat(gone).extracting(r -> r.step().kind()).containsExactly(
                    ReconcileStep.RECONCILE_STEP_DEACTIVATE, ReconcileStep.RECONCILE_STEP_UNINSTALL);
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
            assertThat(d.iosxr().packages()).isEmpty();
            assertThat(d.commandLog().lines()).contains("no appmgr application probe",
                    "appmgr package uninstall package " + PKG);
            assertThat(driver.plan(driver.installedApps(), List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE,
                    false)).isEmpty();
        }
    }

    @Test
    void replayedStepsAreSkippedNotRepeated() throws Exception {
        SimulatedDevice d = fleet.device(1);
        try (IosxrDriver driver = driver(d)) {
            List<Step> steps = driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)),
                    DevicePolicy.NONE, false);
            for (Step s : steps) {
                assertThat(driver.run(s).ok()).as(s.toString()).isTrue();
            }
            d.commandLog().clear();
            // A crash after the steps succeeded and a replay of the same plan: every step is already done.
            for (Step s : steps) {
                assertThat(driver.run(s).outcome()).as(s.toString())
                        .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            assertThat(linesStartingWith(d, "appmgr package install")).isZero();
            assertThat(linesStartingWith(d, "appmgr application probe activate")).isZero();
            assertThat(linesStartingWith(d, "appmgr application start")).isZero();
            assertThat(linesStartingWith(d, "commit")).isZero();

            List<Step> teardown = driver.plan(driver.installedApps(), List.of(probe(DesiredState.ABSENT)),
                    DevicePolicy.NONE, false);
            for (Step s : teardown) {
                assertThat(driver.run(s).ok()).as(s.toString()).isTrue();
            }
            for (Step s : teardown) {
                assertThat(driver.run(s).outcome()).as(s.toString())
                        .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            assertThat(linesStartingWith(d, "appmgr package uninstall")).isEqualTo(1);
        }
    }

    @Test
    void anAppStoppedOutOfBandIsStartedAgain() throws Exception {
        SimulatedDevice d = fleet.device(2);
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(d.crashApp("probe")).isTrue();
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_STOPPED);
            List<StepResult> repair = reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(repair).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_START);
            assertThat(repair.get(0).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(d.iosxr().isRunning("probe")).isTrue();
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
        }
    }

    @Test
    void aDroppedSessionIsATypedErrorAndTheNextPassConverges() throws Exception {
        SimulatedDevice d = fleet.device(3);
        d.commandLog().clear();
        try (IosxrDriver driver = driver(d)) {
            driver.connect();
            d.faults().dropNextCommands(1);
            assertThatThrownBy(() -> reconcile(driver, List.of(probe(DesiredState.RUNNING))))
                    .isInstanceOf(DeviceException.class)
                    .satisfies(e -> assertThat(((DeviceException) e).reason()).isEqualTo(DeviceException.Reason.UNREACHABLE));
            reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(linesStartingWith(d, "appmgr package install")).isEqualTo(1);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
            assertThat(d.iosxr().packages()).isEmpty();
            assertThat(d.iosxr().applications()).isEmpty();
        }
    }

    @Test
    void refusalsComeBackAsStepResults() throws Exception {
        SimulatedDevice d = fleet.device(3);
        try (IosxrDriver driver = driver(d)) {
            d.faults().installFailure(true);
            List<Step> steps = driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)),
                    DevicePolicy.NONE, false);
            StepResult install = driver.run(steps.get(0));
            assertThat(install.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(install.message()).contains("rpm transaction failed");
            d.faults().clear();

            // Activating a source no package provides: the commit fails and is aborted.
            AppSpec orphan = new AppSpec("orphan", DesiredState.RUNNING,
                    "/misc/app_host/orphan-2.0-1.x86_64.rpm", null, List.of(), null);
            StepResult activate = driver.run(new Step(ReconcileStep.RECONCILE_STEP_ACTIVATE, "orphan", "", orphan));
            assertThat(activate.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(activate.message()).contains("Failed to commit");
            assertThat(d.commandLog().lines()).contains("abort");
            assertThat(d.iosxr().applications()).isEmpty();

            // A value that would break the CLI line is refused before anything is sent.
            AppSpec evil = new AppSpec("probe", DesiredState.RUNNING, RPM, null, List.of("--net host\" ; reload"), null);
            assertThatThrownBy(() -> driver.plan(List.of(), List.of(evil), DevicePolicy.NONE, false))
                    .isInstanceOf(IllegalArgumentException.class);
            int before = d.commandLog().lines().size();
            assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_ACTIVATE, "probe", "", evil)).outcome())
                    .isEqualTo(StepOutcome.STEP_OUTCOME_REFUSED);
            assertThat(d.commandLog().lines()).hasSize(before);
        }
    }

    @Test
    void changedRunOptionsReconfigureTheActivationUnchangedPlanNothing() throws Exception {
        SimulatedDevice d = fleet.device(4);
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(probe(DesiredState.RUNNING)));
            // Unchanged: nothing to do, the options read back equal the spec's.
            assertThat(driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE,
                    false)).isEmpty();
            assertThat(d.commandLog().lines()).contains("show running-config appmgr");

            AppSpec bridged = new AppSpec("probe", DesiredState.RUNNING, RPM, null,
                    List.of("-v", "{app_install_root}/config:/config:ro", "--network", "bridge"), null);
            d.commandLog().clear();
            List<Step> plan = driver.plan(driver.installedApps(), List.of(bridged), DevicePolicy.NONE, false);
            assertThat(plan).extracting(Step::kind).containsExactly(ReconcileStep.RECONCILE_STEP_DEACTIVATE,
                    ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
            List<StepResult> results = new ArrayList<>();
            for (Step s : plan) {
                results.add(driver.run(s));
            }
            assertThat(results).extracting(StepResult::outcome).containsExactly(StepOutcome.STEP_OUTCOME_SUCCEEDED,
                    StepOutcome.STEP_OUTCOME_SUCCEEDED, StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            assertThat(d.commandLog().lines()).containsSubsequence("no appmgr application probe", "commit",
                    "appmgr application probe activate type docker source probe docker-run-opts "
                            + "\"-v {app_install_root}/config:/config:ro --network bridge\"", "commit");
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(driver.plan(driver.installedApps(), List.of(bridged), DevicePolicy.NONE, false)).isEmpty();
            assertThat(d.iosxr().packages()).containsExactly(PKG);

            // A replay of the reconfiguration finds it done and leaves the app alone.
            d.commandLog().clear();
            for (Step s : plan) {
                assertThat(driver.run(s).outcome()).as(s.toString()).isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            assertThat(linesStartingWith(d, "no appmgr")).isZero();
            assertThat(linesStartingWith(d, "commit")).isZero();
            // ACTIVATE alone cannot change options: it says the app must be deactivated first.
            StepResult direct = driver.run(new Step(ReconcileStep.RECONCILE_STEP_ACTIVATE, "probe", "",
                    probe(DesiredState.RUNNING)));
            assertThat(direct.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(direct.message()).contains("other options");

            // A command added, desired stopped: reconfigured and left stopped.
            AppSpec withCmd = new AppSpec("probe", DesiredState.STOPPED, RPM, null,
                    List.of("-v", "{app_install_root}/config:/config:ro", "--network", "bridge"), null, "/usr/bin/probe -v");
            assertThat(reconcile(driver, List.of(withCmd))).extracting(r -> r.step().kind()).containsExactly(
                    ReconcileStep.RECONCILE_STEP_DEACTIVATE, ReconcileStep.RECONCILE_STEP_ACTIVATE,
                    ReconcileStep.RECONCILE_STEP_STOP);
            assertThat(d.commandLog().lines()).anyMatch(l -> l.endsWith("docker-run-cmd \"/usr/bin/probe -v\""));
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_STOPPED);
            assertThat(driver.plan(driver.installedApps(), List.of(withCmd), DevicePolicy.NONE, false)).isEmpty();

            reconcile(driver, List.of(probe(DesiredState.ABSENT)));
            assertThat(d.iosxr().applications()).isEmpty();
            assertThat(d.iosxr().packages()).isEmpty();
        }
    }
    /**
     * probe-2.0.0 for an app running probe-1.0.0 (same docker source): cut short after each step
     * in turn, the next pass finishes the replacement; each command of it reaches the router once,
     * and the container ends running the new package, the old one uninstalled.
     */
    @Test
    void aNewVersionOfThePackageReplacesTheOldAndAPassCutShortIsFinishedWithoutRepeats() throws Exception {
        SimulatedDevice d = fleet.device(5);
        String rpm2 = "/misc/app_host/probe-2.0.0-eXR_7.3.1.x86_64.rpm";
        String pkg2 = "probe-2.0.0-eXR_7.3.1.x86_64";
        AppSpec v1 = probe(DesiredState.RUNNING);
        AppSpec v2 = new AppSpec("probe", DesiredState.RUNNING, rpm2, null, v1.runOpts(), null);
        try (IosxrDriver driver = driver(d)) {
            reconcile(driver, List.of(v1));
            List<Step> full = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
            assertThat(full).extracting(Step::kind).containsExactly(ReconcileStep.RECONCILE_STEP_DEACTIVATE,
                    ReconcileStep.RECONCILE_STEP_UNINSTALL, ReconcileStep.RECONCILE_STEP_INSTALL,
                    ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
            for (int cut = 0; cut < full.size(); cut++) {
                reconcile(driver, List.of(v1)); // back to probe-1.0.0
                assertThat(d.iosxr().packageOf("probe")).isEqualTo(PKG);
                d.commandLog().clear();
                List<Step> plan = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
                for (Step step : plan.subList(0, cut)) {
                    StepResult r = driver.run(step);
                    assertThat(r.ok()).as("%s: %s%n%s", step, r.message(), r.deviceOutput()).isTrue();
                }
                reconcile(driver, List.of(v2));
                for (String line : List.of("no appmgr application probe", "appmgr package uninstall package " + PKG,
                        "appmgr package install rpm " + rpm2, "appmgr application probe activate")) {
                    assertThat(linesStartingWith(d, line)).as("'%s' after a pass cut after %d steps", line, cut).isEqualTo(1);
                }
                assertThat(d.iosxr().packages()).containsExactly(pkg2);
                assertThat(d.iosxr().packageOf("probe")).isEqualTo(pkg2);
                assertThat(d.iosxr().isRunning("probe")).isTrue();
                assertThat(driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false)).isEmpty();
            }
            // The router refuses a second package for a source: the old one has to go first.
            assertThat(d.iosxr().install(RPM)).contains("already provided by package " + pkg2);
        }
    }
}
