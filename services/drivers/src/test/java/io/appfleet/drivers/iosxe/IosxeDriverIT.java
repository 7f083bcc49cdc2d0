package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.DeviceTarget.Login;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.ssh.ScriptedShellServer;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The driver over a real SSH session to a scripted peer; the full simulator test is the lead's IT. */
class IosxeDriverIT {

    private static final String PASSWORD = "Dr1ver-pa55";
    private static SshClient client;
    private ScriptedShellServer peer;
    private MiniIosxe device;
    private IosxeDriver driver;

    @BeforeAll
    static void startClient() {
        client = SshClients.startShared();
    }

    @AfterAll
    static void stopClient() {
        client.stop();
    }

    @BeforeEach
    void start() throws Exception {
        peer = new ScriptedShellServer("admin", PASSWORD);
        device = new MiniIosxe();
        peer.responder = device;
        DeviceTarget target = new DeviceTarget("sw1", "127.0.0.1", peer.port(), "17.15.4", new Login("admin", PASSWORD), null,
                Duration.ofSeconds(3), Duration.ofSeconds(5));
        driver = new IosxeDriver(target, client, Duration.ofSeconds(5), Duration.ofMillis(10));
    }

    @AfterEach
    void stop() throws Exception {
        driver.close();
        peer.close();
    }

    static AppSpec iperf(DesiredState state) {
        return new AppSpec("iperf", state, "usbflash0:iperf.tar", new AppSpec.Resources(1, 400, 256, 128),
                List.of("--cap-add=NET_ADMIN"), AppSpec.Network.management());
    }

    private List<StepResult> reconcile(List<AppSpec> desired, DevicePolicy policy, boolean prune) throws Exception {
        List<Step> steps = driver.plan(driver.installedApps(), desired, policy, prune);
        List<StepResult> results = new java.util.ArrayList<>();
        for (Step s : steps) {
            results.add(driver.run(s));
        }
        return results;
    }

    @Test
    void bringsAnAbsentAppToRunningThroughTheAsyncInstallAndBackToAbsent() throws Exception {
        List<StepResult> up = reconcile(List.of(iperf(DesiredState.RUNNING)), DevicePolicy.NONE, false);
        assertThat(up).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_CONFIGURE,
                ReconcileStep.RECONCILE_STEP_INSTALL, ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
        assertThat(up).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED));
        assertThat(driver.installedApps()).containsExactly(new InstalledApp("iperf", ObservedAppState.OBSERVED_APP_STATE_RUNNING, "RUNNING"));
        assertThat(driver.hostKeyFingerprint()).startsWith("SHA256:");
        assertThat(peer.received).contains("configure terminal", "app-hosting appid iperf", "run-opts 1 \"--cap-add=NET_ADMIN\"",
                "app-hosting install appid iperf package usbflash0:iperf.tar", "end");
        assertThat(up.get(1).deviceOutput()).contains("Installing package").contains("INSTALLING").contains("DEPLOYED");

        // Converged: nothing more to do.
        assertThat(reconcile(List.of(iperf(DesiredState.RUNNING)), DevicePolicy.NONE, false)).isEmpty();

        List<StepResult> down = reconcile(List.of(iperf(DesiredState.ABSENT)), DevicePolicy.NONE, false);
        assertThat(down).extracting(r -> r.step().kind()).containsExactly(ReconcileStep.RECONCILE_STEP_STOP,
                ReconcileStep.RECONCILE_STEP_DEACTIVATE, ReconcileStep.RECONCILE_STEP_UNINSTALL, ReconcileStep.RECONCILE_STEP_UNCONFIGURE);
        assertThat(down).allSatisfy(r -> assertThat(r.outcome()).as(r.message()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED));
        assertThat(driver.installedApps()).isEmpty();
        assertThat(peer.received).contains("no app-hosting appid iperf");
    }

    @Test
    void replayedStepsAreSkippedNotRepeated() throws Exception {
        device.apps.put("iperf", "RUNNING");
        AppSpec spec = iperf(DesiredState.RUNNING);
        assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_INSTALL, "iperf", "", spec)).outcome())
                .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        assertThat(peer.received).noneMatch(l -> l.startsWith("app-hosting install"));
        assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_START, "iperf", "")).outcome())
                .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_ACTIVATE, "iperf", "")).outcome())
                .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        StepResult deactivate = driver.run(new Step(ReconcileStep.RECONCILE_STEP_DEACTIVATE, "iperf", ""));
        assertThat(deactivate.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
        assertThat(deactivate.message()).contains("RUNNING");
        assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_STOP, "ghost", "")).outcome())
                .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_UNINSTALL, "ghost", "")).outcome())
                .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
        assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_START, "ghost", "")).outcome())
                .isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
    }

    @Test
    void refusedConfigurationFailsTheStepAndLeavesConfigMode() throws Exception {
        device.refuseConfig = "app-resource profile custom";
        StepResult r = driver.run(new Step(ReconcileStep.RECONCILE_STEP_CONFIGURE, "iperf", "", iperf(DesiredState.RUNNING)));
        assertThat(r.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
        assertThat(r.message()).contains("app-resource profile custom").contains("Invalid input");
        assertThat(peer.received.get(peer.received.size() - 1)).isEqualTo("end");
    }

    @Test
    void invalidInputIsRefusedWithoutTouchingTheDevice() throws Exception {
        StepResult r = driver.run(new Step(ReconcileStep.RECONCILE_STEP_STOP, "bad;reload", ""));
        assertThat(r.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_REFUSED);
        assertThat(r.message()).startsWith("appId ");
        assertThat(peer.received).isEmpty();
    }

    @Test
    void readsHostingStatusUsageAndCppAndDisablesTheSysDataPolicer() throws Exception {
        assertThat(driver.hostingStatus().up()).isTrue();
        AppUsage u = driver.appUsage("thousand_eyes");
        assertThat(u.cpuAllocationUnits()).isEqualTo(7400L);
        assertThat(u.memoryUsedKb()).isEqualTo(63616L);

        CpuPolicerCounters cpp = driver.cpuPolicerCounters();
        assertThat(cpp.location()).as("as in the command the driver ran").isEqualTo("active");
        assertThat(peer.received).contains("show platform hardware fed active qos queue stats internal cpu policer");
        CpuPolicerCounters.ClassCounters sysData = cpp.byClass("system-cpp-police-sys-data").orElseThrow();
        assertThat(sysData.enabled()).isTrue();
        assertThat(sysData.policerIndex()).isEqualTo(10);
        assertThat(sysData.setRate()).isEqualTo(250);

        DevicePolicy policy = new DevicePolicy(Map.of("system-cpp-police-sys-data", false));
        List<StepResult> results = reconcile(List.of(), policy, false);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.step().kind()).isEqualTo(ReconcileStep.RECONCILE_STEP_CONFIGURE_CPP);
            assertThat(r.outcome()).as(r.message()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
        });
        assertThat(peer.received).containsSubsequence("configure terminal", "policy-map system-cpp-policy",
                "class system-cpp-police-sys-data", "no police rate 250 pps", "end");
        assertThat(driver.cpuPolicerCounters().byClass("system-cpp-police-sys-data").orElseThrow().enabled()).isFalse();
        assertThat(reconcile(List.of(), policy, false)).isEmpty();
    }

    @Test
    void reconnectsAfterTheSessionDrops() throws Exception {
        peer.dropOn = "show app-hosting list";
        org.assertj.core.api.Assertions.assertThatThrownBy(driver::installedApps)
                .isInstanceOf(io.appfleet.drivers.DeviceException.class);
        peer.dropOn = null;
        assertThat(driver.installedApps()).isEmpty();
    }

    @Test
    void aKeyTrustedOnFirstUseStaysPinnedAcrossReconnects() throws Exception {
        driver.connect();
        String first = driver.hostKeyFingerprint();
        driver.close();
        peer.changeHostKey();
        io.appfleet.drivers.DeviceException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                io.appfleet.drivers.DeviceException.class, driver::installedApps);
        assertThat(e.reason()).isEqualTo(io.appfleet.drivers.DeviceException.Reason.HOST_KEY_MISMATCH);
        assertThat(e.getMessage()).contains(first);
    }
}
