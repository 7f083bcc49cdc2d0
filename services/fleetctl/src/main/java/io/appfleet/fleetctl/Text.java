package io.appfleet.fleetctl;

/** Server-supplied text made safe for one terminal line: control characters (escapes, newlines) never reach it. */
final class Text {

    private Text() {
    }

    static String line(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : Character.isISOControl(c) ? '?' : c);
        }
        return b.toString().strip();
    }
}
