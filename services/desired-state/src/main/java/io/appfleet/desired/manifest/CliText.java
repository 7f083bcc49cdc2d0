package io.appfleet.desired.manifest;

/**
 * The gate for every manifest value that ends up on a device CLI line (run options, environment,
 * command, image reference, version). The same rule as the drivers' {@code CliInput.text}: a
 * device CLI has no quoting to rely on, so instead of escaping we refuse line breaks, {@code ;},
 * quotes of every kind and control or invisible characters. Refusing at apply time gives the
 * operator a 400 naming the field instead of an app that fails on every device.
 */
public final class CliText {

    /** Longest free-text value a driver sends (one run-opts line). */
    public static final int MAX = 200;

    private CliText() {
    }

    /** Why {@code value} cannot go on a CLI line, or null when it can. Empty is allowed here; callers decide. */
    public static String problem(String value) {
        if (value.length() > MAX) {
            return "is longer than " + MAX + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            String p = problem(value.charAt(i));
            if (p != null) {
                return "contains " + p + " at position " + (i + 1) + "; a device CLI line cannot carry it safely";
            }
        }
        return null;
    }

    private static String problem(char c) {
        if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
            return "a line break";
        }
        if (c == ';') {
            return "a ';'";
        }
        if (c == '"' || c == '\'' || c == '`' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B'
                || c == '\u201C' || c == '\u201D' || c == '\u201E' || c == '\u201F' || c == '\u2032' || c == '\u2033'
                || c == '\u00AB' || c == '\u00BB' || c == '\u2039' || c == '\u203A' || c == '\uFF02' || c == '\uFF07') {
            return "a quote";
        }
        int type = Character.getType(c);
        if (Character.isISOControl(c) || type == Character.FORMAT || type == Character.SURROGATE
                || type == Character.UNASSIGNED || type == Character.PRIVATE_USE || c == '\uFFFD') {
            return "a control character";
        }
        return null;
    }
}
