package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * `docker ps` run from XR bash on 6.x, where there is no appmgr and plain docker is the only
 * lifecycle tool. Docker pads each column to the width of its header, so the header's word
 * positions cut every row; the PORTS column is often empty, which defeats splitting on spaces.
 * A captured session may hold several `docker ps` runs (the fixtures show an empty one before
 * `docker run`); the last table is the current state.
 */
public record DockerPs(List<Container> containers) {

    public record Container(String containerId, String image, String command, String created, String status,
                            boolean running, String ports, List<String> names) {
    }

    private static final String[] COLUMNS = {"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"};

    public static DockerPs parse(String output) {
        List<Line> lines = OutputLines.of(output).all();
        int header = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).text().startsWith("CONTAINER ID")) {
                header = i;
            }
        }
        if (header < 0) {
            Line first = firstContent(lines);
            throw new ParseException("no 'docker ps' header (CONTAINER ID …)", first == null ? 0 : first.number(),
                    first == null ? null : first.text());
        }
        Line head = lines.get(header);
        int[] starts = columnStarts(head);
        List<Container> containers = new ArrayList<>();
        for (Line l : lines.subList(header + 1, lines.size())) {
            if (l.isBlank() || XrOutput.isBashPrompt(l.text()) || OutputLines.isPrompt(l.text())) {
                break; // the table ends where the shell asks for the next command
            }
            containers.add(row(l, starts));
        }
        return new DockerPs(List.copyOf(containers));
    }

    private static Line firstContent(List<Line> lines) {
        return lines.stream().filter(l -> !l.isBlank()).findFirst().orElse(null);
    }

    private static int[] columnStarts(Line head) {
        int[] starts = new int[COLUMNS.length];
        int from = 0;
        for (int i = 0; i < COLUMNS.length; i++) {
            starts[i] = head.text().indexOf(COLUMNS[i], from);
            if (starts[i] < 0) {
                throw new ParseException("'docker ps' header lacks column " + COLUMNS[i], head.number(), head.text());
            }
            from = starts[i] + COLUMNS[i].length();
        }
        return starts;
    }

    private static Container row(Line l, int[] starts) {
        String text = l.text();
        String[] cells = new String[COLUMNS.length];
        for (int i = 0; i < COLUMNS.length; i++) {
            int end = i + 1 < COLUMNS.length ? starts[i + 1] : Integer.MAX_VALUE;
            cells[i] = cut(text, starts[i], end, l);
        }
        String id = cells[0];
        if (!id.matches("[0-9a-f]{12,64}") || cells[1].isEmpty() || cells[6].isEmpty()
                || !DockerStatus.isKnown(cells[4])) {
            throw new ParseException("not a 'docker ps' row", l.number(), l.text());
        }
        String command = cells[2].length() >= 2 && cells[2].startsWith("\"") && cells[2].endsWith("\"")
                ? cells[2].substring(1, cells[2].length() - 1) // docker quotes the (possibly …-truncated) command
                : cells[2];
        return new Container(id, cells[1], command, cells[3], cells[4], DockerStatus.isRunning(cells[4]),
                cells[5].isEmpty() ? null : cells[5],
                Arrays.stream(cells[6].split(",")).map(String::trim).toList());
    }

    /** A cell between two header positions; a row too short to reach a column has it empty. */
    private static String cut(String text, int start, int end, Line l) {
        if (start >= text.length()) {
            return "";
        }
        if (start > 0 && text.charAt(start - 1) != ' ') {
            throw new ParseException("'docker ps' row does not line up with its header", l.number(), text);
        }
        return text.substring(start, Math.min(end, text.length())).trim();
    }
}
