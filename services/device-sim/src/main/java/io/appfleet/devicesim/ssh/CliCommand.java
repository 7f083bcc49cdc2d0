package io.appfleet.devicesim.ssh;

import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.devicesim.iosxe.IosxeCli;
import io.appfleet.devicesim.iosxr.IosxrCli;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * The device CLI on one SSH channel: an interactive shell (echo, prompts, {@code --More--}
 * paging) when {@code execCommand} is null, otherwise one exec-channel command. Output uses
 * CRLF line ends as IOS does.
 */
final class CliCommand implements Command {

    private static final String MORE = " --More-- ";
    private static final String ERASE_MORE = "\b".repeat(MORE.length()) + " ".repeat(MORE.length())
            + "\b".repeat(MORE.length());

    private final SimulatedDevice device;
    private final String execCommand;
    private final ExecutorService threads;
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private ChannelSession channel;
    private Future<?> task;

    CliCommand(SimulatedDevice device, String execCommand, ExecutorService threads) {
        this.device = device;
        this.execCommand = execCommand;
        this.threads = threads;
    }

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
        // IOS writes everything, errors included, to the terminal.
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        this.channel = channel;
        task = threads.submit(() -> {
            try {
                if (device == null) {
                    exit.onExit(1, "no device on this address");
                } else if (execCommand != null) {
                    runExec();
                } else {
                    runShell();
                }
            } catch (IOException | InterruptedException e) {
                exit.onExit(1, e.toString());
            }
        });
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (task != null) {
            task.cancel(true);
        }
    }

    private void runExec() throws IOException, InterruptedException {
        Cli cli = newCli();
        Cli.Out r = respond(cli, execCommand, "exec");
        if (r == null) {
            return;
        }
        // No terminal to ask on: every question takes its default, as Enter would.
        StringBuilder output = new StringBuilder(r.output());
        while (r.question() != null) {
            output.append(r.question()).append('\n');
            r = r.onAnswer().apply("");
            output.append(r.output());
        }
        write(output.toString());
        exit.onExit(0);
    }

    private void runShell() throws IOException, InterruptedException {
        Cli cli = newCli();
        write("\n" + cli.prompt());
        StringBuilder line = new StringBuilder();
        Pager pager = null;
        Function<String, Cli.Out> question = null;
        boolean lastCr = false;
        int c;
        while ((c = in.read()) >= 0) {
            boolean lf = c == '\n';
            if (lf && lastCr) {
                lastCr = false;
                continue;
            }
            lastCr = c == '\r';
            if (pager != null) {
                pager = pager.key(c == 'q' || c == 'Q' ? 'q' : (c == '\r' || lf) ? '\n' : ' ');
                if (pager == null) {
                    write(cli.prompt());
                }
                continue;
            }
            if (c == '\r' || lf) {
                write("\n");
                Cli.Out r;
                if (question != null) {
                    // The line answers the last command's question; it is not a command of its own.
                    r = question.apply(line.toString());
                    question = null;
                } else {
                    r = respond(cli, line.toString(), "shell");
                }
                line.setLength(0);
                if (r == null) {
                    return;
                }
                if (r.question() != null) {
                    write(r.output() + r.question());
                    question = r.onAnswer();
                    continue;
                }
                String output = r.output();
                if (cli.mode() == null) {
                    exit.onExit(0);
                    return;
                }
                if (Pager.pages(output, cli.terminalLength())) {
                    pager = Pager.start(this, output, cli.terminalLength());
                } else {
                    // The reply and the prompt after it in one write (one packet), as they leave the device together.
                    write(output + cli.prompt());
                }
            } else if (c == 0x7f || c == '\b') {
                if (line.length() > 0) {
                    line.setLength(line.length() - 1);
                    write("\b \b");
                }
            } else if (c == 0x1a) {
                // Ctrl-Z: same as "end".
                write("^Z\n");
                respond(cli, "end", "shell");
                write(cli.prompt());
            } else if (c >= 0x20) {
                line.append((char) c);
                out.write(c);
                // Echo what arrived together in one packet, as a device's line discipline does, not a packet per key:
                // the bytes are the same, but a packet each costs both ends a MAC, a cipher pass and a wake-up.
                if (in.available() == 0) {
                    out.flush();
                }
            }
        }
        exit.onExit(0);
    }

    /**
     * Applies latency and drop faults, logs the line and runs it. Returns null when the session was
     * dropped; what the line produced otherwise (a prompt-less text, maybe a question).
     */
    private Cli.Out respond(Cli cli, String line, String channelKind) throws IOException, InterruptedException {
        long latency = device.faults().latencyMs();
        if (latency > 0) {
            Thread.sleep(latency);
        }
        if (!line.isBlank() && device.faults().takeCrash()) {
            crashOneRunningApp();
        }
        if (!line.isBlank() && device.faults().takeStall()) {
            // No reply, ever: the command is not run, and the thread waits until the client gives up.
            long giveUp = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
            while (channel.isOpen() && !channel.isClosing() && System.nanoTime() < giveUp) {
                Thread.sleep(50);
            }
            return null;
        }
        boolean drop = !line.isBlank() && device.faults().takeDrop();
        if (!line.isBlank()) {
            // Logged when it runs, not when it arrives: a line whose session is cut during the latency (a killed
            // client) never ran, and a test counting repeated steps must not see it as one.
            device.commandLog().add(channelKind, line.strip());
        }
        Cli.Out r = cli.handle(line);
        if (drop) {
            // Half a reply, then the connection is cut: the client must not assume the command ran or not.
            write(r.output().substring(0, r.output().length() / 2));
            channel.getSession().close(true);
            return null;
        }
        if (r.closeSession()) {
            cli.closed();
        }
        return r;
    }

    /** crashRate: the first running app (in the device's order) stops on its own. */
    private void crashOneRunningApp() {
        if (device.iosxr() != null) {
            device.iosxr().applications().stream().filter(device.iosxr()::isRunning).findFirst()
                    .ifPresent(device::crashApp);
        } else {
            device.iosxe().appHosting().apps().stream()
                    .filter(a -> a.state() == io.appfleet.devicesim.iosxe.AppState.RUNNING).findFirst()
                    .ifPresent(a -> device.crashApp(a.appId()));
        }
    }

    /** What the shell loop needs of a platform's CLI session. */
    private interface Cli {
        /** {@code question}, when set, is printed after the output; the next line goes to {@code onAnswer}. */
        record Out(String output, boolean closeSession, String question, Function<String, Out> onAnswer) {
            Out(String output, boolean closeSession) {
                this(output, closeSession, null, null);
            }
        }

        String prompt();

        String mode();

        void closed();

        int terminalLength();

        Out handle(String line);
    }

    private Cli newCli() {
        if (device.iosxr() != null) {
            IosxrCli c = new IosxrCli(device.hostname(), device.iosxr());
            return new Cli() {
                public String prompt() { return c.prompt(); }
                public String mode() { return c.mode(); }
                public void closed() { c.closed(); }
                public int terminalLength() { return c.terminalLength(); }
                public Out handle(String line) {
                    IosxrCli.Result r = c.handle(line);
                    return new Out(r.output(), r.closeSession());
                }
            };
        }
        IosxeCli c = new IosxeCli(device.hostname(), device.iosxe());
        return new Cli() {
            public String prompt() { return c.prompt(); }
            public String mode() { return c.mode(); }
            public void closed() { c.closed(); }
            public int terminalLength() { return c.terminalLength(); }
            public Out handle(String line) {
                return out(c.handle(line));
            }

            private Out out(IosxeCli.Result r) {
                return r.question() == null ? new Out(r.output(), r.closeSession())
                        : new Out(r.output(), r.closeSession(), r.question(), answer -> out(r.onAnswer().apply(answer)));
            }
        };
    }

    void write(String text) throws IOException {
        out.write(text.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Output longer than the terminal, shown a page at a time ("terminal length N", N > 0). */
    private static final class Pager {
        private final CliCommand cmd;
        private final List<String> lines;
        private final int page;
        private int next;

        private Pager(CliCommand cmd, List<String> lines, int page) {
            this.cmd = cmd;
            this.lines = lines;
            this.page = page;
        }

        /** Whether {@code output} is longer than the terminal and is shown a page at a time. */
        static boolean pages(String output, int terminalLength) {
            if (terminalLength <= 0) {
                return false;
            }
            return output.lines().limit(terminalLength).count() >= terminalLength;
        }

        /** Shows the first page of output that {@link #pages} pages; null when it all fit. */
        static Pager start(CliCommand cmd, String output, int terminalLength) throws IOException {
            List<String> lines = output.lines().toList();
            if (terminalLength <= 0 || lines.size() < terminalLength) {
                cmd.write(output);
                return null;
            }
            Pager p = new Pager(cmd, lines, terminalLength - 1);
            return p.show(p.page);
        }

        /** ' ' next page, '\n' next line, 'q' stop. Returns null when done. */
        Pager key(char k) throws IOException {
            cmd.write(ERASE_MORE);
            if (k == 'q') {
                return null;
            }
            return show(k == '\n' ? 1 : page);
        }

        private Pager show(int count) throws IOException {
            int end = Math.min(lines.size(), next + count);
            StringBuilder sb = new StringBuilder();
            for (; next < end; next++) {
                sb.append(lines.get(next)).append('\n');
            }
            cmd.write(sb.toString());
            if (next >= lines.size()) {
                return null;
            }
            cmd.write(MORE);
            return this;
        }
    }
}
