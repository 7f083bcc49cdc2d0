package io.appfleet.drivers.ssh;

import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceException.Reason;
import io.appfleet.drivers.DeviceTarget;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelShell;
import org.apache.sshd.client.session.ClientSession;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * An interactive CLI on one device over one SSH shell channel, kept open and reused for every
 * command. A command is sent, then the reply is read until the device's prompt comes back; the
 * echoed command and the prompt are stripped. Every wait has a deadline: on timeout, or when
 * the device drops the session, the session is closed (never left half-open) and the call fails
 * with a typed {@link DeviceException}. Not thread-safe: one caller at a time per device.
 *
 * <p>The password is sent only after the host key has been checked, and never appears in a log
 * line or exception message.
 */
public final class CliSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(CliSession.class.getName());
    /** A device that keeps asking after this many answers is not asking anything we understand. */
    private static final int MAX_ANSWERS = 16;

    private final DeviceTarget target;
    private final ClientSession session;
    private final ChannelShell channel;
    private final ReplyBuffer buffer;
    private final OutputStream toDevice;
    private final String fingerprint;
    private CliPrompt prompt;
    /** Set while a shell started from the CLI (XR {@code bash}) has the terminal; null at the CLI. */
    private ShellPrompt shell;

    private CliSession(DeviceTarget target, ClientSession session, ChannelShell channel, ReplyBuffer buffer,
                       String fingerprint) {
        this.target = target;
        this.session = session;
        this.channel = channel;
        this.buffer = buffer;
        this.toDevice = channel.getInvertedIn();
        this.fingerprint = fingerprint;
    }

    /**
     * Connects, checks the host key against {@code target.pinnedHostKeyFingerprint()} (trust on
     * first use when there is none), logs in, waits for the first prompt and turns paging off.
     */
    public static CliSession open(SshClient client, DeviceTarget target) throws DeviceException {
        String where = SshLogin.where(target);
        String password = target.login().password();
        Duration connectTimeout = target.connectTimeout();
        SshLogin.Authenticated login = SshLogin.open(client, target);
        ClientSession session = login.session();
        String fingerprint = login.fingerprint();
        try {
            ReplyBuffer buffer = new ReplyBuffer();
            ChannelShell channel;
            try {
                channel = session.createShellChannel();
            } catch (IOException e) {
                throw new DeviceException(Reason.UNREACHABLE, "session to " + where + " dropped after login");
            }
            channel.setOut(buffer);
            channel.setErr(buffer);
            channel.setPtyType("vt100");
            // Wide enough that IOS never wraps a line (wrapping would split the echo and table rows).
            channel.setPtyColumns(511);
            channel.setPtyLines(24);
            channel.addCloseFutureListener(f -> buffer.markClosed());
            session.addCloseFutureListener(f -> buffer.markClosed());
            try {
                channel.open().verify(connectTimeout);
            } catch (IOException e) {
                throw new DeviceException(SshLogin.isTimeout(e) ? Reason.TIMEOUT : Reason.PROTOCOL,
                        where + " refused a shell: " + redact(e.getMessage(), password));
            }

            CliSession cli = new CliSession(target, session, channel, buffer, fingerprint);
            session = null; // owned by cli from here; cli.close() releases it on failure
            cli.login();
            return cli;
        } finally {
            if (session != null) {
                session.close(true);
            }
        }
    }

    private void login() throws DeviceException {
        try {
            String banner = readUntil(null, target.commandTimeout(), List.of(), "the first prompt", null);
            CliPrompt.Learnt learnt = CliPrompt.learn(banner);
            if (learnt.userExec()) {
                throw new DeviceException(Reason.PROTOCOL, target.id() + " opened in user EXEC mode ('" + learnt.text()
                        + "'); the account needs privilege 15");
            }
            prompt = learnt.prompt();
            command("terminal length 0");
            LOG.log(Level.DEBUG, "CLI session to {0} open, prompt {1}#", target.id(), prompt.hostname());
        } catch (DeviceException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The device's host key fingerprint, {@code SHA256:<base64>}, for the caller to pin. */
    public String hostKeyFingerprint() {
        return fingerprint;
    }

    /** The hostname the prompt shows. */
    public String hostname() {
        return prompt.hostname();
    }

    public boolean isOpen() {
        return !buffer.isClosed() && channel.isOpen() && session.isOpen();
    }

    /**
     * Starts a shell from the CLI ({@code line}, e.g. XR's {@code bash}) and waits for its
     * prompt; until {@link #leaveShell} every {@link #command} goes to that shell and ends at that
     * prompt. Returns what the device printed while starting it.
     */
    public String enterShell(String line, ShellPrompt shellPrompt) throws DeviceException {
        if (shell != null) {
            throw new IllegalStateException("already in a shell");
        }
        String reply = exchange(line, target.commandTimeout(), shellPrompt, List.of());
        shell = shellPrompt;
        return reply;
    }

    /** Ends the shell with {@code line} ({@code exit}) and waits for the CLI prompt again. */
    public String leaveShell(String line) throws DeviceException {
        if (shell == null) {
            return "";
        }
        ShellPrompt was = shell;
        shell = null;
        try {
            return exchange(line, target.commandTimeout(), null, List.of());
        } catch (DeviceException | RuntimeException e) {
            shell = was;
            throw e;
        }
    }

    /** Whether a shell started by {@link #enterShell} has the terminal. */
    public boolean inShell() {
        return shell != null;
    }

    /** Sends one CLI line and returns the reply, without the echo and the prompt, within the target's command timeout. */
    public String command(String line) throws DeviceException {
        return command(line, target.commandTimeout());
    }

    /**
     * Sends one CLI line and returns the reply, without the echo and the prompt. The line must
     * not contain a line break or a control character (it would be a second command).
     */
    public String command(String line, Duration timeout) throws DeviceException {
        return command(line, timeout, List.of());
    }

    /**
     * Sends one CLI line, answers the questions the command asks on the way with {@code answers}
     * (the first whose question ends the output so far), and returns the whole reply, questions
     * included, without the echo and the prompt. {@code timeout} bounds the whole exchange.
     */
    public String command(String line, Duration timeout, List<PromptAnswer> answers) throws DeviceException {
        return exchange(line, timeout, shell, answers);
    }

    /** One line, read until {@code until}'s prompt when set, else until the CLI prompt. */
    private String exchange(String line, Duration timeout, ShellPrompt until, List<PromptAnswer> answers)
            throws DeviceException {
        requireOneLine(line);
        if (!isOpen()) {
            close();
            throw new DeviceException(Reason.UNREACHABLE, "session to " + target.id() + " is closed");
        }
        buffer.clear();
        send(line + "\n");
        String raw = readUntil(line, timeout, answers, "the reply to '" + line + "'", until);
        return clean(raw, line, until);
    }

    private static void requireOneLine(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                throw new IllegalArgumentException("CLI line contains a line break or control character at position " + (i + 1));
            }
        }
    }

    private void send(String text) throws DeviceException {
        try {
            toDevice.write(text.getBytes(StandardCharsets.UTF_8));
            toDevice.flush();
        } catch (IOException e) {
            close();
            throw new DeviceException(Reason.UNREACHABLE, "session to " + target.id() + " dropped while sending");
        }
    }

    /**
     * Reads until a prompt ends the output ({@code until}'s when set, else the CLI's), answering
     * --More-- pages and {@code answers}' questions on the way. Each chunk that arrives is scanned
     * once ({@link ReplyScan}); the checks for a prompt or a question look at the last line only.
     */
    private String readUntil(String command, Duration timeout, List<PromptAnswer> answers, String what,
                             ShellPrompt until)
            throws DeviceException {
        long deadline = System.nanoTime() + timeout.toNanos();
        ReplyScan reply = new ReplyScan();
        int seen = 0;
        int pagesAnswered = 0;
        int questionsAnswered = 0;
        int answeredUpTo = 0;
        try {
            while (true) {
                byte[] fresh = buffer.since(seen);
                seen += fresh.length;
                reply.append(fresh);
                int pages = reply.pages();
                if (pages > pagesAnswered) {
                    // Paging should be off (terminal length 0), but some modes or releases page anyway.
                    pagesAnswered = pages;
                    send(" ");
                } else if (reply.complete() && endsWithPrompt(reply.text(), until)) {
                    return reply.toString();
                } else if (!answers.isEmpty() && reply.complete()) {
                    // Only what came after the last answer: a question is answered once.
                    PromptAnswer a = reply.asked(answers, answeredUpTo);
                    if (a != null) {
                        if (++questionsAnswered > MAX_ANSWERS) {
                            close();
                            throw new DeviceException(Reason.PROTOCOL, target.id() + " kept asking questions while "
                                    + "waiting for " + what + "; session closed");
                        }
                        answeredUpTo = reply.length();
                        send(a.reply() + "\n");
                    }
                }
                if (buffer.isClosed()) {
                    close();
                    throw new DeviceException(Reason.UNREACHABLE, target.id() + " dropped the session while waiting for " + what);
                }
                if (!buffer.awaitMore(seen, deadline)) {
                    close();
                    throw new DeviceException(Reason.TIMEOUT, "no prompt from " + target.id() + " within " + timeout
                            + " waiting for " + what + "; session closed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DeviceException(Reason.TIMEOUT, "interrupted waiting for " + what + " from " + target.id());
        }
    }

    private boolean endsWithPrompt(CharSequence text, ShellPrompt until) {
        return until != null ? until.endsWithPrompt(text)
                : prompt == null ? CliPrompt.learn(text) != null : prompt.endsWithPrompt(text);
    }

    /** The reply as lines: paging marks and erasures removed, the echo and the final prompt dropped. */
    private String clean(String raw, String command, ShellPrompt until) {
        return ReplyLines.clean(raw, command, until != null ? until::isPromptLine : prompt::isPromptLine);
    }

    /** Closes the channel and the session at once. Never throws; safe to call twice. */
    @Override
    public void close() {
        buffer.markClosed();
        try {
            channel.close(true);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing channel to {0}: {1}", target.id(), e.getClass().getSimpleName());
        }
        try {
            session.close(true);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "closing session to {0}: {1}", target.id(), e.getClass().getSimpleName());
        }
    }

    /** Removes the password from text that came from elsewhere (a library's message). */
    static String redact(String text, String password) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "****");
    }
}
