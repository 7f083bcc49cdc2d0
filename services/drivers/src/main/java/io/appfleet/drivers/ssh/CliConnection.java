package io.appfleet.drivers.ssh;

import org.apache.sshd.client.SshClient;

import java.time.Duration;
import java.util.List;

import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceTarget;

/**
 * A device's CLI session as a driver holds it: opened on first use, reused until it fails, and
 * opened again on the next command. A host key trusted on first use stays pinned for the later
 * reconnects too, so a key that changes between two sessions is caught even before the caller
 * has recorded the pin.
 */
public final class CliConnection implements AutoCloseable {

    private final SshClient client;
    private final DeviceTarget target;
    private CliSession session;
    private String fingerprint;

    public CliConnection(SshClient client, DeviceTarget target) {
        this.client = client;
        this.target = target;
    }

    public synchronized void connect() throws DeviceException {
        if (isOpen()) {
            return;
        }
        close();
        DeviceTarget effective = target.pinnedHostKeyFingerprint() == null && fingerprint != null
                ? target.withPinnedHostKey(fingerprint) : target;
        session = CliSession.open(client, effective);
        fingerprint = session.hostKeyFingerprint();
    }

    /**
     * Sends one CLI line (connecting first if needed) and returns the reply without echo and
     * prompt. A shell left open by {@link #shellCommand} is exited first, so the line reaches the CLI.
     */
    public synchronized String command(String line) throws DeviceException {
        connect();
        if (session.inShell()) {
            session.leaveShell("exit");
        }
        return session.command(line);
    }

    /** As {@link #command(String)}, with its own timeout and the answers to the questions it may ask. */
    public synchronized String command(String line, Duration timeout, List<PromptAnswer> answers) throws DeviceException {
        connect();
        if (session.inShell()) {
            session.leaveShell("exit");
        }
        return session.command(line, timeout, answers);
    }

    /**
     * Sends one line to the shell that {@code enter} starts from the CLI (XR {@code bash}),
     * starting it first when the session is at the CLI (a new session, after a drop, always is).
     * Returns the reply without echo and prompt.
     */
    public synchronized String shellCommand(String enter, ShellPrompt prompt, String line) throws DeviceException {
        connect();
        if (!session.inShell()) {
            session.enterShell(enter, prompt);
        }
        return session.command(line);
    }

    /** Whether the open session is inside a shell started by {@link #shellCommand}. */
    public synchronized boolean inShell() {
        return isOpen() && session.inShell();
    }

    public synchronized boolean isOpen() {
        return session != null && session.isOpen();
    }

    /** {@code SHA256:<base64>} of the key seen on the last connect; null before the first. */
    public synchronized String hostKeyFingerprint() {
        return fingerprint;
    }

    @Override
    public synchronized void close() {
        if (session != null) {
            session.close();
            session = null;
        }
    }
}
