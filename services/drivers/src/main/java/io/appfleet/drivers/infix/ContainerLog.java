package io.appfleet.drivers.infix;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container service's lines of `show log` (syslog, tag `container[pid]`). Other daemons'
 * lines are skipped; a line that is no syslog line at all is an error, except "..." which
 * marks an excerpt. {@code podmanCreate} is the last `podman create` command line logged:
 * the exact options Infix gave podman, useful when a container does not behave as configured.
 */
public record ContainerLog(List<Entry> entries, String podmanCreate) {

    public record Entry(String timestamp, String host, int pid, String message) {
    }

    private static final Pattern SYSLOG = Pattern.compile(
            "^([A-Z][a-z]{2} +\\d{1,2} \\d{2}:\\d{2}:\\d{2}) (\\S+) ([^:\\[\\s]+)(?:\\[(\\d+)\\])?: ?(.*)$");

    public static ContainerLog parse(String output) {
        List<Line> lines = InfixCli.content(output);
        if (lines.isEmpty()) {
            throw new ParseException("no log lines in the output");
        }
        List<Entry> entries = new ArrayList<>();
        String create = null;
        for (Line l : lines) {
            if (l.text().trim().equals("...")) {
                continue;
            }
            Matcher m = SYSLOG.matcher(l.text());
            if (!m.matches()) {
                throw new ParseException("not a syslog line", l.number(), l.text());
            }
            if (!m.group(3).equals("container") || m.group(4) == null) {
                continue;
            }
            Entry e = new Entry(m.group(1), m.group(2), Integer.parseInt(m.group(4)), m.group(5));
            entries.add(e);
            if (e.message().startsWith("podman create ")) {
                create = e.message();
            }
        }
        return new ContainerLog(List.copyOf(entries), create);
    }
}
