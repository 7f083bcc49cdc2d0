package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.LifecycleReply.Outcome;
import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Replies to the app-hosting lifecycle verbs, in the 16.x (synchronous) and 17.x (asynchronous
 * install/uninstall) wordings. Errors are recognised by their wording, not by a "%" prefix: the
 * wrong-state reply has none.
 */
public final class LifecycleReplyParser {

    private static final Pattern APPID_IN_COMMAND = Pattern.compile("\\bappid\\s+(\\S+)");
    // 17.x announces completion of the background install as syslog; its text is read like a reply.
    private static final Pattern SYSLOG = Pattern.compile("^.*%[A-Z_]+-\\d-[A-Z_]+:.*?app-hosting:\\s*(.*)$");
    private static final Pattern CARET = Pattern.compile("^\\s*\\^\\s*$");
    private static final Pattern WRONG_STATE = Pattern.compile("^Invalid '(\\w+)' request\\. (\\S+) is in (\\S+)$");
    private static final Pattern NOT_FOUND = Pattern.compile(
            "^% Error: (?:The application: (\\S+?), does not exist|No App found with name '([^']*)').*$");
    private static final Pattern IN_PROGRESS = Pattern.compile(
            "^(?:Installing package '.*' for '([^']+)'|Uninstalling '([^']+)')\\. Use 'show app-hosting list' for progress\\.?$");
    private static final Pattern SUCCESS = Pattern.compile(
            "(?:^|:\\s)(\\S+) (?:installed|activated|started|stopped|deactivated|uninstalled|upgraded) successfully\\b");
    private static final Pattern CURRENT_STATE = Pattern.compile("Current state is:?\\s*([A-Z][A-Z_-]*)");
    private static final Pattern FAILED = Pattern.compile("^(?:% Error:|\\w+ failed:).*$");

    private LifecycleReplyParser() {
    }

    /**
     * The reply to {@code command}. When the output is a pasted session with several echoed
     * app-hosting commands, the reply under the echo of this command is read.
     */
    public static LifecycleReply parse(String command, String output) {
        OutputLines all = OutputLines.of(output);
        List<Segment> segments = segments(all);
        if (segments.size() <= 1) {
            return parseLines(command, all.content());
        }
        String wanted = normalize(command);
        Segment match = null;
        for (Segment s : segments) {
            if (normalize(s.command()).equalsIgnoreCase(wanted)) {
                match = s;
            }
        }
        if (match == null) {
            throw new ParseException("no reply to '" + command + "' among the echoed commands");
        }
        return parseLines(match.command(), match.lines());
    }

    /**
     * A pasted session of several lifecycle commands, each echoed after a prompt as in the 16.x
     * fixtures; one reply per command, in order.
     */
    public static List<LifecycleReply> parseTranscript(String output) {
        OutputLines all = OutputLines.of(output);
        List<Segment> segments = segments(all);
        List<Line> content = all.content();
        int firstEcho = segments.isEmpty() ? Integer.MAX_VALUE : segments.get(0).echo().number();
        if (!content.isEmpty() && content.get(0).number() < firstEcho) {
            throw new ParseException("expected an echoed 'app-hosting' command", content.get(0).number(), content.get(0).text());
        }
        if (segments.isEmpty()) {
            throw new ParseException("no app-hosting command in transcript");
        }
        return segments.stream().map(s -> parseLines(s.command(), s.lines())).toList();
    }

    private record Segment(Line echo, String command, List<Line> lines) {
    }

    private static List<Segment> segments(OutputLines all) {
        List<Segment> segments = new ArrayList<>();
        for (Line l : all.all()) {
            String echoed = echoedCommand(l);
            if (echoed != null) {
                segments.add(new Segment(l, echoed, new ArrayList<>()));
            } else if (!segments.isEmpty() && !l.isBlank() && !OutputLines.isPrompt(l.text())) {
                segments.get(segments.size() - 1).lines().add(l);
            }
        }
        return segments;
    }

    private static String echoedCommand(Line l) {
        int mark = l.text().indexOf('#');
        if (!OutputLines.isPrompt(l.text()) || mark < 0) {
            return null;
        }
        String command = l.text().substring(mark + 1).strip();
        return command.startsWith("app-hosting ") ? command : null;
    }

    private static String normalize(String command) {
        return command.strip().replaceAll("\\s+", " ");
    }

    private static LifecycleReply parseLines(String command, List<Line> content) {
        List<Line> lines = content.stream().filter(l -> !CARET.matcher(l.text()).matches()).toList();
        if (lines.isEmpty()) {
            throw new ParseException("no reply to '" + command + "'");
        }
        for (Line l : lines) {
            if (IosxeOutput.hasControlChars(l.text())) {
                throw new ParseException("binary data in reply to '" + command + "'", l.number(), l.text());
            }
        }
        Matcher cmd = APPID_IN_COMMAND.matcher(command);
        String commandAppId = cmd.find() ? cmd.group(1) : null;
        String message = lines.stream().map(l -> l.text().strip()).collect(Collectors.joining("\n"));
        String state = currentState(lines);
        for (Line l : lines) {
            LifecycleReply r = classify(reply(l), commandAppId, state, message);
            if (r != null) {
                return r;
            }
        }
        throw new ParseException("unrecognised reply to '" + command + "'", lines.get(0).number(), lines.get(0).text());
    }

    private static String reply(Line l) {
        Matcher m = SYSLOG.matcher(l.text());
        return m.matches() ? m.group(1).strip() : l.text().strip();
    }

    private static String currentState(List<Line> lines) {
        for (Line l : lines) {
            Matcher m = CURRENT_STATE.matcher(l.text());
            if (m.find()) {
                return m.group(1);
            }
        }
        return null;
    }

    private static LifecycleReply classify(String text, String commandAppId, String state, String message) {
        Matcher m;
        if ((m = WRONG_STATE.matcher(text)).matches()) {
            return new LifecycleReply(Outcome.WRONG_STATE, m.group(2), m.group(3), message);
        }
        if ((m = NOT_FOUND.matcher(text)).matches()) {
            String app = m.group(1) != null ? m.group(1) : m.group(2);
            return new LifecycleReply(Outcome.NOT_FOUND, app, null, message);
        }
        if ((m = IN_PROGRESS.matcher(text)).matches()) {
            String app = m.group(1) != null ? m.group(1) : m.group(2);
            return new LifecycleReply(Outcome.IN_PROGRESS, app, null, message);
        }
        if ((m = SUCCESS.matcher(text)).find()) {
            return new LifecycleReply(Outcome.OK, m.group(1), state, message);
        }
        if (FAILED.matcher(text).matches()) {
            return new LifecycleReply(Outcome.ERROR, commandAppId, null, message);
        }
        if (text.startsWith("%")) {
            return new LifecycleReply(Outcome.REJECTED, commandAppId, null, message);
        }
        return null;
    }
}
