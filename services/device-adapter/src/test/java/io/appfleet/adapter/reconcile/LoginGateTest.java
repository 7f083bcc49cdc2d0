package io.appfleet.adapter.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.appfleet.adapter.FakeDriver;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;

class LoginGateTest {

    private final LoginGate gate = new LoginGate(1);
    private final CountDownLatch loginStarted = new CountDownLatch(1);
    private final CountDownLatch releaseLogin = new CountDownLatch(1);
    private CompletableFuture<Void> slowLogin;

    /** Another device's login holds the only slot until the test lets it go. */
    @BeforeEach
    void takeTheOnlyLoginSlot() throws Exception {
        FakeDriver slow = new FakeDriver();
        slow.onConnect = () -> {
            loginStarted.countDown();
            releaseLogin.await();
        };
        DeviceDriver gated = gate.gate("slow-1", slow, true);
        slowLogin = CompletableFuture.runAsync(() -> {
            try {
                gated.connect();
            } catch (DeviceException e) {
                throw new IllegalStateException(e);
            }
        });
        assertTrue(loginStarted.await(5, TimeUnit.SECONDS));
        assertEquals(1, gate.inProgress());
    }

    @AfterEach
    void letItFinish() throws Exception {
        releaseLogin.countDown();
        slowLogin.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aGuestAgentLoginNeverWaitsForASlotAndHoldsOneWhileItRuns() throws Exception {
        java.io.IOException busy = assertThrows(java.io.IOException.class,
                () -> gate.withoutWaiting("xe-1:/run/qga.sock", () -> "opened"));
        assertTrue(busy.getMessage().contains("all 1 login slots are in use"), busy.getMessage());

        releaseLogin.countDown();
        slowLogin.get(5, TimeUnit.SECONDS);
        assertEquals("opened", gate.withoutWaiting("xe-1:/run/qga.sock", () -> {
            assertEquals(1, gate.inProgress());
            return "opened";
        }));
        assertEquals(0, gate.inProgress());
    }

    @Test
    void aCallOnAnOpenSessionNeedsNoLoginSlot() throws Exception {
        FakeDriver driver = new FakeDriver();
        driver.connect();
        DeviceDriver gated = gate.gate("xe-1", driver, false);

        assertEquals(0, gated.installedApps().size());
        assertEquals(1, driver.reads.get());
        assertEquals(1, driver.connects.get());
    }

    @Test
    void aSessionThatDroppedBetweenStepsLogsInAgainThroughTheGate() throws Exception {
        FakeDriver driver = new FakeDriver();
        driver.connect();
        driver.dropSession();
        DeviceDriver gated = gate.gate("xe-2", driver, false);

        DeviceException e = assertThrows(DeviceException.class, gated::installedApps);
        assertEquals(DeviceException.Reason.REFUSED, e.reason());
        assertTrue(e.getMessage().contains("login slots are in use"), e.getMessage());
        assertEquals(0, driver.reads.get(), "the read must not run on a login the gate did not allow");

        releaseLogin.countDown();
        slowLogin.get(5, TimeUnit.SECONDS);
        gated.installedApps();
        assertEquals(2, driver.connects.get());
        assertEquals(1, driver.reads.get());
        assertEquals(0, gate.inProgress());
    }
}
