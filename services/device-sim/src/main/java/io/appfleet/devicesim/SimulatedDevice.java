package io.appfleet.devicesim;

import io.appfleet.devicesim.iosxe.IosxeDevice;
import io.appfleet.devicesim.iosxe.IosxePlatform;

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
    private final IosxeDevice iosxe;
    private volatile KeyPair hostKey;

    public SimulatedDevice(String hostname, InetSocketAddress address, String username, String password,
                           String osVersion, long installMs) {
        this.hostname = Objects.requireNonNull(hostname);
        this.address = Objects.requireNonNull(address);
        this.username = username;
        this.password = password;
        this.hostKey = generateHostKey();
        this.iosxe = new IosxeDevice(IosxePlatform.of(osVersion), installMs, faults, System::currentTimeMillis);
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
        return iosxe.platform().osVersion();
    }

    public Faults faults() {
        return faults;
    }

    public CommandLog commandLog() {
        return commandLog;
    }

    public IosxeDevice iosxe() {
        return iosxe;
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    /** Fault: the device presents a new host key from the next connection on (re-imaged box). */
    public void regenerateHostKey() {
        hostKey = generateHostKey();
    }

    /** Fault (drift): a RUNNING app stops on its own. */
    public boolean crashApp(String appId) {
        return iosxe.crash(appId);
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
        return hostname + "@" + address.getHostString() + ":" + address.getPort() + " (IOS-XE " + osVersion() + ")";
    }
}
