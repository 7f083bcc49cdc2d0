package io.appfleet.adapter.reconcile;

import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.infix.InfixDriver;
import io.appfleet.drivers.iosxe.IosxeDriver;
import io.appfleet.drivers.iosxr.IosxrDriver;
import io.appfleet.platform.secrets.CredentialSealer;
import io.appfleet.platform.secrets.DeviceCredentials;
import io.appfleet.proto.fleet.v1.Device;
import org.apache.sshd.client.SshClient;

import java.time.Duration;

/** Builds the driver for a device from its inventory record. */
public final class DriverFactory {

    /** The device cannot be driven as registered (no credentials, unknown platform). */
    public static final class NotDrivable extends Exception {
        public NotDrivable(String message) {
            super(message);
        }
    }

    private final SshClient ssh;
    private final CredentialSealer sealer;
    private final Duration commandTimeout;
    private final Duration connectTimeout;

    public DriverFactory(SshClient ssh, CredentialSealer sealer, Duration commandTimeout, Duration connectTimeout) {
        this.ssh = ssh;
        this.sealer = sealer;
        this.commandTimeout = commandTimeout;
        this.connectTimeout = connectTimeout;
    }

    /**
     * @param pinnedFingerprint the key to insist on: inventory's pin, else the one this adapter
     *                          trusted on first use, else null (trust on first use now)
     */
    public DeviceDriver create(Device d, String pinnedFingerprint) throws NotDrivable {
        DeviceTarget target = target(d, pinnedFingerprint);
        return switch (d.getPlatform()) {
            case PLATFORM_IOSXE -> new IosxeDriver(target, ssh);
            case PLATFORM_IOSXR -> new IosxrDriver(target, ssh);
            case PLATFORM_INFIX -> new InfixDriver(target);
            default -> throw new NotDrivable("device " + d.getId() + " has no supported platform (" + d.getPlatform() + ")");
        };
    }

    /** The device's address, login and pinned key as a driver (or a guest agent's SSH transport) needs them. */
    public DeviceTarget target(Device d, String pinnedFingerprint) throws NotDrivable {
        return new DeviceTarget(d.getId(), d.getHost(), port(d), d.getOsVersion(), login(d), pinnedFingerprint,
                commandTimeout, connectTimeout);
    }

    /** The SSH client the drivers share. */
    public SshClient ssh() {
        return ssh;
    }

    private static int port(Device d) {
        if (d.getPort() > 0) {
            return d.getPort();
        }
        return d.getPlatform() == io.appfleet.proto.fleet.v1.Platform.PLATFORM_INFIX ? 443 : 22;
    }

    private DeviceTarget.Login login(Device d) throws NotDrivable {
        if (!d.hasSealedCredentials()) {
            throw new NotDrivable("device " + d.getId() + " has no inline credentials (credentials_ref '"
                    + d.getCredentialsRef() + "' is not supported by this adapter)");
        }
        if (!sealer.isConfigured()) {
            throw new NotDrivable("appfleet.credentials.key is not set: cannot open the credentials of " + d.getId());
        }
        try {
            DeviceCredentials c = sealer.open(d.getSealedCredentials());
            return new DeviceTarget.Login(c.username(), c.password());
        } catch (RuntimeException e) {
            // The message of a failed open names the key id, never the secret.
            throw new NotDrivable("cannot open the credentials of " + d.getId() + ": " + e.getMessage());
        }
    }
}
