package io.appfleet.drivers.infix;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Infix CLI `show container`: columns NAME, STATUS, NETWORK, MEMORY (KiB) as used/limit, CPU%.
 * Header positions are no help: the memory column is right-aligned under its title and NETWORK
 * is often empty. Cells are separated by two or more spaces while a status has single spaces
 * ("Up 16 hours"), so rows are read by that rule, with memory and CPU taken from the end.
 */
public record ShowContainer(List<Row> containers) {

    public record Row(String name, String status, boolean running, String network, Long memoryUsedKib,
                      Long memoryLimitKib, BigDecimal cpuPercent) {
    }

    private static final Pattern HEADER = Pattern.compile("^NAME\\s+STATUS\\s+NETWORK\\s+MEMORY \\(KiB\\)\\s+CPU%$");
    /** name, the middle (status and network), then "used/limit" and the CPU percentage. */
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(.*?)(?:\\s+(\\d+|-)/(\\d+|-)\\s+(\\d+(?:\\.\\d+)?|-)%?)?$");

    public static ShowContainer parse(String output) {
        List<Line> lines = InfixCli.content(output);
        if (lines.isEmpty()) {
            throw new ParseException("no 'show container' table in the output");
        }
        Line header = lines.get(0);
        if (!HEADER.matcher(header.text().trim()).matches()) {
            throw new ParseException("expected the header 'NAME STATUS NETWORK MEMORY (KiB) CPU%'", header.number(),
                    header.text());
        }
        List<Row> rows = new ArrayList<>();
        for (Line l : lines.subList(1, lines.size())) {
            rows.add(row(l));
        }
        return new ShowContainer(List.copyOf(rows));
    }

    private static Row row(Line l) {
        Matcher m = ROW.matcher(l.text().trim());
        if (!m.matches() || m.group(2).isEmpty()) {
            throw new ParseException("not a 'show container' row", l.number(), l.text());
        }
        String[] middle = m.group(2).trim().split("\\s{2,}");
        if (middle.length > 2) {
            throw new ParseException("too many columns in a 'show container' row", l.number(), l.text());
        }
        String status = middle[0];
        boolean running = status.startsWith("Up ") || status.equals("Up");
        // A running container always has stats; without them the row was cut off.
        if (running && m.group(3) == null) {
            throw new ParseException("running container without MEMORY and CPU% (truncated row?)", l.number(), l.text());
        }
        return new Row(m.group(1), status, running, middle.length == 2 ? middle[1] : null, number(m.group(3)),
                number(m.group(4)), m.group(5) == null || m.group(5).equals("-") ? null : new BigDecimal(m.group(5)));
    }

    private static Long number(String cell) {
        return cell == null || cell.equals("-") ? null : Long.valueOf(cell);
    }
}
