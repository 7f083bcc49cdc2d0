package io.appfleet.adapter.reconcile;

import io.appfleet.adapter.FakeDriver;
import io.appfleet.adapter.Published;
import io.appfleet.adapter.fleet.DeviceEntry;
import io.appfleet.adapter.fleet.FleetView;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.HostingStatus;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.AppNetwork;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.NetworkMode;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.appfleet.adapter.reconcile.PassOutcome.Next;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One pass over one device, with the adapter's real view, sessions, breakers, publisher and
 * metrics, and a fake driver in place of the device.
 */
class DevicePassTest {

    private static final String ID = "dev-1";

    private final FakeDriver driver = new FakeDriver();
    private final FleetView view = new FleetView();
    private final DeviceSessions sessions = new DeviceSessions((d, pin) -> driver, new LoginGate(64));
    private final CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofMinutes(1), Duration.ofMinutes(5));
    private final Published published = new Published();
    private final DevicePass pass = new DevicePass(view, sessions, breakers, published.publisher(),
            new ReconcileMetrics(new SimpleMeterRegistry()), "unit-test");
    private final DeviceMemory memory = new DeviceMemory();

    @Test
    void aMissingAppIsStartedAndTheDeviceReportedSyncedAndHealthy() {
        PassOutcome out = run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, app("iperf")));

        assertThat(out.next()).isEqualTo(Next.RESYNC);
        assertThat(driver.state("iperf")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
        ObservedDeviceState o = published.lastObserved();
        assertThat(o.getReachability()).isEqualTo(Reachability.REACHABILITY_REACHABLE);
        assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_SYNCED);
        assertThat(o.getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_HEALTHY);
        assertThat(o.getObservedDesiredGeneration()).isEqualTo(1);
        assertThat(o.getHostKeyFingerprint()).as("trusted on first use").isEqualTo("SHA256:fake-key");
        assertThat(published.events()).singleElement().satisfies(e -> {
            assertThat(e.getStep()).isEqualTo(ReconcileStep.RECONCILE_STEP_START);
            assertThat(e.getOutcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(e.getAttempt()).isEqualTo(1);
            assertThat(e.getTrigger()).isEqualTo(ReconcileTrigger.RECONCILE_TRIGGER_DESIRED_CHANGED);
        });
    }

    @Test
    void aDeviceInMaintenanceIsReadAndReportedButNotChanged() {
        driver.with("iperf", ObservedAppState.OBSERVED_APP_STATE_STOPPED);
        PassOutcome out = run(device(AdminState.ADMIN_STATE_MAINTENANCE), desired(1, app("iperf"), app("probe")));

        assertThat(out.next()).isEqualTo(Next.RESYNC);
        assertThat(driver.ran).isEmpty();
        assertThat(published.events()).isEmpty();
        ObservedDeviceState o = published.lastObserved();
        assertThat(o.getReachability()).isEqualTo(Reachability.REACHABILITY_REACHABLE);
        assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        assertThat(o.getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_DEGRADED);
        assertThat(app(o, "iperf").getMessage()).isEqualTo("stopped out of band");
        assertThat(app(o, "probe").getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_MISSING);
    }

    @Test
    void anUnreachableDeviceIsReportedUnknownAndRetriedUntilItsBreakerOpens() {
        driver.onConnect = () -> {
            throw new DeviceException(DeviceException.Reason.UNREACHABLE, "connection refused");
        };
        Device d = device(AdminState.ADMIN_STATE_MANAGED);
        DesiredDeviceState want = desired(1, app("iperf"));
        for (int i = 0; i < 3; i++) {
            assertThat(run(d, want).next()).isEqualTo(Next.RETRY);
        }
        ObservedDeviceState o = published.lastObserved();
        assertThat(o.getReachability()).isEqualTo(Reachability.REACHABILITY_UNREACHABLE);
        assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_UNKNOWN);
        assertThat(o.getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_UNKNOWN);
        assertThat(o.getLastError().getCode()).isEqualTo("DEVICE_UNREACHABLE");
        assertThat(o.getLastError().getRetryable()).isTrue();
        assertThat(o.hasLastReachableAt()).isFalse();
        assertThat(published.events()).hasSize(3).allSatisfy(e -> {
            assertThat(e.getStep()).isEqualTo(ReconcileStep.RECONCILE_STEP_CONNECT);
            assertThat(e.getOutcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
        });
        assertThat(published.events()).extracting(ReconcileEvent::getAttempt).containsExactly(1, 2, 3);
        assertThat(driver.closes.get()).as("a broken session is closed").isEqualTo(3);

        assertThat(breakers.isOpen(ID)).isTrue();
        int dialled = driver.connects.get();
        PassOutcome waiting = run(d, want);
        assertThat(waiting.next()).isEqualTo(Next.WAIT);
        assertThat(waiting.delay()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(1));
        assertThat(driver.connects.get()).as("an open breaker is not dialled").isEqualTo(dialled);
    }

    @Test
    void aRefusedLoginParksTheDeviceWithoutTouchingTheBreaker() {
        driver.onConnect = () -> {
            throw new DeviceException(DeviceException.Reason.AUTH_FAILED, "login refused");
        };
        assertThat(run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, app("iperf"))).next()).isEqualTo(Next.PARK);
        assertThat(published.lastObserved().getReachability()).isEqualTo(Reachability.REACHABILITY_AUTH_FAILED);
        assertThat(breakers.failure(ID)).as("first counted failure").isFalse();
        assertThat(breakers.failure(ID)).as("second counted failure (a third would open it)").isFalse();
    }

    @Test
    void aReadThatTimesOutMidPassIsOnRecordAndRetried() {
        driver.onRead = () -> {
            throw new DeviceException(DeviceException.Reason.TIMEOUT, "no prompt within 5s");
        };
        assertThat(run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, app("iperf"))).next()).isEqualTo(Next.RETRY);
        assertThat(driver.ran).isEmpty();
        assertThat(published.events()).singleElement().satisfies(e -> {
            assertThat(e.getStep()).isEqualTo(ReconcileStep.RECONCILE_STEP_READ_STATE);
            assertThat(e.getOutcome()).isEqualTo(StepOutcome.STEP_OUTCOME_TIMED_OUT);
            assertThat(e.getError().getCode()).isEqualTo("TIMEOUT");
        });
        assertThat(published.lastObserved().getLastError().getCode()).isEqualTo("TIMEOUT");
        assertThat(driver.closes.get()).as("the session is closed").isEqualTo(1);
    }

    @Test
    void anInvalidAppIsReportedOncePerGenerationAndNotRetriedWhileTheOthersConverge() {
        DesiredApp hostOnIosxe = app("bad").toBuilder().setNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_HOST)).build();
        Device d = device(AdminState.ADMIN_STATE_MANAGED);
        DesiredDeviceState want = desired(4, app("iperf"), hostOnIosxe);

        PassOutcome first = run(d, want);
        assertThat(first.next()).as("nothing a retry could fix").isEqualTo(Next.RESYNC);
        assertThat(driver.state("iperf")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
        assertThat(driver.state("bad")).isNull();
        ObservedDeviceState o = published.lastObserved();
        assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        assertThat(o.getLastError().getCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(o.getLastError().getRetryable()).isFalse();
        assertThat(o.getLastError().getMessage()).contains("bad", "HOST", "IOS-XE");
        ObservedApp bad = app(o, "bad");
        assertThat(bad.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        assertThat(bad.getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_DEGRADED);
        assertThat(bad.getLastError().getCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(app(o, "iperf").getSync()).isEqualTo(SyncStatus.SYNC_STATUS_SYNCED);
        assertThat(refusals("bad")).hasSize(1);

        run(d, want);
        assertThat(refusals("bad")).as("the same generation is not reported again").hasSize(1);
        run(d, want.toBuilder().setGeneration(5).build());
        assertThat(refusals("bad")).as("a new generation that still has it is").hasSize(2);
    }

    @Test
    void anAppTheDriverRefusesIsReportedLikeAnyInvalidApp() {
        driver.invalidApps.add("odd");
        PassOutcome out = run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, app("iperf"), app("odd")));
        assertThat(out.next()).isEqualTo(Next.RESYNC);
        ObservedApp odd = app(published.lastObserved(), "odd");
        assertThat(odd.getLastError().getCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(odd.getLastError().getMessage()).isEqualTo("app odd is not valid for this device");
        assertThat(odd.getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_DEGRADED);
        assertThat(refusals("odd")).hasSize(1);
    }

    @Test
    void credentialsInAPackageUrlNeverLeaveTheAdapter() {
        String url = "https://deploy:s3cr3t@repo.example/img.tar?token=t0k3n";
        Device infix = device(AdminState.ADMIN_STATE_MANAGED).toBuilder().setPlatform(Platform.PLATFORM_INFIX).build();
        DesiredApp web = app("web").toBuilder().setPackage(AppPackage.newBuilder().setUrl(url)).build();
        DesiredApp api = app("api").toBuilder().setPackage(AppPackage.newBuilder().setUrl(url.replace("img", "api"))).build();
        driver.failingApps.add("api");

        run(infix, desired(1, web, api));

        assertThat(published.events()).extracting(ReconcileEvent::getAppId).contains("web", "api");
        assertThat(published.events()).allSatisfy(e -> {
            assertThat(e.getCommand()).contains("repo.example").doesNotContain("s3cr3t", "t0k3n");
            assertThat(e.getDeviceOutput()).doesNotContain("s3cr3t", "t0k3n");
            assertThat(e.getError().getMessage()).doesNotContain("s3cr3t", "t0k3n");
        });
        ObservedDeviceState o = published.lastObserved();
        assertThat(o.getLastError().getMessage()).contains("unrecognised reply").doesNotContain("s3cr3t", "t0k3n");
        assertThat(app(o, "api").getLastError().getMessage()).doesNotContain("s3cr3t", "t0k3n");
    }

    @Test
    void hostingDownIsDegradedAndRetriedWithoutSteps() {
        driver.hosting = new HostingStatus(false, "IOx service (CAF): Not Running");
        PassOutcome out = run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, app("iperf")));
        assertThat(out.next()).isEqualTo(Next.RETRY);
        assertThat(driver.ran).isEmpty();
        ObservedDeviceState o = published.lastObserved();
        assertThat(o.getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_DEGRADED);
        assertThat(o.getLastError().getCode()).isEqualTo("HOSTING_UNAVAILABLE");
        assertThat(o.getHosting().getAvailable()).isFalse();
    }

    @Test
    void desiredStateForADeviceInventoryDoesNotKnowIsReportedAndParked() {
        PassOutcome out = pass.run(new DeviceEntry(null, desired(2, app("iperf")), java.util.Set.of()),
                ReconcileTrigger.RECONCILE_TRIGGER_DESIRED_CHANGED, memory);
        assertThat(out.next()).isEqualTo(Next.PARK);
        ObservedDeviceState o = published.lastObserved();
        assertThat(o.getDeviceId()).isEqualTo(ID);
        assertThat(o.getReachability()).isEqualTo(Reachability.REACHABILITY_UNKNOWN);
        assertThat(o.getLastError().getCode()).isEqualTo("UNKNOWN_DEVICE");
        assertThat(o.getObservedDesiredGeneration()).isEqualTo(2);
    }

    @Test
    void aDeviceDeletedFromInventoryHasItsSessionClosed() {
        run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, app("iperf")));
        assertThat(sessions.heldIds()).containsExactly(ID);

        pass.run(new DeviceEntry(null, desired(1, app("iperf")), java.util.Set.of("iperf")),
                ReconcileTrigger.RECONCILE_TRIGGER_INVENTORY_CHANGED, memory);
        assertThat(sessions.heldIds()).isEmpty();
        assertThat(driver.closes.get()).isEqualTo(1);
    }

    @Test
    void aDecommissionedDeviceIsDroppedAndItsObservedRecordDeleted() {
        run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, app("iperf")));
        PassOutcome out = run(device(AdminState.ADMIN_STATE_DECOMMISSIONED), desired(1, app("iperf")));
        assertThat(out.next()).isEqualTo(Next.DROP);
        assertThat(published.observedDeleted()).containsExactly(ID);
        assertThat(sessions.heldIds()).isEmpty();
    }

    private static DesiredApp packaged(String sha, String digest) {
        return app("iperf").toBuilder().setPackage(AppPackage.newBuilder().setUrl("https://repo.example/iperf.tar")
                .setSha256(sha)).setConfigDigest(digest).build();
    }

    private List<ReconcileStep> stepsOf(long generation) {
        return published.events().stream().filter(e -> e.getDesiredGeneration() == generation).map(ReconcileEvent::getStep).toList();
    }

    private boolean lastPlanReplaces(String appId) {
        List<io.appfleet.drivers.AppSpec> last = driver.planned.get(driver.planned.size() - 1);
        return last.stream().filter(a -> a.appId().equals(appId)).findFirst().orElseThrow().replacePackage();
    }

    /**
     * Same URL, new sha256: the device shows the same file, so only the adapter knows the app runs
     * the old content. The planner is asked to replace it; once replaced, it is not asked again.
     */
    @Test
    void newContentBehindTheSameFileNameIsReplacedNotTakenAsApplied() {
        driver.installs = true;
        Device d = device(AdminState.ADMIN_STATE_MANAGED);
        run(d, desired(1, packaged("a".repeat(64), "d1")));
        assertThat(stepsOf(1)).containsExactly(ReconcileStep.RECONCILE_STEP_INSTALL, ReconcileStep.RECONCILE_STEP_START);
        assertThat(app(published.lastObserved(), "iperf").getAppliedConfigDigest()).isEqualTo("d1");

        run(d, desired(2, packaged("c".repeat(64), "d2")));
        assertThat(lastPlanReplaces("iperf")).isTrue();
        assertThat(stepsOf(2)).containsExactly(ReconcileStep.RECONCILE_STEP_UNINSTALL, ReconcileStep.RECONCILE_STEP_INSTALL,
                ReconcileStep.RECONCILE_STEP_START);
        ObservedApp o = app(published.lastObserved(), "iperf");
        assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_SYNCED);
        assertThat(o.getAppliedConfigDigest()).isEqualTo("d2");

        run(d, desired(2, packaged("c".repeat(64), "d2")));
        assertThat(lastPlanReplaces("iperf")).as("replaced: nothing left to replace").isFalse();
        assertThat(stepsOf(2)).hasSize(3);
    }

    /**
     * A restart, or the device handed to another instance: the new owner's memory starts from the
     * last observation, so new content behind the same file name is still replaced, and the
     * applied digest and the state's start carry over.
     */
    @Test
    void aNewOwnerRecallsTheInstalledPackageFromTheLastObservation() {
        driver.installs = true;
        Device d = device(AdminState.ADMIN_STATE_MANAGED);
        run(d, desired(1, packaged("a".repeat(64), "d1")));
        ObservedDeviceState before = published.lastObserved();
        assertThat(app(before, "iperf").getInstalledPackageSha256()).isEqualTo("a".repeat(64));

        FleetView nextOwner = new FleetView();
        nextOwner.putDevice(ID, d);
        nextOwner.putObserved(ID, before);
        DeviceEntry recalled = nextOwner.get(ID).orElseThrow();
        DeviceMemory fresh = DeviceMemory.recalled(recalled.recalled());

        pass.run(recalled.withDesired(desired(1, packaged("a".repeat(64), "d1"))),
                ReconcileTrigger.RECONCILE_TRIGGER_RESYNC, fresh);
        ObservedApp same = app(published.lastObserved(), "iperf");
        assertThat(same.getStateSince()).as("running since before the handover").isEqualTo(app(before, "iperf").getStateSince());
        assertThat(same.getAppliedConfigDigest()).isEqualTo("d1");

        pass.run(recalled.withDesired(desired(2, packaged("c".repeat(64), "d2"))),
                ReconcileTrigger.RECONCILE_TRIGGER_DESIRED_CHANGED, fresh);
        assertThat(lastPlanReplaces("iperf")).isTrue();
        assertThat(stepsOf(2)).containsExactly(ReconcileStep.RECONCILE_STEP_UNINSTALL, ReconcileStep.RECONCILE_STEP_INSTALL,
                ReconcileStep.RECONCILE_STEP_START);
        ObservedApp replaced = app(published.lastObserved(), "iperf");
        assertThat(replaced.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_SYNCED);
        assertThat(replaced.getInstalledPackageSha256()).isEqualTo("c".repeat(64));
    }

    /** The new package's install fails: not in sync, the old digest stays, and the next pass installs, not re-uninstalls. */
    @Test
    void aReplacementWhoseInstallFailsIsNeverSynced() {
        driver.installs = true;
        Device d = device(AdminState.ADMIN_STATE_MANAGED);
        run(d, desired(1, packaged("a".repeat(64), "d1")));
        driver.failingSteps.add(ReconcileStep.RECONCILE_STEP_INSTALL);

        assertThat(run(d, desired(2, packaged("c".repeat(64), "d2"))).next()).isEqualTo(Next.RETRY);
        ObservedApp failed = app(published.lastObserved(), "iperf");
        assertThat(failed.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        assertThat(failed.getState()).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
        assertThat(failed.getAppliedConfigDigest()).isEqualTo("d1");
        assertThat(failed.getLastError().getCode()).isEqualTo("COMMAND_REJECTED");
        assertThat(failed.getLastError().getRetryable()).isFalse();
        assertThat(published.lastObserved().getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);

        run(d, desired(2, packaged("c".repeat(64), "d2")));
        assertThat(lastPlanReplaces("iperf")).as("uninstalled: nothing of the old package is left").isFalse();
        assertThat(stepsOf(2)).containsExactly(ReconcileStep.RECONCILE_STEP_UNINSTALL, ReconcileStep.RECONCILE_STEP_INSTALL,
                ReconcileStep.RECONCILE_STEP_INSTALL);
        assertThat(app(published.lastObserved(), "iperf").getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);

        driver.failingSteps.clear();
        run(d, desired(2, packaged("c".repeat(64), "d2")));
        ObservedApp done = app(published.lastObserved(), "iperf");
        assertThat(done.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_SYNCED);
        assertThat(done.getAppliedConfigDigest()).isEqualTo("d2");
    }

    /** A pass with nothing planned for an app (its state is one the planner leaves alone) applies nothing to it. */
    @Test
    void aDigestIsNotAppliedToAnAppNoStepMadeAsDesired() {
        driver.installs = true;
        driver.with("iperf", ObservedAppState.OBSERVED_APP_STATE_ERROR);
        assertThat(run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, packaged("a".repeat(64), "d1"))).next())
                .isEqualTo(Next.RESYNC);
        assertThat(driver.ran).isEmpty();
        ObservedApp o = app(published.lastObserved(), "iperf");
        assertThat(o.getAppliedConfigDigest()).isEmpty();
        assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        assertThat(memory.installedPackage("iperf")).isEmpty();

        // Found as desired (after a restart, say): the device is taken at its word.
        driver.with("iperf", ObservedAppState.OBSERVED_APP_STATE_RUNNING);
        run(device(AdminState.ADMIN_STATE_MANAGED), desired(1, packaged("a".repeat(64), "d1")));
        assertThat(app(published.lastObserved(), "iperf").getAppliedConfigDigest()).isEqualTo("d1");
        assertThat(memory.installedPackage("iperf")).isEqualTo("a".repeat(64));
    }

    private PassOutcome run(Device d, DesiredDeviceState want) {
        DeviceEntry entry = new DeviceEntry(d, want, want.getAppsList().stream().map(DesiredApp::getAppId)
                .collect(java.util.stream.Collectors.toSet()));
        return pass.run(entry, ReconcileTrigger.RECONCILE_TRIGGER_DESIRED_CHANGED, memory);
    }

    private List<ReconcileEvent> refusals(String appId) {
        return published.events().stream().filter(e -> e.getAppId().equals(appId)
                && e.getOutcome() == StepOutcome.STEP_OUTCOME_REFUSED).toList();
    }

    private static ObservedApp app(ObservedDeviceState o, String id) {
        return o.getAppsList().stream().filter(a -> a.getAppId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError(id + " not in " + o.getAppsList()));
    }

    private static Device device(AdminState state) {
        return Device.newBuilder().setId(ID).setPlatform(Platform.PLATFORM_IOSXE).setHost("10.0.0.1").setGeneration(1)
                .setAdminState(state).build();
    }

    private static DesiredApp app(String id) {
        return DesiredApp.newBuilder().setAppId(id).setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                .setPackage(AppPackage.newBuilder().setUrl("https://repo.example/" + id + ".tar").setSha256("b".repeat(64))).build();
    }

    private static DesiredDeviceState desired(long generation, DesiredApp... apps) {
        return DesiredDeviceState.newBuilder().setDeviceId(ID).setGeneration(generation).addAllApps(List.of(apps)).build();
    }
}
