package io.appfleet.fleetctl;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kubectl-style plain tables: upper-case headers, columns padded to their widest cell and three
 * spaces apart, no borders, so {@code awk} and {@code column} work on the output. Also the cell
 * formats the tables share: counts that may be unknown, ages, times.
 */
final class Table {

    private static final String GAP = "   ";

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    Table(String... headers) {
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : Text.line(String.valueOf(c))).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, lines joined with '\n', no trailing spaces and no final newline. */
    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, headers, widths);
        for (List<String> row : rows) {
            b.append('\n');
            line(b, row, widths);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, List<String> cells, int[] widths) {
        int start = b.length();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            b.append(cell);
            if (i < cells.size() - 1) {
                b.append(" ".repeat(widths[i] - cell.length())).append(GAP);
            }
        }
        int end = b.length();
        while (end > start && b.charAt(end - 1) == ' ') {
            end--;
        }
        b.setLength(end);
    }

    /** A count, or "-" when the server does not know it (null). */
    static String count(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() ? "-" : n.asText();
    }

    /** kubectl's ages: 45s, 7m, 5h, 3d; "-" for no time, "0s" for a time in the future (clock skew). */
    static String age(JsonNode time, Instant now) {
        Instant t = instant(time);
        if (t == null) {
            return "-";
        }
        long s = Math.max(0, Duration.between(t, now).getSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 2 * 3600) {
            return s / 60 + "m";
        }
        if (s < 2 * 86400) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }

    /** An ISO time to the second ("2025-05-01T22:03:09Z"), or the text as sent when it is not one. */
    static String time(JsonNode time) {
        Instant t = instant(time);
        if (t != null) {
            return t.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        return time == null || time.isNull() || time.isMissingNode() ? "-" : time.asText();
    }

    static Instant instant(JsonNode time) {
        if (time != null && time.isNumber()) {
            // Jackson's WRITE_DATES_AS_TIMESTAMPS form: seconds with a fraction.
            return Instant.ofEpochSecond(0).plusNanos(Math.round(time.asDouble() * 1e9));
        }
        if (time == null || !time.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(time.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
