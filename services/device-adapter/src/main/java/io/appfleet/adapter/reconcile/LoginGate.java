package io.appfleet.adapter.reconcile;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.HostingStatus;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Caps how many device logins (SSH key exchange and authentication, TLS handshake and first
 * RESTCONF request) run at once, across reconcile workers and telemetry pollers alike. The
 * worker count bounds passes, not handshakes: after a restart or a fleet-wide change every pass
 * opens a session, and a handshake costs the device far more CPU than a command on an open one.
 *
 * <p>Every {@link DeviceDriver#connect()} holds a permit, because only the driver knows whether
 * its session is still open; on an open session connect returns at once and so does the permit.
 * Every other call first logs in through the gate when the driver has no open session: a session
 * that dropped between two steps would otherwise reconnect inside the next step, uncounted.
 * Telemetry does not wait for a permit: when none is free it skips the device for that round,
 * so it never queues ahead of a reconcile pass.
 */
public final class LoginGate {

    private final int limit;
    private final Semaphore permits;

    public LoginGate(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("max-concurrent-logins must be at least 1, got " + limit);
        }
        this.limit = limit;
        // Fair: a device waiting for a login is not overtaken indefinitely by later ones.
        this.permits = new Semaphore(limit, true);
    }

    /**
     * The driver, with its {@code connect()} passing through this gate.
     *
     * @param mayWait false: a connect that finds no permit free fails at once (REFUSED) instead
     *                of waiting for one
     */
    public DeviceDriver gate(String deviceId, DeviceDriver driver, boolean mayWait) {
        return new Gated(deviceId, driver, mayWait);
    }

    /** A login that is no driver's: a guest agent's SSH session. */
    @FunctionalInterface
    public interface Login<T> {
        T open() throws java.io.IOException;
    }

    /**
     * Runs {@code login} holding a permit, on telemetry's terms: when none is free it fails at once
     * (an IOException naming the cap) and the caller tries again next round.
     */
    public <T> T withoutWaiting(String what, Login<T> login) throws java.io.IOException {
        if (!tryAcquireNow()) {
            throw new java.io.IOException("login to " + what + " skipped: all " + limit + " login slots are in use");
        }
        try {
            return login.open();
        } finally {
            permits.release();
        }
    }

    private boolean tryAcquireNow() throws java.io.IOException {
        try {
            return permits.tryAcquire(0, TimeUnit.SECONDS); // unlike tryAcquire(), never cuts in line
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to log in");
        }
    }

    /** Logins running now. */
    public int inProgress() {
        return limit - permits.availablePermits();
    }

    /** Logins waiting for a permit (an estimate, as the JDK gives it). */
    public int waiting() {
        return permits.getQueueLength();
    }

    public int limit() {
        return limit;
    }

    private void connect(String deviceId, DeviceDriver driver, boolean mayWait) throws DeviceException {
        try {
            if (mayWait) {
                permits.acquire();
            } else if (!permits.tryAcquire(0, TimeUnit.SECONDS)) { // unlike tryAcquire(), never cuts in line
                throw new DeviceException(DeviceException.Reason.REFUSED, "login to " + deviceId + " skipped: all "
                        + limit + " login slots are in use");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(DeviceException.Reason.UNREACHABLE, "interrupted while waiting to log in to " + deviceId);
        }
        try {
            driver.connect();
        } finally {
            permits.release();
        }
    }

    private final class Gated implements DeviceDriver {
        private final String deviceId;
        private final DeviceDriver driver;
        private final boolean mayWait;

        Gated(String deviceId, DeviceDriver driver, boolean mayWait) {
            this.deviceId = deviceId;
            this.driver = driver;
            this.mayWait = mayWait;
        }

        @Override
        public void connect() throws DeviceException {
            LoginGate.this.connect(deviceId, driver, mayWait);
        }

        @Override
        public boolean isConnected() {
            return driver.isConnected();
        }

        private void logInIfDisconnected() throws DeviceException {
            if (!driver.isConnected()) {
                LoginGate.this.connect(deviceId, driver, mayWait);
            }
        }

        @Override
        public String hostKeyFingerprint() {
            return driver.hostKeyFingerprint();
        }

        @Override
        public HostingStatus hostingStatus() throws DeviceException {
            logInIfDisconnected();
            return driver.hostingStatus();
        }

        @Override
        public List<InstalledApp> installedApps() throws DeviceException {
            logInIfDisconnected();
            return driver.installedApps();
        }

        @Override
        public List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy, boolean prune) {
            return driver.plan(actual, desired, policy, prune);
        }

        @Override
        public StepResult run(Step step) throws DeviceException {
            logInIfDisconnected();
            return driver.run(step);
        }

        @Override
        public AppUsage appUsage(String appId) throws DeviceException {
            logInIfDisconnected();
            return driver.appUsage(appId);
        }

        @Override
        public CpuPolicerCounters cpuPolicerCounters() throws DeviceException {
            logInIfDisconnected();
            return driver.cpuPolicerCounters();
        }

        @Override
        public void close() {
            driver.close();
        }
    }
}
