package io.appfleet.drivers.ssh;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.ClientSession.ClientSessionEvent;

import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceException.Reason;
import io.appfleet.drivers.DeviceTarget;

/**
 * Connects and logs in to a device over SSH: the host key is checked against the pin (trust on
 * first use when there is none) after key exchange and before any credential is sent. Shared by
 * the CLI session and by byte-stream channels such as the QEMU guest agent's.
 */
public final class SshLogin {

    private static final System.Logger LOG = System.getLogger(SshLogin.class.getName());

    /** A logged-in session and the fingerprint of the host key it was made with. */
    public record Authenticated(ClientSession session, String fingerprint) {
    }

    private SshLogin() {
    }

    public static Authenticated open(SshClient client, DeviceTarget target) throws DeviceException {
        String where = where(target);
        String password = target.login().password();
        Duration connectTimeout = target.connectTimeout();
        ClientSession session = null;
        try {
            try {
                session = client.connect(target.login().username(), target.host(), target.port())
                        .verify(connectTimeout).getSession();
            } catch (IOException e) {
                throw connectFailure(where, e, password);
            }
            // Wait for key exchange to finish, so the server key is known before any credential is sent.
            Set<ClientSessionEvent> events = session.waitFor(
                    EnumSet.of(ClientSessionEvent.WAIT_AUTH, ClientSessionEvent.CLOSED), connectTimeout);
            if (events.contains(ClientSessionEvent.CLOSED)) {
                throw new DeviceException(Reason.UNREACHABLE, where + " closed the connection during key exchange");
            }
            if (!events.contains(ClientSessionEvent.WAIT_AUTH)) {
                throw new DeviceException(Reason.TIMEOUT, "no key exchange with " + where + " within " + connectTimeout);
            }
            String fingerprint = checkHostKey(where, session.getServerKey(), target.pinnedHostKeyFingerprint());

            session.addPasswordIdentity(password);
            try {
                session.auth().verify(connectTimeout);
            } catch (IOException e) {
                if (isTimeout(e)) {
                    throw new DeviceException(Reason.TIMEOUT, "login to " + where + " timed out after " + connectTimeout);
                }
                throw new DeviceException(Reason.AUTH_FAILED,
                        "login to " + where + " as '" + target.login().username() + "' was refused");
            }
            Authenticated done = new Authenticated(session, fingerprint);
            session = null; // the caller owns it now
            return done;
        } finally {
            if (session != null) {
                session.close(true);
            }
        }
    }

    static String where(DeviceTarget target) {
        return target.id() + " (" + target.host() + ":" + target.port() + ")";
    }

    private static String checkHostKey(String where, PublicKey key, String pinned) throws DeviceException {
        if (key == null) {
            throw new DeviceException(Reason.PROTOCOL, where + " presented no host key");
        }
        String actual = HostKeyFingerprint.of(key);
        if (pinned == null || pinned.isBlank()) {
            LOG.log(Level.INFO, "trusting host key {0} of {1} on first use", actual, where);
            return actual;
        }
        if (!HostKeyFingerprint.matches(pinned, actual)) {
            throw new DeviceException(Reason.HOST_KEY_MISMATCH, "host key of " + where + " changed: pinned " + pinned
                    + ", presented " + actual + ". The device is not trusted until its key is re-pinned in inventory");
        }
        return actual;
    }

    private static DeviceException connectFailure(String where, IOException e, String password) {
        if (isTimeout(e)) {
            return new DeviceException(Reason.TIMEOUT, "no connection to " + where + " within the connect timeout");
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root instanceof ConnectException ? "connection refused"
                : root instanceof UnknownHostException ? "unknown host"
                : root instanceof NoRouteToHostException ? "no route to host"
                : CliSession.redact(String.valueOf(root.getMessage()), password);
        return new DeviceException(Reason.UNREACHABLE, "cannot connect to " + where + ": " + why);
    }

    static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.SocketTimeoutException || t instanceof java.util.concurrent.TimeoutException
                    || (t.getMessage() != null && t.getMessage().toLowerCase().contains("timeout"))) {
                return true;
            }
        }
        return false;
    }
}
