package io.appfleet.drivers.ssh;

import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A test peer, not a device simulator: a real MINA SSH server whose shell prints a prompt,
 * echoes each line, answers it through {@link #responder}, tracks config sub-modes, and on
 * request pages with --More--, stalls, drops the session, or changes its host key.
 */
public final class ScriptedShellServer implements AutoCloseable {

    public final String user;
    final String password;
    final SshServer server;
    public final List<String> received = new CopyOnWriteArrayList<>();
    final AtomicInteger passwordAttempts = new AtomicInteger();

    public volatile String hostname = "sw1";
    /** Put before the hostname, as IOS-XR does ("RP/0/RP0/CPU0:"). */
    public volatile String promptPrefix = "";
    /** '#' privileged, '>' user exec. */
    public volatile char promptChar = '#';
    public volatile Function<String, String> responder = line -> "";
    /** Page output even after "terminal length 0". */
    public volatile boolean pageAlways;
    public volatile int pageSize = 20;
    /** Questions a command asks, one after the other, before its reply (each waits for a line). */
    public volatile Function<String, List<String>> questions = line -> List.of();
    /** The lines that answered {@link #questions}, in order. */
    public final List<String> answers = new CopyOnWriteArrayList<>();
    /** A command that is never answered. */
    public volatile String stallOn;
    /** A command at which the whole session is closed. */
    public volatile String dropOn;

    public ScriptedShellServer(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(newKey()));
        server.setPasswordAuthenticator((u, p, s) -> {
            passwordAttempts.incrementAndGet();
            return user.equals(u) && password.equals(p);
        });
        server.setShellFactory(channel -> new Shell());
        server.start();
    }

    public int port() {
        return server.getPort();
    }

    /** New sessions see a different host key from now on. */
    public void changeHostKey() {
        server.setKeyPairProvider(KeyPairProvider.wrap(newKey()));
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(256);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    private final class Shell implements Command, Runnable {
        private InputStream in;
        private OutputStream out;
        private ExitCallback exit;
        private ChannelSession channel;
        private Thread thread;
        private boolean paging = true;
        private final Deque<String> modes = new ArrayDeque<>();

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            this.channel = channel;
            thread = new Thread(this, "scripted-shell");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
            thread.interrupt();
        }

        @Override
        public void run() {
            try {
                write("\r\nUser Access Verification banner\r\n\r\n" + prompt());
                StringBuilder line = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0) {
                    if (c == '\r' || c == '\n') {
                        handle(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) c);
                    }
                }
            } catch (IOException e) {
                // client went away
            } finally {
                exit.onExit(0);
            }
        }

        private void handle(String line) throws IOException {
            received.add(line);
            write(line + "\r\n");
            if (line.equals(stallOn)) {
                return;
            }
            if (line.equals(dropOn)) {
                channel.getSession().close(true);
                return;
            }
            switch (line.strip()) {
                case "terminal length 0" -> paging = false;
                case "configure terminal" -> modes.push("config");
                case "end" -> modes.clear();
                case "exit" -> {
                    if (!modes.isEmpty()) {
                        modes.pop();
                    }
                }
                default -> {
                    if (line.startsWith("app-hosting appid ") && "config".equals(modes.peek())) {
                        modes.push("config-app-hosting");
                    }
                }
            }
            for (String q : questions.apply(line)) {
                write(q);
                StringBuilder answer = new StringBuilder();
                int c;
                while ((c = in.read()) >= 0 && c != '\r' && c != '\n') {
                    answer.append((char) c);
                }
                answers.add(answer.toString());
                write(answer + "\r\n");
            }
            String reply = responder.apply(line);
            if (reply != null && !reply.isEmpty()) {
                writePaged(reply);
            }
            write(prompt());
        }

        private void writePaged(String reply) throws IOException {
            String[] lines = reply.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                write(lines[i] + "\r\n");
                if ((paging || pageAlways) && (i + 1) % pageSize == 0 && i + 1 < lines.length) {
                    write(" --More-- ");
                    int c = in.read();
                    if (c != ' ') {
                        throw new IOException("expected a space after --More--, got " + c);
                    }
                    write("\b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b");
                }
            }
        }

        private String prompt() {
            String mode = modes.isEmpty() ? "" : "(" + modes.peek() + ")";
            return promptPrefix + hostname + mode + promptChar;
        }

        private void write(String s) throws IOException {
            out.write(s.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
