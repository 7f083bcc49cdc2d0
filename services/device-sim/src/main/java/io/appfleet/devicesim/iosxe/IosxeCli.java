package io.appfleet.devicesim.iosxe;

import java.util.function.Function;

/**
 * One CLI session (shell or exec channel) on a simulated IOS-XE device: the current mode and
 * terminal settings, and dispatch of a line to the mode's commands. As on IOS, a line the
 * current sub-mode does not know is tried in the parent mode, which then becomes current.
 */
public final class IosxeCli {

    /**
     * What one line produced: output text ("\n" line ends) and whether the session ends. A
     * {@code question} (IOS {@code copy}'s "Destination filename [x]?") is printed after the
     * output without a line end; the next line typed is its answer, given to {@code onAnswer}.
     */
    public record Result(String output, boolean closeSession, String question, Function<String, Result> onAnswer) {

        public Result(String output, boolean closeSession) {
            this(output, closeSession, null, null);
        }

        static Result of(String output) {
            return new Result(output, false);
        }

        static Result ask(String output, String question, Function<String, Result> onAnswer) {
            return new Result(output, false, question, onAnswer);
        }
    }

    static final String INVALID = "% Invalid input detected at '^' marker.";

    final String hostname;
    final IosxeDevice device;
    Mode mode = Mode.EXEC;
    /** App or class the current sub-mode edits. */
    String context;
    int terminalLength = 24;

    public IosxeCli(String hostname, IosxeDevice device) {
        this.hostname = hostname;
        this.device = device;
    }

    public String prompt() {
        return hostname + mode.promptSuffix;
    }

    /** The current mode's name, or null once {@code exit} ended the session. */
    public String mode() {
        return mode == null ? null : mode.name();
    }

    /** Marks the session ended (after {@code exit} in exec mode). */
    public void closed() {
        mode = null;
    }

    public int terminalLength() {
        return terminalLength;
    }

    public Result handle(String rawLine) {
        String line = rawLine.strip();
        device.tick();
        if (line.isEmpty() || line.startsWith("!")) {
            return Result.of("");
        }
        String[] words = line.split("\\s+");
        if (words[0].equals("end")) {
            String out = pendingAppBlockError("");
            mode = Mode.EXEC;
            return Result.of(out);
        }
        if (words[0].equals("exit")) {
            if (mode == Mode.EXEC) {
                return new Result("", true);
            }
            String out = mode == Mode.APP_HOSTING ? pendingAppBlockError("") : "";
            mode = mode.parent;
            return Result.of(out);
        }
        if (mode == Mode.EXEC) {
            Result file = FileCommands.handle(this, line);
            if (file != null) {
                return file;
            }
            String out = ExecCommands.handle(this, line, words);
            return Result.of(out != null ? out : invalid());
        }
        // Config modes: try the current one, then each parent, as IOS does.
        for (Mode m = mode; m != null && m != Mode.EXEC; m = m.parent) {
            String out = ConfigCommands.handle(this, m, line, words);
            if (out != null) {
                return Result.of(out);
            }
        }
        return Result.of(invalid());
    }

    /** Caret under the start of the line as typed after the prompt, then the IOS message. */
    String invalid() {
        return " ".repeat(prompt().length()) + "^\n" + INVALID + "\n";
    }

    /**
     * IOxMan checks an app block when the user leaves it: without a resource profile it refuses
     * it with the C8000V wording.
     */
    String pendingAppBlockError(String out) {
        if (context != null && (mode == Mode.APP_HOSTING || mode == Mode.APP_VNIC || mode == Mode.APP_DOCKER || mode == Mode.APP_PROFILE)) {
            AppConfig c = device.appHosting().config(context);
            if (c != null && !c.profileCustom) {
                return out + "% node--1:dbm:IOxMan:Resource Profile-names is not specified\n";
            }
        }
        return out;
    }
}
