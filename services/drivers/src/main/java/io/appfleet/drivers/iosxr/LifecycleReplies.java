package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.iosxr.LifecycleReply.Outcome;
import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads the replies to appmgr lifecycle commands.
 *
 * device-protocols.md gives no IOS-XR appmgr error texts (its message table is IOS-XE only), and
 * the fixtures only show successes, which print nothing but the timestamp. The patterns below
 * are therefore the generic XR CLI/commit errors plus the wordings appmgr shares with
 * docker and IOx; a line that matches none of them is reported as a ParseException rather
 * than guessed to be harmless.
 */
public final class LifecycleReplies {

    /** One command of a transcript and what it got back. */
    public record Step(String command, AppmgrCommand parsed, LifecycleReply reply) {
    }

    // Order matters: the first pattern that matches a line decides its outcome.
    private static final List<Rule> RULES = List.of(
            new Rule(Outcome.NOT_FOUND, "does not exist|not found|not installed|no such|no app found|cannot find|unknown application"),
            new Rule(Outcome.WRONG_STATE, "already (running|stopped|activated|installed|exists|started)"
                    + "|invalid '\\w+' request|is in \\S+ state|is not running|not activated|is in use"),
            new Rule(Outcome.IN_PROGRESS, "in progress|continue in the background|please wait"),
            new Rule(Outcome.REJECTED, "^% ?invalid input|^% ?incomplete command|^% ?ambiguous command"
                    + "|failed to commit|not allowed|permission denied|not supported|unsupported|semantic error"),
            new Rule(Outcome.ERROR, "^%|error|fail|abort|unable|cannot|could not|timed out"),
            new Rule(Outcome.OK, "success|succeeded|completed|installed|uninstalled|started|stopped"));

    private record Rule(Outcome outcome, Pattern pattern) {
        Rule(Outcome outcome, String regex) {
            this(outcome, Pattern.compile(regex, Pattern.CASE_INSENSITIVE));
        }
    }

    private LifecycleReplies() {
    }

    /**
     * The reply to one command. Everything the router printed besides prompts, echoes and the
     * timestamp is judged; the worst outcome wins, so one error line fails the command.
     */
    public static LifecycleReply parse(String command, String output) {
        AppmgrCommand cmd = AppmgrCommand.parse(command);
        String appId = cmd == null ? null : cmd.appId();
        if (output == null || output.isBlank()) {
            throw new ParseException("no reply at all (XR echoes at least a timestamp)");
        }
        return judge(appId, XrOutput.content(output));
    }

    /**
     * A whole session transcript (the teardown fixture: stop, then `no application` in config
     * mode, commit, then package uninstall): one step per lifecycle command. Config-mode
     * commands only take effect at `commit`, so what commit prints is their reply.
     */
    public static List<Step> transcript(String output) {
        List<Step> steps = new ArrayList<>();
        List<Pending> pendingConfig = new ArrayList<>();
        List<Pending> current = List.of();
        List<Pending> all = new ArrayList<>();
        for (Line l : OutputLines.of(output).all()) {
            String text = l.text();
            if (text.isBlank() || XrOutput.isTimestamp(text)) {
                continue;
            }
            if (OutputLines.isPrompt(text)) {
                String typed = typedCommand(text);
                AppmgrCommand cmd = AppmgrCommand.parse(typed);
                if (cmd != null) {
                    Pending p = new Pending(typed, cmd);
                    all.add(p);
                    if (text.contains("(config")) {
                        pendingConfig.add(p);
                        current = List.of();
                    } else {
                        current = List.of(p);
                    }
                } else if (typed.equals("commit") || typed.startsWith("commit ")) {
                    current = List.copyOf(pendingConfig);
                    pendingConfig.clear();
                } else {
                    current = List.of(); // config, appmgr, end, show …: not ours to judge
                }
                continue;
            }
            for (Pending p : current) {
                p.lines.add(l);
            }
        }
        if (all.isEmpty()) {
            throw new ParseException("no appmgr lifecycle command in the transcript");
        }
        for (Pending p : all) {
            steps.add(new Step(p.command, p.cmd, judge(p.cmd.appId(), p.lines)));
        }
        return List.copyOf(steps);
    }

    private static final class Pending {
        final String command;
        final AppmgrCommand cmd;
        final List<Line> lines = new ArrayList<>();

        Pending(String command, AppmgrCommand cmd) {
            this.command = command;
            this.cmd = cmd;
        }
    }

    /** What follows the prompt's '#' or '>': the command the operator typed. */
    private static String typedCommand(String prompt) {
        int hash = prompt.indexOf('#');
        int gt = prompt.indexOf('>');
        int at = hash < 0 ? gt : (gt < 0 ? hash : Math.min(hash, gt));
        return AppmgrCommand.normalize(prompt.substring(at + 1));
    }

    private static LifecycleReply judge(String appId, List<Line> lines) {
        Outcome worst = Outcome.OK;
        List<String> messages = new ArrayList<>();
        for (Line l : lines) {
            Outcome o = classify(l);
            messages.add(l.text().trim());
            if (severity(o) > severity(worst)) {
                worst = o;
            }
        }
        return new LifecycleReply(worst, appId, messages.isEmpty() ? null : String.join("\n", messages));
    }

    private static Outcome classify(Line l) {
        for (Rule r : RULES) {
            if (r.pattern.matcher(l.text().trim()).find()) {
                return r.outcome;
            }
        }
        throw new ParseException("unrecognised reply to an appmgr command", l.number(), l.text());
    }

    /** Specific failures outrank generic ones: a NOT_FOUND line explains the ERROR line next to it. */
    private static int severity(Outcome o) {
        return switch (o) {
            case OK -> 0;
            case IN_PROGRESS -> 1;
            case ERROR -> 2;
            case REJECTED -> 3;
            case WRONG_STATE -> 4;
            case NOT_FOUND -> 5;
        };
    }
}
