package io.appfleet.drivers.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Device CLI output as lines, the way every parser wants it: CR/LF and CRLF both end a line,
 * trailing white space is dropped, the echoed command line (a prompt such as {@code sw1#show …})
 * is recognised, and line numbers stay those of the original output for error messages.
 */
public final class OutputLines {

    /** A CLI prompt: hostname, optional (mode), then # or >, as IOS-XE and IOS-XR print them. */
    private static final Pattern PROMPT = Pattern.compile("^(RP/\\d+/[A-Z0-9]+/CPU\\d+:)?[A-Za-z0-9][-A-Za-z0-9_.]*(\\([-a-z0-9]+\\))?[#>].*");

    public record Line(int number, String text) {
        public boolean isBlank() {
            return text.isBlank();
        }
    }

    private final List<Line> lines;

    private OutputLines(List<Line> lines) {
        this.lines = lines;
    }

    public static OutputLines of(String output) {
        if (output == null) {
            throw new ParseException("no output");
        }
        List<Line> lines = new ArrayList<>();
        String[] raw = output.split("\r\n|\r|\n", -1);
        // A final line end does not start another line.
        int count = raw.length > 0 && raw[raw.length - 1].isEmpty() ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++) {
            lines.add(new Line(i + 1, raw[i].stripTrailing()));
        }
        return new OutputLines(lines);
    }

    public List<Line> all() {
        return lines;
    }

    /** Lines that are neither blank nor a prompt (the echoed command or the next prompt). */
    public List<Line> content() {
        List<Line> out = new ArrayList<>();
        for (Line l : lines) {
            if (!l.isBlank() && !isPrompt(l.text())) {
                out.add(l);
            }
        }
        return out;
    }

    public static boolean isPrompt(String text) {
        return PROMPT.matcher(text).matches();
    }
}
