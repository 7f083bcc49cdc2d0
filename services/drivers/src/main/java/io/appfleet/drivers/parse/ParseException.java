package io.appfleet.drivers.parse;

/**
 * Device output that a parser cannot read. It names the line (1-based) and shows it, so an
 * operator can see what the device printed that we did not expect; it never means "no data".
 */
public class ParseException extends RuntimeException {

    private final int line;

    public ParseException(String what, int line, String text) {
        super(what + (line > 0 ? " at line " + line : "") + (text == null ? "" : ": '" + printable(text) + "'"));
        this.line = line;
    }

    public ParseException(String what) {
        this(what, 0, null);
    }

    /** 1-based line of the output where parsing failed; 0 when it concerns the whole output. */
    public int line() {
        return line;
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 160; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 160 ? b + "…" : b.toString();
    }
}
