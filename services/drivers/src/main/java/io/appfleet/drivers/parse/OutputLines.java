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
        // One pass, as output.split("\r\n|\r|\n", -1) would cut it: CR-LF is one line end, a lone CR or LF another.
        List<Line> lines = new ArrayList<>();
        int n = output.length();
        int lineStart = 0;
        for (int i = 0; i < n; i++) {
            char c = output.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(new Line(lines.size() + 1, output.substring(lineStart, i).stripTrailing()));
                if (c == '\r' && i + 1 < n && output.charAt(i + 1) == '\n') {
                    i++;
                }
                lineStart = i + 1;
            }
        }
        // A final line end does not start another line.
        if (lineStart < n) {
            lines.add(new Line(lines.size() + 1, output.substring(lineStart).stripTrailing()));
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
        // Most lines hold neither '#' nor '>': no need to run the pattern on them.
        if (text.indexOf('#') < 0 && text.indexOf('>') < 0) {
            return false;
        }
        return PROMPT.matcher(text).matches();
    }
}
