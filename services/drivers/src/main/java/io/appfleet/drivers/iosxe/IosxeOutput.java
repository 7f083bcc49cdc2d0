package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks every IOS-XE show parser needs before it reads its own format. */
final class IosxeOutput {

    /** "Key : value" as IOS-XE prints it, with any indentation and any padding around the colon. */
    static final Pattern KEY_VALUE = Pattern.compile("^\\s*([^:]*?[^:\\s])\\s*:\\s*(.*)$");
    static final Pattern DASHES = Pattern.compile("^\\s*[-=]{5,}\\s*$");

    private IosxeOutput() {
    }

    /**
     * Content lines of a show command. An empty reply, a CLI error ("% Invalid input", "% Error")
     * or binary noise must not read as "nothing configured", so they fail here.
     */
    static List<Line> content(String output, String command) {
        List<Line> lines = OutputLines.of(output).content();
        if (lines.isEmpty()) {
            throw new ParseException("no output from '" + command + "'");
        }
        for (Line l : lines) {
            if (hasControlChars(l.text())) {
                throw new ParseException("binary data in output of '" + command + "'", l.number(), l.text());
            }
        }
        Line first = lines.get(0);
        if (first.text().stripLeading().startsWith("%")) {
            throw new ParseException("device refused '" + command + "'", first.number(), first.text());
        }
        return lines;
    }

    static boolean hasControlChars(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '\t' && (Character.isISOControl(c) || c == '\uFFFD')) {
                return true;
            }
        }
        return false;
    }

    static boolean isDashes(Line l) {
        return DASHES.matcher(l.text()).matches();
    }

    static int indent(Line l) {
        String t = l.text();
        int i = 0;
        while (i < t.length() && t.charAt(i) == ' ') {
            i++;
        }
        return i;
    }

    static Matcher require(Pattern p, Line l, String what) {
        Matcher m = p.matcher(l.text());
        if (!m.matches()) {
            throw new ParseException("expected " + what, l.number(), l.text());
        }
        return m;
    }

    static long parseLong(String digits, Line l) {
        try {
            return Long.parseLong(digits.trim());
        } catch (NumberFormatException e) {
            throw new ParseException("expected a number", l.number(), l.text());
        }
    }

    static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
