package io.appfleet.devicesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.iosxe.AppDetails;
import io.appfleet.drivers.iosxe.IosxeParsers;
import io.appfleet.drivers.iosxe.IosxeDriver;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;

/**
 * The real IOS-XE driver against simulated IOS-XE devices (16.x synchronous and 17.x asynchronous
 * install) over SSH: the full lifecycle, idempotence read from the device's command log, drift,
 * the CPP policer, and injected faults.
 */
class IosxeDriverSimulatorIT {

    private static final String SYS_DATA = "system-cpp-police-sys-data";
    private static Fleet fleet;
    private static SshClient client;

    @BeforeAll
    static void start() throws IOException {
        fleet = Fleet.start(Fleet.Spec.iosxe(6, TestAddresses.base(), TestAddresses.port())
                .withOsVersions("16.12.5", "17.9.4").withInstallMs(300).withCredentials("netops", "Sim-Pass1"));
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

    private static IosxeDriver driver(SimulatedDevice d) {
        DeviceTarget target = new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(),
                d.osVersion(), new DeviceTarget.Login(d.username(), d.password()), null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new IosxeDriver(target, client, Duration.ofSeconds(10), Duration.ofMillis(100));
    }

    private static AppSpec probe(DesiredState state) {
        return new AppSpec("probe", state, "usbflash0:probe.tar", new AppSpec.Resources(1, 1000, 256, 64),
                List.of("--cap-add=NET_ADMIN"), AppSpec.Network.management());
    }

    /** One level-triggered pass: read, plan against the full desired set, run in order. */
    private static List<StepResult> reconcile(IosxeDriver driver, List<AppSpec> desired, DevicePolicy policy)
            throws DeviceException {
        List<InstalledApp> actual = driver.installedApps();
        List<StepResult> results = new ArrayList<>();
        for (Step step : driver.plan(actual, desired, policy, false)) {
            StepResult r = driver.run(step);
            results.add(r);
            assertThat(r.outcome()).as("%s: %s", step, r.message())
                    .isIn(StepOutcome.STEP_OUTCOME_SUCCEEDED, StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        }
        return results;
    }

    private static ObservedAppState stateOf(IosxeDriver driver, String appId) throws DeviceException {
        return driver.installedApps().stream().filter(a -> a.appId().equals(appId)).map(InstalledApp::state)
                .findFirst().orElse(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
    }

    private static long linesStartingWith(SimulatedDevice d, String prefix) {
        return d.commandLog().lines().stream().filter(l -> l.trim().startsWith(prefix)).count();
    }

    @Test
    void fullLifecycleOnBothReleasesAndNothingRepeatedOnceConverged() throws Exception {
        for (SimulatedDevice d : List.of(fleet.device(0), fleet.device(1))) {
            d.commandLog().clear();
            try (IosxeDriver driver = driver(d)) {
                List<StepResult> install = reconcile(driver, List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE);
                assertThat(install).extracting(r -> r.step().kind()).contains(ReconcileStep.RECONCILE_STEP_INSTALL,
                        ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
                assertThat(stateOf(driver, "probe")).as(d.osVersion()).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
                assertThat(driver.hostKeyFingerprint()).startsWith("SHA256:");

                // Converged: a second pass plans nothing and sends no lifecycle command.
                assertThat(driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE,
                        false)).isEmpty();
                assertThat(linesStartingWith(d, "app-hosting install")).isEqualTo(1);
                assertThat(linesStartingWith(d, "app-hosting start")).isEqualTo(1);

                reconcile(driver, List.of(probe(DesiredState.STOPPED)), DevicePolicy.NONE);
                assertThat(stateOf(driver, "probe")).isIn(ObservedAppState.OBSERVED_APP_STATE_STOPPED,
                        ObservedAppState.OBSERVED_APP_STATE_ACTIVATED);

                reconcile(driver, List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE);
                assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
            }
        }
    }

    @Test
    void replayedStepsAreSkippedNotRepeated() throws Exception {
        SimulatedDevice d = fleet.device(2);
        try (IosxeDriver driver = driver(d)) {
            List<Step> steps = driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)),
                    DevicePolicy.NONE, false);
            for (Step s : steps) {
                driver.run(s);
            }
            d.commandLog().clear();
            // A crash after the steps succeeded and a replay of the same plan: every step is already done.
            for (Step s : steps) {
                assertThat(driver.run(s).outcome()).as(s.toString())
                        .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            assertThat(linesStartingWith(d, "app-hosting install")).isZero();
            reconcile(driver, List.of(), DevicePolicy.NONE);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE);
        }
    }

    private static AppSpec probeWith(List<String> runOpts) {
        return new AppSpec("probe", DesiredState.RUNNING, "usbflash0:probe.tar", new AppSpec.Resources(1, 1000, 256, 64),
                runOpts, AppSpec.Network.management());
    }

    /** "Run options in use" of {@code show app-hosting detail}: what the running container was activated with. */
    private static String runOptionsInUse(SimulatedDevice d) throws IOException {
        try (SshCliClient c = new SshCliClient(d)) {
            c.openShell();
            c.send("terminal length 0");
            String command = "show app-hosting detail appid probe";
            AppDetails details = (AppDetails) IosxeParsers.parse(command, c.send(command));
            return details.apps().get(0).other().get("Run-time information/Run options in use");
        }
    }

    private static List<String> lifecycleCommands(SimulatedDevice d) {
        return d.commandLog().lines().stream().map(String::trim)
                .filter(l -> l.matches("app-hosting (install|activate|start|stop|deactivate|uninstall) .*")).toList();
    }

    @Test
    void aChangedBlockIsAppliedOnceAndACutShortReconfigureFinishesWithoutRepeats() throws Exception {
        SimulatedDevice d = fleet.device(3);
        AppSpec before = probeWith(List.of("--cap-add=NET_ADMIN"));
        AppSpec after = probeWith(List.of("--cap-add=NET_ADMIN", "-e MODE=b"));
        try (IosxeDriver driver = driver(d)) {
            reconcile(driver, List.of(before), DevicePolicy.NONE);
            assertThat(runOptionsInUse(d)).isEqualTo("--cap-add=NET_ADMIN");

            d.commandLog().clear();
            List<StepResult> changed = reconcile(driver, List.of(after), DevicePolicy.NONE);
            assertThat(changed).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_STOP,
                    ReconcileStep.RECONCILE_STEP_DEACTIVATE, ReconcileStep.RECONCILE_STEP_CONFIGURE,
                    ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
            assertThat(changed).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED));
            assertThat(lifecycleCommands(d)).containsExactly("app-hosting stop appid probe",
                    "app-hosting deactivate appid probe", "app-hosting activate appid probe", "app-hosting start appid probe");
            assertThat(d.commandLog().lines()).containsSubsequence("app-hosting deactivate appid probe", "configure terminal",
                    "app-hosting appid probe", "run-opts 2 \"-e MODE=b\"", "end", "app-hosting activate appid probe");
            assertThat(runOptionsInUse(d)).isEqualTo("--cap-add=NET_ADMIN -e MODE=b");
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);

            // Converged: the device's block is the desired one, nothing is planned.
            assertThat(driver.plan(driver.installedApps(), List.of(after), DevicePolicy.NONE, false)).isEmpty();

            // Back to one run-opt, with the driver gone right after deactivate.
            List<Step> steps = driver.plan(driver.installedApps(), List.of(before), DevicePolicy.NONE, false);
            assertThat(steps).extracting(Step::kind).containsExactly(ReconcileStep.RECONCILE_STEP_STOP,
                    ReconcileStep.RECONCILE_STEP_DEACTIVATE, ReconcileStep.RECONCILE_STEP_CONFIGURE,
                    ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
            driver.run(steps.get(0));
            driver.run(steps.get(1));
        }
        d.commandLog().clear();
        try (IosxeDriver driver = driver(d)) {
            List<StepResult> rest = reconcile(driver, List.of(before), DevicePolicy.NONE);
            assertThat(rest).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_CONFIGURE,
                    ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
            assertThat(lifecycleCommands(d)).containsExactly("app-hosting activate appid probe", "app-hosting start appid probe");
            assertThat(d.commandLog().lines()).containsSubsequence("app-hosting appid probe", "app-resource docker",
                    "no run-opts 2", "exit", "app-vnic management guest-interface 0");
            assertThat(runOptionsInUse(d)).isEqualTo("--cap-add=NET_ADMIN");
            assertThat(driver.plan(driver.installedApps(), List.of(before), DevicePolicy.NONE, false)).isEmpty();
            reconcile(driver, List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE);
        }
    }

    @Test
    void driftIsRepairedAndTheCppPolicerEnforced() throws Exception {
        SimulatedDevice d = fleet.device(3);
        DevicePolicy policy = new DevicePolicy(Map.of(SYS_DATA, false));
        try (IosxeDriver driver = driver(d)) {
            reconcile(driver, List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE);
            assertThat(d.crashApp("probe")).isTrue();
            assertThat(stateOf(driver, "probe")).isNotEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            List<StepResult> repair = reconcile(driver, List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE);
            assertThat(repair).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_START);
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);

            assertThat(driver.cpuPolicerCounters().classes()).anySatisfy(c -> {
                assertThat(c.cppClass()).isEqualTo(SYS_DATA);
                assertThat(c.enabled()).isTrue();
            });
            List<StepResult> cpp = reconcile(driver, List.of(probe(DesiredState.RUNNING)), policy);
            assertThat(cpp).extracting(r -> r.step().kind()).contains(ReconcileStep.RECONCILE_STEP_CONFIGURE_CPP);
            assertThat(driver.cpuPolicerCounters().classes()).filteredOn(c -> SYS_DATA.equals(c.cppClass()))
                    .allSatisfy(c -> assertThat(c.enabled()).isFalse());
            reconcile(driver, List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE);
        }
    }

    @Test
    void faultsGiveTypedOutcomesAndNeverHang() throws Exception {
        SimulatedDevice d = fleet.device(1);
        try (IosxeDriver driver = driver(d)) {
            d.faults().installFailure(true);
            List<Step> steps = driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)),
                    DevicePolicy.NONE, false);
            List<StepOutcome> outcomes = new ArrayList<>();
            for (Step s : steps) {
                StepResult r = driver.run(s);
                outcomes.add(r.outcome());
                if (r.outcome() != StepOutcome.STEP_OUTCOME_SUCCEEDED
                        && r.outcome() != StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE) {
                    break;
                }
            }
            assertThat(outcomes).contains(StepOutcome.STEP_OUTCOME_FAILED);
            d.faults().clear();
            reconcile(driver, List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE);

            // A session dropped mid-command: a typed error, and the next pass reconnects and converges.
            d.faults().dropNextCommands(1);
            assertThatThrownBy(() -> reconcile(driver, List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE))
                    .isInstanceOf(DeviceException.class);
            reconcile(driver, List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE);
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE);

            // Over capacity: the device refuses the activation and the driver says so.
            AppSpec huge = new AppSpec("huge", DesiredState.RUNNING, "usbflash0:huge.tar",
                    new AppSpec.Resources(1, 1_000_000, 256, 64), List.of(), AppSpec.Network.management());
            List<StepOutcome> hugeOutcomes = new ArrayList<>();
            for (Step s : driver.plan(driver.installedApps(), List.of(huge), DevicePolicy.NONE, false)) {
                hugeOutcomes.add(driver.run(s).outcome());
            }
            assertThat(hugeOutcomes).containsAnyOf(StepOutcome.STEP_OUTCOME_FAILED, StepOutcome.STEP_OUTCOME_REFUSED);
            reconcile(driver, List.of(new AppSpec("huge", DesiredState.ABSENT, null, null, List.of(), null)),
                    DevicePolicy.NONE);
        }
    }

    @Test
    void aDeviceThatStopsAnsweringTimesOutAndTheNextPassConverges() throws Exception {
        SimulatedDevice d = fleet.device(2);
        DeviceTarget target = new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(),
                d.osVersion(), new DeviceTarget.Login(d.username(), d.password()), null)
                .withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(5));
        try (IosxeDriver driver = new IosxeDriver(target, client, Duration.ofSeconds(10), Duration.ofMillis(100))) {
            driver.connect();
            d.faults().stallNextCommands(1);
            long started = System.nanoTime();
            assertThatThrownBy(driver::installedApps).isInstanceOf(DeviceException.class)
                    .satisfies(e -> assertThat(((DeviceException) e).reason()).isEqualTo(DeviceException.Reason.TIMEOUT));
            // Bounded by the 1 s command timeout, not by the device (which would stall for minutes).
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
            reconcile(driver, List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE);
            assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            reconcile(driver, List.of(probe(DesiredState.ABSENT)), DevicePolicy.NONE);
        }
    }

    @Test
    void aChangedHostKeyStopsTheDevice() throws Exception {
        SimulatedDevice d = fleet.device(0);
        String pinned;
        try (IosxeDriver driver = driver(d)) {
            driver.connect();
            pinned = driver.hostKeyFingerprint();
        }
        d.regenerateHostKey();
        DeviceTarget target = new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(),
                d.osVersion(), new DeviceTarget.Login(d.username(), d.password()), pinned);
        try (IosxeDriver driver = new IosxeDriver(target, client)) {
            assertThatThrownBy(driver::connect).isInstanceOf(DeviceException.class)
                    .satisfies(e -> assertThat(((DeviceException) e).reason()).isEqualTo(DeviceException.Reason.HOST_KEY_MISMATCH))
                    .hasMessageNotContaining(d.password());
        }
    }
    private static AppSpec probeFrom(String packagePath) {
        return new AppSpec("probe", DesiredState.RUNNING, packagePath, new AppSpec.Resources(1, 1000, 256, 64),
                List.of("--cap-add=NET_ADMIN"), AppSpec.Network.management());
    }

    /**
     * A new package for a running app, on both releases: the pass is cut short after each of its
     * steps in turn (the steps before it ran, nothing else), and the next full pass finishes it.
     * Every lifecycle verb of the replacement reaches the device exactly once, and the app ends
     * RUNNING from the new package.
     */
    @Test
    void aNewPackageReplacesTheRunningAppAndAPassCutShortAnywhereIsFinishedWithoutRepeats() throws Exception {
        AppSpec v1 = probeFrom("usbflash0:probe-v1.tar");
        AppSpec v2 = probeFrom("usbflash0:probe-v2.tar");
        for (SimulatedDevice d : List.of(fleet.device(4), fleet.device(5))) {
            try (IosxeDriver driver = driver(d)) {
                reconcile(driver, List.of(v1), DevicePolicy.NONE);
                List<InstalledApp> before = driver.installedApps();
                assertThat(before).singleElement().satisfies(a -> assertThat(a.packagePath()).isEqualTo("usbflash0:probe-v1.tar"));
                List<Step> full = driver.plan(before, List.of(v2), DevicePolicy.NONE, false);
                assertThat(full).extracting(Step::kind).containsExactly(ReconcileStep.RECONCILE_STEP_STOP,
                        ReconcileStep.RECONCILE_STEP_DEACTIVATE, ReconcileStep.RECONCILE_STEP_UNINSTALL,
                        ReconcileStep.RECONCILE_STEP_INSTALL, ReconcileStep.RECONCILE_STEP_ACTIVATE,
                        ReconcileStep.RECONCILE_STEP_START);
                for (int cut = 0; cut < full.size(); cut++) {
                    reconcile(driver, List.of(v1), DevicePolicy.NONE); // back to v1 running
                    d.commandLog().clear();
                    List<Step> plan = driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false);
                    for (Step step : plan.subList(0, cut)) {
                        assertThat(driver.run(step).ok()).as("%s on %s", step, d.osVersion()).isTrue();
                    }
                    reconcile(driver, List.of(v2), DevicePolicy.NONE);
                    for (String verb : List.of("stop", "deactivate", "uninstall", "install", "activate", "start")) {
                        assertThat(linesStartingWith(d, "app-hosting " + verb + " appid probe"))
                                .as("%s after a pass cut after %d steps on %s", verb, cut, d.osVersion()).isEqualTo(1);
                    }
                    assertThat(d.commandLog().lines()).contains("app-hosting install appid probe package usbflash0:probe-v2.tar");
                    assertThat(d.iosxe().appHosting().find("probe").packagePath()).isEqualTo("usbflash0:probe-v2.tar");
                    assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
                    assertThat(driver.plan(driver.installedApps(), List.of(v2), DevicePolicy.NONE, false)).isEmpty();
                }
            }
        }
    }

    /** The device refuses the new package: the install step fails, and the old app is gone (not half there). */
    @Test
    void aReplacementWhoseInstallFailsReportsTheFailure() throws Exception {
        for (SimulatedDevice d : List.of(fleet.device(4), fleet.device(5))) {
            try (IosxeDriver driver = driver(d)) {
                reconcile(driver, List.of(probeFrom("usbflash0:probe-v1.tar")), DevicePolicy.NONE);
                d.faults().installFailure(true);
                StepResult failed = null;
                for (Step step : driver.plan(driver.installedApps(), List.of(probeFrom("usbflash0:probe-v3.tar")),
                        DevicePolicy.NONE, false)) {
                    StepResult r = driver.run(step);
                    if (!r.ok()) {
                        failed = r;
                        break;
                    }
                }
                assertThat(failed).as(d.osVersion()).isNotNull();
                assertThat(failed.step().kind()).isEqualTo(ReconcileStep.RECONCILE_STEP_INSTALL);
                assertThat(failed.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
                assertThat(stateOf(driver, "probe")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
                d.faults().installFailure(false);
                reconcile(driver, List.of(probeFrom("usbflash0:probe-v3.tar")), DevicePolicy.NONE);
                assertThat(d.iosxe().appHosting().find("probe").packagePath()).isEqualTo("usbflash0:probe-v3.tar");
            }
        }
    }
}
