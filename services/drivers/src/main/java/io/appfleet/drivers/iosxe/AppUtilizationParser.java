package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** {@code show app-hosting utilization appid X}: "Application: X" then three "... Utilization:" blocks. */
public final class AppUtilizationParser {

    static final String COMMAND = "show app-hosting utilization";

    private AppUtilizationParser() {
    }

    public static AppUtilization parse(String output) {
        List<Line> lines = IosxeOutput.content(output, COMMAND);
        Matcher app = IosxeOutput.require(IosxeOutput.KEY_VALUE, lines.get(0), "'Application: <appid>'");
        if (!app.group(1).equals("Application") || app.group(2).isBlank()) {
            throw new ParseException("expected 'Application: <appid>'", lines.get(0).number(), lines.get(0).text());
        }
        Long cpuAlloc = null;
        Long memAlloc = null;
        Long memUsed = null;
        Long diskAlloc = null;
        Double cpuUsed = null;
        Double diskUsed = null;
        String cores = null;
        Map<String, String> other = new LinkedHashMap<>();
        for (Line l : lines.subList(1, lines.size())) {
            Matcher kv = IosxeOutput.require(IosxeOutput.KEY_VALUE, l, "'Key: value'");
            String v = kv.group(2).strip();
            if (v.isEmpty()) {
                if (IosxeOutput.indent(l) > 0) {
                    other.put(kv.group(1), v);
                }
                continue; // a block title such as "CPU Utilization:"
            }
            switch (kv.group(1)) {
                case "CPU Allocation" -> cpuAlloc = Quantity.parse(v, l).whole("units", l);
                case "CPU Used" -> cpuUsed = Quantity.parse(v, l).decimal("%", l);
                case "CPU Cores" -> cores = v;
                case "Memory Allocation" -> memAlloc = Quantity.parse(v, l).whole("MB", l);
                case "Memory Used" -> memUsed = Quantity.parse(v, l).whole("KB", l);
                case "Disk Allocation" -> diskAlloc = Quantity.parse(v, l).whole("MB", l);
                case "Disk Used" -> diskUsed = Quantity.parse(v, l).decimal("MB", l);
                default -> other.put(kv.group(1), v);
            }
        }
        if (cpuAlloc == null && memAlloc == null && diskAlloc == null) {
            Line last = lines.get(lines.size() - 1);
            throw new ParseException("no utilization values", last.number(), last.text());
        }
        return new AppUtilization(app.group(2).strip(), new AppUtilization.Cpu(cpuAlloc, cpuUsed, cores),
                new AppUtilization.Memory(memAlloc, memUsed), new AppUtilization.Disk(diskAlloc, diskUsed),
                Collections.unmodifiableMap(other));
    }
}
