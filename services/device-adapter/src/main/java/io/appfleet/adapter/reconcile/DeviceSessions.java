package io.appfleet.adapter.reconcile;

import io.appfleet.drivers.DeviceDriver;
import io.appfleet.proto.fleet.v1.Device;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One open driver per device, reused across passes (a login per pass would cost thousands of SSH
 * handshakes per resync). A driver is rebuilt when what it was built from changes (address,
 * platform, version, credentials, pinned key).
 */
public final class DeviceSessions implements AutoCloseable {

    /** Builds a device's driver ({@link DriverFactory#create} in production). */
    @FunctionalInterface
    public interface Factory {
        DeviceDriver create(Device d, String pinnedFingerprint) throws DriverFactory.NotDrivable;
    }

    private record Held(List<Object> identity, DeviceDriver driver) {
    }

    private final Factory factory;
    private final LoginGate logins;
    private final boolean mayWaitToLogIn;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Host keys trusted on first use by this adapter, until inventory records a pin. */
    private final Map<String, String> firstUsePins;

    /** @param logins caps the logins of these sessions and of their siblings together */
    public DeviceSessions(Factory factory, LoginGate logins) {
        this(factory, logins, true, new ConcurrentHashMap<>());
    }

    private DeviceSessions(Factory factory, LoginGate logins, boolean mayWaitToLogIn, Map<String, String> firstUsePins) {
        this.factory = factory;
        this.logins = logins;
        this.mayWaitToLogIn = mayWaitToLogIn;
        this.firstUsePins = firstUsePins;
    }

    /**
     * A second set of sessions to the same devices (telemetry's), trusting exactly the keys this
     * one trusts (only the reconciler trusts on first use) and sharing its login cap, but never
     * waiting for a login slot: a connect that finds none free fails at once.
     */
    public DeviceSessions sibling() {
        return new DeviceSessions(factory, logins, false, firstUsePins);
    }

    /** The device's driver, built or rebuilt as needed. Only the device's own worker calls this. */
    public DeviceDriver driverFor(Device d) throws DriverFactory.NotDrivable {
        String pin = pinFor(d);
        // Inventory's pin, not the key trusted on first use: the driver that trusted that key keeps it
        // pinned for its own reconnects, so recording it is no reason for a new session.
        // Compared whole, not by hash: a collision would keep a session to the old address or credentials.
        List<Object> identity = Arrays.asList(d.getHost(), d.getPort(), d.getPlatform(), d.getOsVersion(),
                d.getSealedCredentials(), d.getCredentialsRef(), d.getSshHostKeyFingerprint());
        Held h = held.get(d.getId());
        if (h != null && h.identity.equals(identity)) {
            return h.driver;
        }
        if (h != null) {
            h.driver.close();
        }
        DeviceDriver driver = logins.gate(d.getId(), factory.create(d, pin), mayWaitToLogIn);
        held.put(d.getId(), new Held(identity, driver));
        return driver;
    }

    /** Inventory's pin wins; else the key this adapter saw first; else none (trust on first use). */
    public String pinFor(Device d) {
        if (!d.getSshHostKeyFingerprint().isEmpty()) {
            return d.getSshHostKeyFingerprint();
        }
        return firstUsePins.get(d.getId());
    }

    /** Remembers the key seen at a successful first connect. */
    public void trustOnFirstUse(String deviceId, String fingerprint) {
        if (fingerprint != null) {
            firstUsePins.putIfAbsent(deviceId, fingerprint);
        }
    }

    /** Closes the device's session (it broke, or the device left); the next pass reconnects. */
    public void close(String deviceId) {
        Held h = held.remove(deviceId);
        if (h != null) {
            h.driver.close();
        }
    }

    /** The device is gone from this adapter: forget its session and its first-use key. */
    public void forget(String deviceId) {
        close(deviceId);
        firstUsePins.remove(deviceId);
    }

    /** Devices with a session held open. */
    public java.util.Set<String> heldIds() {
        return java.util.Set.copyOf(held.keySet());
    }

    public int open() {
        return held.size();
    }

    @Override
    public void close() {
        held.keySet().forEach(this::close);
    }
}
