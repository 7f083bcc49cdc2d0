package io.appfleet.adapter;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one series out of a /q/metrics page (Prometheus text format). */
final class PromText {

    private PromText() {
    }

    /** The value of the series {@code name} whose label {@code label} is {@code value}; 0 when absent (not counted yet). */
    static double value(String text, String name, String label, String value) {
        Pattern series = Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*" + Pattern.quote(label + "=\"" + value + "\"")
                + "[^}]*\\} (\\S+)", Pattern.MULTILINE);
        Matcher m = series.matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
