package io.appfleet.drivers.qga;

import java.io.IOException;
import java.util.regex.Pattern;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;

import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.ssh.SshLogin;

/**
 * The agent of a KVM app on a device's host, reached over SSH: each connection logs in (host key
 * pinned as for the CLI), runs {@code socat - UNIX-CONNECT:<socket>} in an exec channel and uses
 * its stdin/stdout as the agent's byte stream. Closing the connection closes the SSH session. A
 * target without a pinned key is trusted on first use: the key of the first login is required of
 * every later connection of this transport.
 */
public final class SshExecTransport implements QgaTransport {

    /** Absolute path of plain characters: it is put on a remote command line. */
    private static final Pattern SOCKET_PATH = Pattern.compile("/[A-Za-z0-9._/-]{1,255}");

    private final SshClient client;
    private final String socketPath;
    /** With the host key pinned after the first login when it came unpinned (trusted on first use). */
    private volatile DeviceTarget target;

    public SshExecTransport(SshClient client, DeviceTarget target, String socketPath) {
        if (socketPath == null || !SOCKET_PATH.matcher(socketPath).matches() || socketPath.contains("..")) {
            throw new IllegalArgumentException("socketPath must be an absolute path of [A-Za-z0-9._/-] without '..'");
        }
        this.client = client;
        this.target = target;
        this.socketPath = socketPath;
    }

    @Override
    public QgaConnection open() throws IOException {
        SshLogin.Authenticated login;
        try {
            login = SshLogin.open(client, target);
        } catch (DeviceException e) {
            throw new QgaConnectionException("SSH to the agent host failed: " + e.getMessage(), e);
        }
        if (target.pinnedHostKeyFingerprint() == null) {
            target = target.withPinnedHostKey(login.fingerprint()); // the next connection insists on this key
        }
        ClientSession session = login.session();
        try {
            ChannelExec channel = session.createExecChannel("socat - UNIX-CONNECT:" + socketPath);
            channel.open().verify(target.connectTimeout());
            return new StreamConnection(channel.getInvertedOut(), channel.getInvertedIn(), () -> {
                channel.close(true);
                session.close(true);
            });
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw new QgaConnectionException("the agent host refused the socat channel: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return target.id() + ":" + socketPath;
    }
}
