package io.appfleet.adapter.telemetry;

import io.appfleet.adapter.FakeDriver;
import io.appfleet.adapter.Published;
import io.appfleet.adapter.fleet.FleetView;
import io.appfleet.adapter.queue.Backoff;
import io.appfleet.adapter.queue.RateLimiter;
import io.appfleet.adapter.queue.WorkQueue;
import io.appfleet.adapter.reconcile.CircuitBreakers;
import io.appfleet.adapter.reconcile.DeviceSessions;
import io.appfleet.adapter.reconcile.LoginGate;
import io.appfleet.adapter.reconcile.ReconcileMetrics;
import io.appfleet.adapter.reconcile.Reconciler;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.GuestAgent;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class TelemetryPollerTest {

    private static final String PIN = "SHA256:pinned-in-inventory";
    private static final CpuPolicerCounters CPP = new CpuPolicerCounters("active", List.of(
            new CpuPolicerCounters.ClassCounters("system-cpp-police-sys-data", 10, true, 100, 250, 4096, 32L),
            new CpuPolicerCounters.ClassCounters("system-cpp-police-forus", 3, false, 4000, 0, 0, null)));

    private final FleetView view = new FleetView();
    private final Map<String, FakeDriver> drivers = new ConcurrentHashMap<>();
    /** Every driver built, reconciler's and telemetry's alike, in order. */
    private final List<FakeDriver> built = new CopyOnWriteArrayList<>();
    private final DeviceSessions.Factory factory = (d, pin) -> {
        FakeDriver f = drivers.computeIfAbsent(d.getId(), k -> new FakeDriver());
        built.add(f);
        return f;
    };
    private final LoginGate logins = new LoginGate(8);
    private final DeviceSessions reconcileSessions = new DeviceSessions(factory, logins);
    private final DeviceSessions telemetrySessions = reconcileSessions.sibling();
    private final CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofMinutes(1), Duration.ofMinutes(5));
    private final Published published = new Published();
    private TelemetryPoller poller;
    private Reconciler reconciler;

    @AfterEach
    void stop() {
        if (poller != null) {
            poller.close();
        }
        if (reconciler != null) {
            reconciler.close();
        }
    }

    @Test
    void everyRoundPollsEachOwnedDeviceForItsRunningAppsAndCppCounters() {
        driver("sw1").with("iperf", ObservedAppState.OBSERVED_APP_STATE_RUNNING)
                .with("parked", ObservedAppState.OBSERVED_APP_STATE_STOPPED).cpp = CPP;
        driver("sw2").with("probe", ObservedAppState.OBSERVED_APP_STATE_RUNNING);
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        view.putDevice("sw2", device("sw2", Platform.PLATFORM_INFIX));

        start(Duration.ofMillis(50), 4);
        await(() -> drivers.get("sw1").reads.get() >= 3 && drivers.get("sw2").reads.get() >= 3);

        List<TelemetrySample> samples = published.telemetry();
        assertThat(samples).allSatisfy(s -> assertThat(s.getCollectedBy()).isEqualTo("unit-test"));
        assertThat(samples).filteredOn(TelemetrySample::hasAppUtilization)
                .extracting(s -> s.getDeviceId() + "/" + s.getAppUtilization().getAppId())
                .contains("sw1/iperf", "sw2/probe").doesNotContain("sw1/parked");
        assertThat(samples).filteredOn(TelemetrySample::hasCppPolicerStats).isNotEmpty()
                .allSatisfy(s -> {
                    assertThat(s.getDeviceId()).as("CPP is read on IOS-XE only").isEqualTo("sw1");
                    assertThat(s.getCppPolicerStats().getLocation()).as("where the driver read them").isEqualTo("active");
                });
        assertThat(built).as("one session per device, reused round after round").containsOnlyOnce(drivers.get("sw1"));
    }

    @Test
    void untrustedDecommissionedUnknownPlatformOrBrokenDevicesAreNotDialled() {
        view.putDevice("ok", device("ok", Platform.PLATFORM_IOSXE));
        view.putDevice("untrusted", device("untrusted", Platform.PLATFORM_IOSXE).toBuilder().clearSshHostKeyFingerprint().build());
        view.putDevice("gone", device("gone", Platform.PLATFORM_IOSXE).toBuilder()
                .setAdminState(AdminState.ADMIN_STATE_DECOMMISSIONED).build());
        view.putDevice("odd", device("odd", Platform.PLATFORM_UNSPECIFIED));
        view.putDevice("broken", device("broken", Platform.PLATFORM_IOSXR));
        view.putDesired("desired-only", DesiredDeviceState.newBuilder().setDeviceId("desired-only").build());
        for (int i = 0; i < 3; i++) {
            breakers.failure("broken");
        }

        start(Duration.ofMillis(30), 2);
        await(() -> drivers.containsKey("ok") && drivers.get("ok").reads.get() >= 3);
        assertThat(drivers.keySet()).containsExactly("ok");

        // The reconciler trusts the key on first use; from then on telemetry polls the device too.
        reconcileSessions.trustOnFirstUse("untrusted", "SHA256:seen-first");
        await(() -> drivers.containsKey("untrusted") && drivers.get("untrusted").reads.get() >= 1);
    }

    @Test
    void aDeviceStillBeingPolledIsNotPolledAgainAndDoesNotHoldUpTheOthers() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        driver("stuck").onRead = release::await;
        view.putDevice("stuck", device("stuck", Platform.PLATFORM_IOSXE));
        view.putDevice("fine", device("fine", Platform.PLATFORM_IOSXE));

        start(Duration.ofMillis(20), 2);
        await(() -> drivers.containsKey("fine") && drivers.get("fine").reads.get() >= 10);
        assertThat(drivers.get("stuck").reads.get()).isEqualTo(1);
        release.countDown();
        await(() -> drivers.get("stuck").reads.get() >= 2);
    }

    @Test
    void aStuckTelemetryPollNeverHoldsUpAReconcilePassOfTheSameDevice() throws Exception {
        // Separate drivers per session set, as in production; the reconciler's is never stuck.
        Map<String, FakeDriver> telemetryDrivers = new ConcurrentHashMap<>();
        CountDownLatch stuck = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DeviceSessions.Factory perSet = (d, pin) -> {
            if (Thread.currentThread().getName().startsWith("telemetry")) {
                FakeDriver t = telemetryDrivers.computeIfAbsent(d.getId(), k -> new FakeDriver());
                t.onRead = () -> {
                    stuck.countDown();
                    release.await();
                };
                return t;
            }
            return factory.create(d, pin);
        };
        DeviceSessions sessions = new DeviceSessions(perSet, logins);
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        poller = new TelemetryPoller(view, sessions.sibling(), breakers, published.publisher(), "unit-test",
                Duration.ofMillis(20), 2);
        poller.start();
        assertThat(stuck.await(10, TimeUnit.SECONDS)).as("telemetry is stuck inside the device").isTrue();

        reconciler = new Reconciler(view, new WorkQueue<>(new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1))),
                sessions, breakers, published.publisher(), new ReconcileMetrics(new SimpleMeterRegistry()), "unit-test",
                new Reconciler.Settings(2, Duration.ofMinutes(5), Duration.ofMinutes(30), new RateLimiter(100, 10)));
        view.caughtUp(true); // fed directly here, no consumer to catch up
        reconciler.start();
        view.putDesired("sw1", DesiredDeviceState.newBuilder().setDeviceId("sw1").setGeneration(1)
                .addApps(DesiredApp.newBuilder().setAppId("iperf").setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                        .setPackage(AppPackage.newBuilder().setUrl("https://repo.example/iperf.tar").setSha256("c".repeat(64))))
                .build());
        reconciler.deviceChanged("sw1", ReconcileTrigger.RECONCILE_TRIGGER_DESIRED_CHANGED);

        await(() -> published.observed().stream().anyMatch(o -> o.getSync() == SyncStatus.SYNC_STATUS_SYNCED));
        assertThat(drivers.get("sw1").state("iperf")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
        assertThat(release.getCount()).as("telemetry was stuck all along").isEqualTo(1);
        release.countDown();
    }

    @Test
    void sessionsOfDevicesThatLeftThisInstanceAreClosedAtTheNextRound() {
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        start(Duration.ofMillis(30), 2);
        await(() -> drivers.containsKey("sw1") && drivers.get("sw1").reads.get() >= 1);
        assertThat(telemetrySessions.heldIds()).containsExactly("sw1");

        view.remove("sw1");
        await(() -> telemetrySessions.heldIds().isEmpty());
        assertThat(drivers.get("sw1").closes.get()).isEqualTo(1);
    }

    @Test
    void aFailedPollClosesTheSessionAndTheNextRoundTriesAgain() {
        FakeDriver d = driver("sw1");
        d.onRead = () -> {
            throw new io.appfleet.drivers.DeviceException(io.appfleet.drivers.DeviceException.Reason.TIMEOUT, "no answer");
        };
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        start(Duration.ofMillis(30), 2);
        await(() -> d.reads.get() >= 3);
        assertThat(d.closes.get()).isGreaterThanOrEqualTo(2);
        assertThat(published.telemetry()).isEmpty();
        assertThat(breakers.isOpen("sw1")).as("telemetry leaves the breaker to the reconciler").isFalse();
    }

    @Test
    void closeStopsThePollingAndClosesItsSessions() throws Exception {
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        start(Duration.ofMillis(20), 2);
        await(() -> drivers.containsKey("sw1") && drivers.get("sw1").reads.get() >= 1);
        poller.close();
        int reads = drivers.get("sw1").reads.get();
        assertThat(telemetrySessions.heldIds()).isEmpty();
        Thread.sleep(150);
        assertThat(drivers.get("sw1").reads.get()).isEqualTo(reads);
        poller = null;
    }

    @Test
    void utilizationIsReportedInBytes() {
        AppUtilization u = TelemetryPoller.utilization(new AppUsage("iperf", 500L, 12.5, 256L, 2048L, 100L, 1.5));
        assertThat(u.getAppId()).isEqualTo("iperf");
        assertThat(u.getCpuPercent()).isEqualTo(12.5);
        assertThat(u.getMemoryUsedBytes()).isEqualTo(2048L * 1024);
        assertThat(u.getMemoryAllocatedBytes()).isEqualTo(256L * 1024 * 1024);
        assertThat(u.getDiskUsedBytes()).isEqualTo((long) (1.5 * 1024 * 1024));
        assertThat(u.getDiskAllocatedBytes()).isEqualTo(100L * 1024 * 1024);

        AppUtilization unknown = TelemetryPoller.utilization(new AppUsage("x", null, null, null, null, null, null));
        assertThat(unknown.hasCpuPercent()).isFalse();
        assertThat(unknown.hasMemoryUsedBytes()).isFalse();
        assertThat(unknown.hasDiskUsedBytes()).isFalse();
    }

    @Test
    void cppStatsCarryTheDriversLocationAndOnlyTheRatesAndCountersKnown() {
        CppPolicerStats stats = TelemetryPoller.cppStats(CPP);
        assertThat(stats.getLocation()).isEqualTo("active");
        assertThat(TelemetryPoller.cppStats(new CpuPolicerCounters("switch 2 standby", CPP.classes())).getLocation())
                .isEqualTo("switch 2 standby");
        assertThat(stats.getClassesList()).hasSize(2);
        CppClassStats sysData = stats.getClasses(0);
        assertThat(sysData.getClassName()).isEqualTo("system-cpp-police-sys-data");
        assertThat(sysData.getPolicerIndex()).isEqualTo(10);
        assertThat(sysData.getEnabled()).isTrue();
        assertThat(sysData.getDefaultRatePps()).isEqualTo(100);
        assertThat(sysData.getRatePps()).isEqualTo(250);
        assertThat(sysData.getDropBytesTotal()).isEqualTo(4096);
        assertThat(sysData.getDropFramesTotal()).isEqualTo(32);
        CppClassStats forus = stats.getClasses(1);
        assertThat(forus.hasRatePps()).isFalse();
        assertThat(forus.hasDropFramesTotal()).as("a release that does not count frames").isFalse();
    }

    /** A guest agent line as the poller sees it: answers, fails, or hangs as the test says. */
    private static final class FakeGuest implements GuestSession {
        final java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger closes = new java.util.concurrent.atomic.AtomicInteger();
        volatile boolean down;
        volatile CountDownLatch hold;

        @Override
        public GuestStats read(String appId) throws io.appfleet.drivers.qga.QgaException {
            reads.incrementAndGet();
            if (hold != null) {
                try {
                    hold.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (down) {
                throw new io.appfleet.drivers.qga.QgaConnectionException("the agent host refused the socat channel", null);
            }
            return GuestStats.newBuilder().setAppId(appId).setAgentVersion("7.2.22")
                    .addCpus(GuestCpuStats.newBuilder().setCpu(0).setUserMsTotal(10)).build();
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    private final Map<String, FakeGuest> guestsByKey = new ConcurrentHashMap<>();
    private final List<String> guestOpens = new CopyOnWriteArrayList<>();
    private final GuestSessions guestSessions = new GuestSessions((d, agent, pin) -> {
        guestOpens.add(d.getId() + "/" + agent.getSocket() + " pin " + pin);
        return guestsByKey.computeIfAbsent(d.getId() + "/" + agent.getSocket(), k -> new FakeGuest());
    });

    private FakeGuest guest(String deviceId, String socket) {
        return guestsByKey.computeIfAbsent(deviceId + "/" + socket, k -> new FakeGuest());
    }

    private static DesiredApp kvmApp(String appId, DesiredAppState state, String socket) {
        DesiredApp.Builder b = DesiredApp.newBuilder().setAppId(appId).setState(state)
                .setPackage(AppPackage.newBuilder().setUrl("https://repo.example/" + appId + ".tar").setSha256("c".repeat(64)));
        if (socket != null) {
            b.setGuestAgent(GuestAgent.newBuilder().setSocket(socket));
        }
        return b.build();
    }

    private void desire(String deviceId, long generation, DesiredApp... apps) {
        view.putDesired(deviceId, DesiredDeviceState.newBuilder().setDeviceId(deviceId).setGeneration(generation)
                .addAllApps(List.of(apps)).build());
    }

    private List<String> guestSamples() {
        return published.telemetry().stream().filter(TelemetrySample::hasGuestStats)
                .map(s -> s.getDeviceId() + "/" + s.getGuestStats().getAppId()).toList();
    }

    private void startWithGuests(Duration interval, int threads) {
        poller = new TelemetryPoller(view, telemetrySessions, guestSessions, breakers, published.publisher(), "unit-test",
                interval, threads);
        poller.start();
    }

    @Test
    void theAgentOfEachDesiredRunningKvmAppIsReadEveryRoundOverOneSession() {
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        desire("sw1", 1, kvmApp("vm1", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/qga/vm1.sock"),
                kvmApp("parked", DesiredAppState.DESIRED_APP_STATE_STOPPED, "/run/qga/parked.sock"),
                kvmApp("plain", DesiredAppState.DESIRED_APP_STATE_RUNNING, null));
        view.putDevice("untrusted", device("untrusted", Platform.PLATFORM_IOSXE).toBuilder().clearSshHostKeyFingerprint().build());
        desire("untrusted", 1, kvmApp("vm9", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/qga/vm9.sock"));

        startWithGuests(Duration.ofMillis(30), 4);
        await(() -> guest("sw1", "/run/qga/vm1.sock").reads.get() >= 3);

        assertThat(guestSamples()).isNotEmpty().containsOnly("sw1/vm1");
        assertThat(published.telemetry()).filteredOn(TelemetrySample::hasGuestStats).allSatisfy(s -> {
            assertThat(s.getCollectedBy()).isEqualTo("unit-test");
            assertThat(s.hasSampledAt()).isTrue();
            assertThat(s.getGuestStats().getCpusCount()).isEqualTo(1);
        });
        assertThat(guestOpens).as("one login for many rounds, with the device's pinned key")
                .containsExactly("sw1//run/qga/vm1.sock pin " + PIN);
        assertThat(guestSessions.heldKeys()).containsExactly(new GuestSessions.Key("sw1", "vm1"));
    }

    @Test
    void aSessionIsClosedWhenItsAppLosesItsAgentOrLeavesAndWhenTheDeviceLeaves() {
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        view.putDevice("sw2", device("sw2", Platform.PLATFORM_IOSXE));
        desire("sw1", 1, kvmApp("vm1", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/vm1"),
                kvmApp("vm2", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/vm2"));
        desire("sw2", 1, kvmApp("vm3", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/vm3"));
        startWithGuests(Duration.ofMillis(20), 4);
        await(() -> guestSessions.heldKeys().size() == 3);

        desire("sw1", 2, kvmApp("vm1", DesiredAppState.DESIRED_APP_STATE_RUNNING, null));
        await(() -> guest("sw1", "/run/vm1").closes.get() == 1 && guest("sw1", "/run/vm2").closes.get() == 1);
        view.remove("sw2");
        await(() -> guest("sw2", "/run/vm3").closes.get() == 1);
        assertThat(guestSessions.heldKeys()).isEmpty();

        // A new socket for the same app is a new session, the old one closed.
        desire("sw1", 3, kvmApp("vm1", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/vm1-new"));
        await(() -> guest("sw1", "/run/vm1-new").reads.get() >= 1);
        poller.close();
        assertThat(guest("sw1", "/run/vm1-new").closes.get()).as("closed with the poller").isEqualTo(1);
        poller = null;
    }

    @Test
    void aDeadAgentPublishesNothingWhileTheDevicesOtherTelemetryGoesOnAndItsSamplesResume() {
        driver("sw1").with("iperf", ObservedAppState.OBSERVED_APP_STATE_RUNNING).cpp = CPP;
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        desire("sw1", 1, kvmApp("vm1", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/vm1"));
        FakeGuest vm1 = guest("sw1", "/run/vm1");
        vm1.down = true;

        startWithGuests(Duration.ofMillis(20), 4);
        await(() -> vm1.reads.get() >= 3 && drivers.containsKey("sw1") && drivers.get("sw1").reads.get() >= 3);
        assertThat(guestSamples()).isEmpty();
        assertThat(published.telemetry()).anyMatch(TelemetrySample::hasAppUtilization).anyMatch(TelemetrySample::hasCppPolicerStats);
        assertThat(breakers.isOpen("sw1")).as("an agent is not the device").isFalse();

        vm1.down = false;
        await(() -> guestSamples().contains("sw1/vm1"));
        assertThat(guestOpens).as("the session is kept; its client reconnects by itself").hasSize(1);
        assertThat(vm1.closes.get()).isZero();
    }

    @Test
    void aHangingAgentHoldsUpNeitherItsDevicesCliPollNorOtherDevicesAgents() {
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE));
        view.putDevice("sw2", device("sw2", Platform.PLATFORM_IOSXE));
        desire("sw1", 1, kvmApp("vm1", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/vm1"));
        desire("sw2", 1, kvmApp("vm2", DesiredAppState.DESIRED_APP_STATE_RUNNING, "/run/vm2"));
        CountDownLatch release = new CountDownLatch(1);
        guest("sw1", "/run/vm1").hold = release;

        startWithGuests(Duration.ofMillis(20), 4);
        await(() -> drivers.containsKey("sw1") && drivers.get("sw1").reads.get() >= 5
                && guest("sw2", "/run/vm2").reads.get() >= 5);
        assertThat(guest("sw1", "/run/vm1").reads.get()).as("not read again while the last read hangs").isEqualTo(1);
        release.countDown();
        await(() -> guest("sw1", "/run/vm1").reads.get() >= 2);
    }

    private void start(Duration interval, int threads) {
        poller = new TelemetryPoller(view, telemetrySessions, breakers, published.publisher(), "unit-test", interval, threads);
        poller.start();
    }

    private FakeDriver driver(String id) {
        return drivers.computeIfAbsent(id, k -> new FakeDriver());
    }

    private static Device device(String id, Platform platform) {
        return Device.newBuilder().setId(id).setPlatform(platform).setHost("10.0.0.1").setSshHostKeyFingerprint(PIN)
                .setAdminState(AdminState.ADMIN_STATE_MANAGED).setGeneration(1).build();
    }

    private static void await(BooleanSupplier condition) {
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(10)).until(condition::getAsBoolean);
    }
}
