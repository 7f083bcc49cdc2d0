package io.appfleet.devicesim;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.config.keys.KeyUtils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

/** Test client: a real MINA sshd client with password auth talking to a simulated device. */
final class SshCliClient implements AutoCloseable {

    private static final Pattern PROMPT_AT_END = Pattern.compile("(?s).*(?:^|\n)[\\w.-]+(?:\\([\\w-]+\\))?#$");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final SshClient client;
    private final ClientSession session;
    private final AtomicReference<PublicKey> serverKey = new AtomicReference<>();
    private ChannelShell shell;
    private OutputStream shellIn;
    private final StringBuffer received = new StringBuffer();

    SshCliClient(SimulatedDevice d) throws IOException {
        this(d, d.username(), d.password());
    }

    SshCliClient(SimulatedDevice d, String user, String password) throws IOException {
        client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((s, addr, key) -> {
            serverKey.set(key);
            return true;
        });
        client.start();
        try {
            session = client.connect(user, d.address().getHostString(), d.address().getPort())
                    .verify(TIMEOUT).getSession();
            session.addPasswordIdentity(password);
            session.auth().verify(TIMEOUT);
        } catch (IOException | RuntimeException e) {
            client.stop();
            throw e;
        }
    }

    String serverKeyFingerprint() {
        return KeyUtils.getFingerPrint(serverKey.get());
    }

    /** Opens the interactive shell and waits for the first prompt. */
    String openShell() throws IOException {
        shell = session.createShellChannel();
        shell.setOut(new OutputStream() {
            @Override
            public void write(int b) {
                received.append((char) b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                received.append(new String(b, off, len, StandardCharsets.UTF_8));
            }
        });
        shell.open().verify(TIMEOUT);
        shellIn = shell.getInvertedIn();
        return waitFor(PROMPT_AT_END).strip();
    }

    /** Sends one line, returns the reply between the echo and the next prompt ("\n" line ends). */
    String send(String line) throws IOException {
        received.setLength(0);
        shellIn.write((line + "\r").getBytes(StandardCharsets.UTF_8));
        shellIn.flush();
        String all = waitFor(PROMPT_AT_END);
        int firstNl = all.indexOf('\n');
        int lastNl = all.lastIndexOf('\n');
        return firstNl < 0 || lastNl <= firstNl ? "" : all.substring(firstNl + 1, lastNl + 1);
    }

    /** Sends raw text without waiting (paging keys, half lines). */
    void sendRaw(String text) throws IOException {
        shellIn.write(text.getBytes(StandardCharsets.UTF_8));
        shellIn.flush();
    }

    String receivedSoFar() {
        return received.toString().replace("\r\n", "\n");
    }

    void clearReceived() {
        received.setLength(0);
    }

    /** The prompt the device printed last. */
    String lastPrompt() {
        String all = receivedSoFar();
        return all.substring(all.lastIndexOf('\n') + 1);
    }

    boolean shellClosed(Duration wait) {
        return !shell.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), wait).contains(ClientChannelEvent.TIMEOUT);
    }

    /** One command on an exec channel; returns stdout. */
    String exec(String command) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.setOut(out);
            ch.setErr(out);
            ch.open().verify(TIMEOUT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
        }
        return out.toString(StandardCharsets.UTF_8).replace("\r\n", "\n");
    }

    /** One command on an exec channel; its exit status, or null when the device cut the connection first. */
    Integer execStatus(String command) throws IOException {
        try (ChannelExec ch = session.createExecChannel(command)) {
            ch.setOut(new ByteArrayOutputStream());
            ch.setErr(new ByteArrayOutputStream());
            ch.open().verify(TIMEOUT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS), TIMEOUT);
            ch.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            return ch.getExitStatus();
        }
    }

    String waitFor(Pattern p) throws IOException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String s = receivedSoFar();
            if (p.matcher(s).matches()) {
                return s;
            }
            if (shell.isClosed() || shell.isClosing()) {
                throw new IOException("channel closed; received: " + s);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("no prompt within " + TIMEOUT + "; received: " + receivedSoFar());
    }

    @Override
    public void close() throws IOException {
        try {
            session.close(true);
        } finally {
            client.stop();
        }
    }
}
