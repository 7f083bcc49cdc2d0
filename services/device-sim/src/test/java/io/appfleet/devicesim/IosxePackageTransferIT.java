package io.appfleet.devicesim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.appfleet.devicesim.iosxe.Flash;
import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.iosxe.IosxeDriver;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;

/**
 * The IOS-XE driver installing from a package URL against simulated devices that really fetch
 * it over HTTP (a JDK HttpServer serving a generated file): copy, SHA-256 check, install,
 * activate, start; no second copy once the file is there; a wrong digest, a full disk and a
 * missing URL as typed step outcomes, and convergence once the cause is gone.
 */
class IosxePackageTransferIT {

    private static final String DEST = "usbflash0:probe.tar";
    private static Fleet fleet;
    private static SshClient client;
    private static PackageServer http;
    private static PackageServer.Package pkg;

    @BeforeAll
    static void start() throws IOException {
        fleet = Fleet.start(Fleet.Spec.iosxe(5, TestAddresses.base(), TestAddresses.port())
                .withOsVersions("16.12.5", "17.9.4").withInstallMs(300).withCredentials("netops", "Sim-Pass1"));
        client = SshClients.startShared();
        http = new PackageServer();
        pkg = http.add("/pkgs/probe.tar", 300_000, 42);
    }

    @AfterAll
    static void stop() throws IOException {
        http.close();
        client.stop();
        fleet.close();
    }

    @BeforeEach
    void stagedPackagesOnly() {
        fleet.devices().forEach(d -> {
            d.faults().clear();
            d.iosxe().requireStagedPackages(true);
        });
    }

    private static IosxeDriver driver(SimulatedDevice d) {
        DeviceTarget target = new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(),
                d.osVersion(), new DeviceTarget.Login(d.username(), d.password()), null)
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        return new IosxeDriver(target, client, Duration.ofSeconds(10), Duration.ofMillis(100));
    }

    private static AppSpec probe(DesiredState state, String url, String sha256) {
        return new AppSpec("probe", state, DEST, new AppSpec.Resources(1, 1000, 256, 64), List.of(),
                AppSpec.Network.management()).withPackageSource(new AppSpec.PackageSource(url, sha256, pkg.size()));
    }

    private static AppSpec probe(DesiredState state) {
        return probe(state, http.url(pkg.path()), pkg.sha256());
    }

    /** One pass as the adapter runs it: plan, then the steps in order until one fails. */
    private static List<StepResult> reconcile(IosxeDriver driver, AppSpec app) throws DeviceException {
        List<StepResult> results = new ArrayList<>();
        for (Step step : driver.plan(driver.installedApps(), List.of(app), DevicePolicy.NONE, false)) {
            StepResult r = driver.run(step);
            results.add(r);
            if (!r.ok()) {
                break;
            }
        }
        return results;
    }

    private static StepResult resultOf(List<StepResult> results, ReconcileStep kind) {
        return results.stream().filter(r -> r.step().kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " in " + results));
    }

    private static List<ReconcileStep> kinds(List<StepResult> results) {
        return results.stream().map(r -> r.step().kind()).toList();
    }

    private static ObservedAppState stateOf(IosxeDriver driver) throws DeviceException {
        return driver.installedApps().stream().filter(a -> a.appId().equals("probe")).map(InstalledApp::state)
                .findFirst().orElse(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
    }

    private static long linesStartingWith(SimulatedDevice d, String prefix) {
        return d.commandLog().lines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    private static boolean onFlash(SimulatedDevice d) {
        return d.iosxe().flash().file(Flash.Path.parse(DEST)).isPresent();
    }

    @Test
    void installsFromTheUrlOnBothReleasesAndNeverCopiesTwice() throws Exception {
        for (SimulatedDevice d : List.of(fleet.device(0), fleet.device(1))) {
            d.commandLog().clear();
            int getsBefore = http.gets(pkg.path());
            try (IosxeDriver driver = driver(d)) {
                List<StepResult> first = reconcile(driver, probe(DesiredState.RUNNING));
                assertThat(first).allSatisfy(r -> assertThat(r.ok()).as("%s: %s", r.step(), r.message()).isTrue());
                assertThat(kinds(first)).containsSubsequence(ReconcileStep.RECONCILE_STEP_COPY_PACKAGE,
                        ReconcileStep.RECONCILE_STEP_VERIFY_PACKAGE, ReconcileStep.RECONCILE_STEP_INSTALL,
                        ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
                StepResult copy = resultOf(first, ReconcileStep.RECONCILE_STEP_COPY_PACKAGE);
                assertThat(copy.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
                assertThat(copy.message()).isEqualTo("copied 300000 bytes to " + DEST);
                assertThat(copy.deviceOutput()).contains("Destination filename [probe.tar]?", "300000 bytes copied in");
                assertThat(resultOf(first, ReconcileStep.RECONCILE_STEP_VERIFY_PACKAGE).outcome())
                        .isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
                assertThat(stateOf(driver)).as(d.osVersion()).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
                assertThat(d.iosxe().flash().file(Flash.Path.parse(DEST)).orElseThrow().sha256()).isEqualTo(pkg.sha256());
                assertThat(http.gets(pkg.path())).isEqualTo(getsBefore + 1);

                // Converged: nothing planned.
                assertThat(driver.plan(driver.installedApps(), List.of(probe(DesiredState.RUNNING)), DevicePolicy.NONE,
                        false)).isEmpty();
                // A replay of the copy finds the file with the right digest and does not copy.
                StepResult replay = driver.run(first.get(0).step());
                assertThat(replay.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
                // Removed and wanted again: the file is still there, so install without a copy.
                assertThat(reconcile(driver, probe(DesiredState.ABSENT))).allMatch(StepResult::ok);
                List<StepResult> again = reconcile(driver, probe(DesiredState.RUNNING));
                assertThat(again).allMatch(StepResult::ok);
                assertThat(resultOf(again, ReconcileStep.RECONCILE_STEP_COPY_PACKAGE).outcome())
                        .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
                assertThat(stateOf(driver)).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);

                assertThat(linesStartingWith(d, "copy ")).isEqualTo(1);
                assertThat(http.gets(pkg.path())).isEqualTo(getsBefore + 1);
                assertThat(linesStartingWith(d, "verify /sha256 " + DEST)).isEqualTo(5);
                reconcile(driver, probe(DesiredState.ABSENT));
            }
        }
    }

    @Test
    void aWrongDigestIsRefusedTheFileDeletedAndTheRightOneConverges() throws Exception {
        SimulatedDevice d = fleet.device(2);
        String wrong = "0".repeat(64);
        try (IosxeDriver driver = driver(d)) {
            List<StepResult> results = reconcile(driver, probe(DesiredState.RUNNING, http.url(pkg.path()), wrong));
            StepResult verify = results.get(results.size() - 1);
            assertThat(verify.step().kind()).isEqualTo(ReconcileStep.RECONCILE_STEP_VERIFY_PACKAGE);
            assertThat(verify.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(verify.message()).isEqualTo("sha256 mismatch for " + DEST + ": expected " + wrong
                    + ", device has " + pkg.sha256() + "; the file was deleted");
            assertThat(verify.deviceOutput()).contains("delete /force " + DEST);
            assertThat(onFlash(d)).isFalse();
            assertThat(linesStartingWith(d, "app-hosting install")).isZero();
            assertThat(linesStartingWith(d, "app-hosting appid")).isZero();
            assertThat(stateOf(driver)).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_ABSENT);

            assertThat(reconcile(driver, probe(DesiredState.RUNNING))).allMatch(StepResult::ok);
            assertThat(stateOf(driver)).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(linesStartingWith(d, "copy ")).isEqualTo(2);
        }
    }

    @Test
    void aFullDiskIsATypedFailureAndFreeingSpaceConverges() throws Exception {
        SimulatedDevice d = fleet.device(3);
        d.storageFreeBytes(100_000);
        try (IosxeDriver driver = driver(d)) {
            List<StepResult> results = reconcile(driver, probe(DesiredState.RUNNING));
            assertThat(kinds(results)).containsExactly(ReconcileStep.RECONCILE_STEP_COPY_PACKAGE);
            StepResult copy = results.get(0);
            assertThat(copy.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(copy.message()).isEqualTo("no space for " + DEST + " on " + d.hostname() + ": %Error copying "
                    + http.url(pkg.path()) + " (No space left on device)");
            assertThat(onFlash(d)).isFalse();
            assertThat(d.iosxe().flash().freeBytes("usbflash0")).isEqualTo(100_000);

            d.storageFreeBytes(4L << 30);
            assertThat(reconcile(driver, probe(DesiredState.RUNNING))).allMatch(StepResult::ok);
            assertThat(stateOf(driver)).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(onFlash(d)).isTrue();
        }
    }

    @Test
    void aMissingUrlIsATypedFailureWithTheDeviceText() throws Exception {
        SimulatedDevice d = fleet.device(4);
        try (IosxeDriver driver = driver(d)) {
            String url = http.url("/pkgs/missing.tar");
            List<StepResult> results = reconcile(driver, probe(DesiredState.RUNNING, url, pkg.sha256()));
            assertThat(kinds(results)).containsExactly(ReconcileStep.RECONCILE_STEP_COPY_PACKAGE);
            assertThat(results.get(0).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(results.get(0).message()).isEqualTo("the device cannot fetch the package: %Error opening "
                    + url + " (No such file or directory)");
            assertThat(onFlash(d)).isFalse();

            // Without a source, an install of a file that was never copied is the device's refusal, not a crash.
            AppSpec staged = new AppSpec("probe", DesiredState.RUNNING, DEST, new AppSpec.Resources(1, 1000, 256, 64),
                    List.of(), AppSpec.Network.management());
            StepResult install = resultOf(reconcile(driver, staged), ReconcileStep.RECONCILE_STEP_INSTALL);
            assertThat(install.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(install.message()).contains("does not exist");
        }
    }
}
