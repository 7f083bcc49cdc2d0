package io.appfleet.adapter.reconcile;

import io.appfleet.adapter.FakeDriver;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceSessionsTest {

    private final Map<String, List<FakeDriver>> built = new ConcurrentHashMap<>();
    private final Map<String, String> pinsGiven = new ConcurrentHashMap<>();
    private final AtomicInteger loggingIn = new AtomicInteger();
    private final AtomicInteger mostLoggingIn = new AtomicInteger();
    private volatile long loginMillis = 0;
    private final ExecutorService threads = Executors.newCachedThreadPool();

    private final DeviceSessions.Factory factory = (d, pin) -> {
        FakeDriver f = new FakeDriver();
        f.onConnect = () -> {
            mostLoggingIn.accumulateAndGet(loggingIn.incrementAndGet(), Math::max);
            try {
                Thread.sleep(loginMillis);
            } finally {
                loggingIn.decrementAndGet();
            }
        };
        built.computeIfAbsent(d.getId(), k -> new ArrayList<>()).add(f);
        pinsGiven.put(d.getId(), pin == null ? "<none>" : pin);
        return f;
    };

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void aSessionIsReusedUntilWhatItWasBuiltFromChanges() throws Exception {
        DeviceSessions sessions = new DeviceSessions(factory, new LoginGate(4));
        Device d = device("d1");
        DeviceDriver first = sessions.driverFor(d);
        assertThat(sessions.driverFor(d)).isSameAs(first);
        assertThat(sessions.driverFor(d.toBuilder().setSite("moved in inventory only").build())).isSameAs(first);
        // The driver that trusted a key on first use keeps it pinned itself: recording it is no reason to log in again.
        sessions.trustOnFirstUse("d1", "SHA256:first");
        assertThat(sessions.driverFor(d)).isSameAs(first);

        DeviceDriver readdressed = sessions.driverFor(d.toBuilder().setHost("10.0.0.99").build());
        assertThat(readdressed).isNotSameAs(first);
        assertThat(built.get("d1").get(0).closes.get()).as("the old session is closed").isEqualTo(1);
        assertThat(sessions.open()).isEqualTo(1);
    }

    @Test
    void inventorysPinWinsOverAKeyTrustedOnFirstUseAndSiblingsShareTrustedKeys() throws Exception {
        DeviceSessions sessions = new DeviceSessions(factory, new LoginGate(4));
        DeviceSessions telemetry = sessions.sibling();
        Device d = device("d1");
        assertThat(sessions.pinFor(d)).isNull();
        assertThat(telemetry.pinFor(d)).isNull();

        sessions.trustOnFirstUse("d1", "SHA256:first");
        sessions.trustOnFirstUse("d1", "SHA256:second");
        assertThat(telemetry.pinFor(d)).isEqualTo("SHA256:first");
        assertThat(sessions.pinFor(d.toBuilder().setSshHostKeyFingerprint("SHA256:inventory").build())).isEqualTo("SHA256:inventory");

        telemetry.driverFor(d);
        assertThat(pinsGiven.get("d1")).isEqualTo("SHA256:first");
        assertThat(sessions.heldIds()).as("siblings hold their own sessions").isEmpty();
        assertThat(telemetry.heldIds()).containsExactly("d1");

        sessions.forget("d1");
        assertThat(telemetry.pinFor(d)).isNull();
    }

    @Test
    void closeAndForgetCloseTheSession() throws Exception {
        DeviceSessions sessions = new DeviceSessions(factory, new LoginGate(4));
        sessions.driverFor(device("d1"));
        sessions.driverFor(device("d2"));
        sessions.close("d1");
        assertThat(built.get("d1").get(0).closes.get()).isEqualTo(1);
        assertThat(sessions.heldIds()).containsExactly("d2");
        sessions.close();
        assertThat(built.get("d2").get(0).closes.get()).isEqualTo(1);
        assertThat(sessions.open()).isZero();
    }

    @Test
    void noMoreLoginsRunAtOnceThanTheCapHoweverManyWorkersLogIn() throws Exception {
        loginMillis = 100;
        DeviceSessions reconcile = new DeviceSessions(factory, new LoginGate(3));
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> logins = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Device d = device("d" + i);
            logins.add(threads.submit(() -> {
                go.await();
                reconcile.driverFor(d).connect();
                return null;
            }));
        }
        long t0 = System.nanoTime();
        go.countDown();
        for (Future<?> f : logins) {
            f.get(20, TimeUnit.SECONDS);
        }
        assertThat(mostLoggingIn.get()).isEqualTo(3);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("12 logins of 100 ms, 3 at a time")
                .isGreaterThanOrEqualTo(400);
    }

    @Test
    void telemetryLoginsCountAgainstTheCapButNeverWaitForASlot() throws Exception {
        LoginGate gate = new LoginGate(2);
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        DeviceSessions reconcile = new DeviceSessions((d, pin) -> {
            FakeDriver f = new FakeDriver();
            if (d.getId().startsWith("slow")) {
                f.onConnect = () -> {
                    inside.countDown();
                    release.await();
                };
            }
            return f;
        }, gate);
        DeviceSessions telemetry = reconcile.sibling();

        Future<?> pass = threads.submit(() -> {
            reconcile.driverFor(device("slow-r")).connect();
            return null;
        });
        Future<?> telemetryLogin = threads.submit(() -> {
            telemetry.driverFor(device("slow-t2")).connect();
            return null;
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(gate.inProgress()).as("a telemetry login holds a slot like any other").isEqualTo(2);

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> telemetry.driverFor(device("t3")).connect()).isInstanceOf(DeviceException.class)
                .satisfies(e -> assertThat(((DeviceException) e).reason()).isEqualTo(DeviceException.Reason.REFUSED))
                .hasMessageContaining("all 2 login slots are in use");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("no wait").isLessThan(1000);

        Future<?> waitingPass = threads.submit(() -> {
            reconcile.driverFor(device("r2")).connect();
            return null;
        });
        Thread.sleep(100);
        assertThat(waitingPass).as("a pass waits for a slot").isNotDone();
        assertThatThrownBy(() -> telemetry.driverFor(device("t4")).connect()).as("and telemetry does not cut in")
                .isInstanceOf(DeviceException.class);

        release.countDown();
        pass.get(5, TimeUnit.SECONDS);
        telemetryLogin.get(5, TimeUnit.SECONDS);
        waitingPass.get(5, TimeUnit.SECONDS);
        assertThat(gate.inProgress()).isZero();
    }

    @Test
    void aFailedLoginGivesItsPermitBack() throws Exception {
        LoginGate gate = new LoginGate(1);
        DeviceSessions sessions = new DeviceSessions((d, pin) -> {
            FakeDriver f = new FakeDriver();
            f.onConnect = () -> {
                throw new DeviceException(DeviceException.Reason.UNREACHABLE, "no route to host");
            };
            return f;
        }, gate);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> sessions.driverFor(device("d1")).connect()).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("no route to host");
        }
        assertThat(gate.inProgress()).isZero();
    }

    @Test
    void aLoginWaitingForAPermitCanBeInterruptedAndTakesNoPermitWithIt() throws Exception {
        LoginGate gate = new LoginGate(1);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        DeviceSessions sessions = new DeviceSessions((d, pin) -> {
            FakeDriver f = new FakeDriver();
            if (d.getId().equals("slow")) {
                f.onConnect = () -> {
                    inside.countDown();
                    release.await();
                };
            }
            return f;
        }, gate);
        Future<?> slow = threads.submit(() -> {
            sessions.driverFor(device("slow")).connect();
            return null;
        });
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        DeviceDriver waiting = sessions.driverFor(device("waiting"));
        Future<?> blocked = threads.submit(() -> {
            waiting.connect();
            return null;
        });
        Thread.sleep(100);
        assertThat(gate.inProgress()).isEqualTo(1);
        assertThat(gate.waiting()).isEqualTo(1);
        blocked.cancel(true);
        Thread.sleep(100);
        assertThat(gate.waiting()).isZero();

        release.countDown();
        slow.get(5, TimeUnit.SECONDS);
        assertThat(gate.inProgress()).isZero();
        sessions.driverFor(device("after")).connect();
    }

    @Test
    void theGateNeedsAtLeastOneLogin() {
        assertThatThrownBy(() -> new LoginGate(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("max-concurrent-logins");
    }

    @Test
    void aGatedDriverPassesEveryOtherCallThrough() throws Exception {
        FakeDriver f = new FakeDriver().with("iperf", io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_RUNNING);
        DeviceDriver gated = new LoginGate(1).gate("d1", f, true);
        gated.connect();
        assertThat(gated.hostKeyFingerprint()).isEqualTo("SHA256:fake-key");
        assertThat(gated.installedApps()).extracting(io.appfleet.drivers.InstalledApp::appId).containsExactly("iperf");
        assertThat(gated.hostingStatus().up()).isTrue();
        assertThat(gated.appUsage("iperf").appId()).isEqualTo("iperf");
        assertThat(gated.cpuPolicerCounters()).isEqualTo(f.cpuPolicerCounters());
        gated.close();
        assertThat(f.connects.get()).isEqualTo(1);
        assertThat(f.reads.get()).isEqualTo(1);
        assertThat(f.closes.get()).isEqualTo(1);
    }

    private static Device device(String id) {
        return Device.newBuilder().setId(id).setPlatform(Platform.PLATFORM_IOSXE).setHost("10.0.0.1").setPort(22).build();
    }
}
