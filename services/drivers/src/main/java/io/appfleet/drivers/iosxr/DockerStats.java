package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code docker stats --no-stream <name>} from XR bash (6.x): the figures appmgr's stats show on
 * 7.x, as docker's table. Docker pads cells with at least three spaces (tabwriter padding 3)
 * while values have single spaces inside ("1.02 MiB / 7.79 GiB"), so cells split on runs of two
 * or more. Releases differ in the first columns ("CONTAINER" alone, or "CONTAINER ID" and "NAME")
 * and whether PIDS is there, so columns are found by name. No XR capture of this command is
 * published; the layout is docker's own.
 */
public final class DockerStats {

    private static final String SPLIT = "\\s{2,}";

    private DockerStats() {
    }

    public static AppStats parse(String output) {
        List<Line> lines = XrOutput.nonEmptyContent(output, "docker stats");
        Line head = lines.get(0);
        if (!head.text().startsWith("CONTAINER")) {
            throw new ParseException("expected the 'docker stats' header (CONTAINER … CPU % …)", head.number(), head.text());
        }
        List<String> names = List.of(head.text().strip().split(SPLIT));
        if (lines.size() < 2) {
            throw new ParseException("'docker stats' printed no container row", head.number(), head.text());
        }
        Line row = lines.get(1);
        String[] cells = row.text().strip().split(SPLIT);
        if (cells.length != names.size()) {
            throw new ParseException("'docker stats' row has " + cells.length + " cells for " + names.size()
                    + " columns", row.number(), row.text());
        }
        String name = cell(names, cells, names.contains("NAME") ? "NAME" : names.get(0), row);
        long[] memory = pair(cell(names, cells, "MEM USAGE / LIMIT", row), row);
        long[] net = pair(cell(names, cells, "NET I/O", row), row);
        long[] block = pair(cell(names, cells, "BLOCK I/O", row), row);
        long pids = 0;
        if (names.contains("PIDS")) {
            String p = cell(names, cells, "PIDS", row);
            if (!p.matches("\\d+|--")) {
                throw new ParseException("PIDS is not a number", row.number(), row.text());
            }
            pids = p.equals("--") ? 0 : Long.parseLong(p);
        }
        return new AppStats(name, percent(cell(names, cells, "CPU %", row), row), memory[0], memory[1],
                percent(cell(names, cells, "MEM %", row), row), net[0], net[1], block[0], block[1], pids);
    }

    private static String cell(List<String> names, String[] cells, String column, Line row) {
        int i = names.indexOf(column);
        if (i < 0) {
            throw new ParseException("'docker stats' has no column " + column, row.number() - 1, null);
        }
        return cells[i];
    }

    /** Stopped containers show "--" on newer docker: nothing used. */
    private static BigDecimal percent(String v, Line row) {
        if (v.equals("--")) {
            return BigDecimal.ZERO;
        }
        if (!v.matches("\\d+(\\.\\d+)?%")) {
            throw new ParseException("not a percentage: " + v, row.number(), row.text());
        }
        return new BigDecimal(v.substring(0, v.length() - 1));
    }

    private static long[] pair(String v, Line row) {
        if (v.equals("--") || v.equals("-- / --")) {
            return new long[] {0, 0};
        }
        String[] parts = v.split("/");
        Long a = parts.length == 2 ? ByteSize.toBytes(parts[0]) : null;
        Long b = parts.length == 2 ? ByteSize.toBytes(parts[1]) : null;
        if (a == null || b == null) {
            throw new ParseException("not 'size / size': " + v, row.number(), row.text());
        }
        return new long[] {a, b};
    }
}
