package io.appfleet.drivers;

import java.time.Duration;
import java.util.Objects;

/**
 * One device as a driver needs it. {@code pinnedHostKeyFingerprint} is null on first contact
 * (trust on first use); afterwards a different key fails the connect. {@code commandTimeout}
 * bounds each CLI command, {@code connectTimeout} the TCP connect, key exchange and login; null
 * means the defaults.
 */
public record DeviceTarget(String id, String host, int port, String osVersion, Login login,
                           String pinnedHostKeyFingerprint, Duration commandTimeout, Duration connectTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(30);

    public DeviceTarget {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(login, "login");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        commandTimeout = commandTimeout == null ? DEFAULT_COMMAND_TIMEOUT : commandTimeout;
    }

    public DeviceTarget(String id, String host, int port, String osVersion, Login login, String pinnedHostKeyFingerprint) {
        this(id, host, port, osVersion, login, pinnedHostKeyFingerprint, null, null);
    }

    public DeviceTarget withPinnedHostKey(String fingerprint) {
        return new DeviceTarget(id, host, port, osVersion, login, fingerprint, commandTimeout, connectTimeout);
    }

    public DeviceTarget withTimeouts(Duration command, Duration connect) {
        return new DeviceTarget(id, host, port, osVersion, login, pinnedHostKeyFingerprint, command, connect);
    }

    /** The major release number ("17.15.4" gives 17), or 0 when unknown. */
    public int osMajor() {
        if (osVersion == null) {
            return 0;
        }
        String digits = osVersion.strip().split("[^0-9]", 2)[0];
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    /** Credentials. toString never shows the password, so a logged target leaks nothing. */
    public record Login(String username, String password) {
        public Login {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }

        @Override
        public String toString() {
            return "Login[username=" + username + ", password=****]";
        }
    }
}
