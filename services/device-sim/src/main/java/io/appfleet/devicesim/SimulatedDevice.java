package io.appfleet.devicesim;

import io.appfleet.devicesim.iosxe.IosxeDevice;
import io.appfleet.devicesim.iosxe.IosxePlatform;
import io.appfleet.devicesim.iosxr.IosxrDevice;

import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/**
 * One simulated device: identity (hostname, address, credentials, host key), its platform state
 * machine, faults and command log. Holds no thread or socket of its own; the {@link Fleet}'s
 * single SSH server routes each connection here by the local address it arrived on.
 */
public final class SimulatedDevice {

    private final String hostname;
    private final InetSocketAddress address;
    private final String username;
    private final String password;
    private final Faults faults = new Faults();
    private final CommandLog commandLog = new CommandLog();
    /** The platform a simulated device runs. */
    public enum Platform { IOSXE, IOSXR }

    private final Platform platform;
    /** Exactly one of these is set, by {@link #platform}. */
    private final IosxeDevice iosxe;
    private final IosxrDevice iosxr;
    private volatile KeyPair hostKey;

    public SimulatedDevice(String hostname, InetSocketAddress address, String username, String password,
                           String osVersion, long installMs) {
        this(Platform.IOSXE, hostname, address, username, password, osVersion, installMs);
    }

    public SimulatedDevice(Platform platform, String hostname, InetSocketAddress address, String username,
                           String password, String osVersion, long installMs) {
        this.platform = Objects.requireNonNull(platform);
        this.hostname = Objects.requireNonNull(hostname);
        this.address = Objects.requireNonNull(address);
        this.username = username;
        this.password = password;
        this.hostKey = generateHostKey();
        this.iosxe = platform == Platform.IOSXE
                ? new IosxeDevice(IosxePlatform.of(osVersion), installMs, faults, System::currentTimeMillis) : null;
        this.iosxr = platform == Platform.IOSXR ? new IosxrDevice(osVersion, faults, System::currentTimeMillis) : null;
    }

    public String hostname() {
        return hostname;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    public String osVersion() {
        return iosxe != null ? iosxe.platform().osVersion() : iosxr.osVersion();
    }

    public Faults faults() {
        return faults;
    }

    public CommandLog commandLog() {
        return commandLog;
    }

    public Platform platform() {
        return platform;
    }

    /** The IOS-XE state machine; null on an IOS-XR device. */
    public IosxeDevice iosxe() {
        return iosxe;
    }

    /** The IOS-XR appmgr state; null on an IOS-XE device. */
    public IosxrDevice iosxr() {
        return iosxr;
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    /** Fault: the device presents a new host key from the next connection on (re-imaged box). */
    public void regenerateHostKey() {
        hostKey = generateHostKey();
    }

    /** Fault (drift): a RUNNING app stops on its own (IOS-XR: its container exits). */
    public boolean crashApp(String appId) {
        return iosxe != null ? iosxe.crash(appId) : iosxr.crash(appId);
    }

    /**
     * Fault (full disk, IOS-XE): the device's file systems have {@code bytes} free from now on, so a
     * larger copy fails with "No space left on device"; a larger value later frees space again.
     */
    public void storageFreeBytes(long bytes) {
        if (iosxe == null) {
            throw new UnsupportedOperationException(hostname + " is not an IOS-XE device");
        }
        iosxe.storageFreeBytes(bytes);
    }

    /** EC P-256: cheap to generate (thousands per fleet) and small to keep. */
    private static KeyPair generateHostKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a host key", e);
        }
    }

    @Override
    public String toString() {
        return hostname + "@" + address.getHostString() + ":" + address.getPort() + (platform == Platform.IOSXE ? " (IOS-XE " : " (IOS-XR ") + osVersion() + ")";
    }
}
