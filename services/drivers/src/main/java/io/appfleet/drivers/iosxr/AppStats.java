package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * `show appmgr application name X stats`: the `docker stats` figures, with docker's sizes
 * ("72.91MiB / 15.05GiB", "0B / 0B") turned into bytes.
 */
public record AppStats(String appId, BigDecimal cpuPercent, long memoryUsedBytes, long memoryLimitBytes,
                       BigDecimal memoryPercent, long netRxBytes, long netTxBytes, long blockReadBytes,
                       long blockWriteBytes, long pids) {

    public static AppStats parse(String output) {
        List<Line> lines = XrOutput.nonEmptyContent(output, "application stats");
        Line first = lines.get(0);
        String[] title = XrOutput.keyValue(first.text());
        if (title == null || !title[0].equals("Application Stats") || title[1].isEmpty()) {
            throw new ParseException("expected 'Application Stats: <name>'", first.number(), first.text());
        }
        Map<String, Line> byKey = new LinkedHashMap<>();
        for (Line l : lines.subList(1, lines.size())) {
            String[] kv = XrOutput.keyValue(l.text());
            if (kv == null) {
                throw new ParseException("expected 'Key: value' in application stats", l.number(), l.text());
            }
            byKey.put(kv[0], l);
        }
        long[] memory = pair(byKey, "Memory Usage", first);
        long[] net = pair(byKey, "Network IO", first);
        long[] block = pair(byKey, "Block IO", first);
        return new AppStats(title[1], percent(byKey, "CPU Percentage", first), memory[0], memory[1],
                percent(byKey, "Memory Percentage", first), net[0], net[1], block[0], block[1],
                number(byKey, "PIDs", first));
    }

    /** The line of a key that must be present; a stats block without it is truncated. */
    private static Line required(Map<String, Line> byKey, String key, Line title) {
        Line l = byKey.get(key);
        if (l == null) {
            throw new ParseException("application stats lack '" + key + "' (truncated output?)", title.number(),
                    title.text());
        }
        return l;
    }

    private static String value(Line l) {
        return XrOutput.keyValue(l.text())[1];
    }

    /** "a / b" with both sides docker sizes: used/limit for memory, in/out for network and block IO. */
    private static long[] pair(Map<String, Line> byKey, String key, Line title) {
        Line l = required(byKey, key, title);
        String[] parts = value(l).split("/");
        if (parts.length != 2) {
            throw new ParseException(key + " is not 'size / size'", l.number(), l.text());
        }
        Long a = ByteSize.toBytes(parts[0]);
        Long b = ByteSize.toBytes(parts[1]);
        if (a == null || b == null) {
            throw new ParseException(key + " holds a size docker does not print", l.number(), l.text());
        }
        return new long[] {a, b};
    }

    private static BigDecimal percent(Map<String, Line> byKey, String key, Line title) {
        Line l = required(byKey, key, title);
        String v = value(l);
        if (!v.matches("\\d+(\\.\\d+)?%")) {
            throw new ParseException(key + " is not a percentage", l.number(), l.text());
        }
        return new BigDecimal(v.substring(0, v.length() - 1));
    }

    private static long number(Map<String, Line> byKey, String key, Line title) {
        Line l = required(byKey, key, title);
        String v = value(l);
        if (!v.matches("\\d+")) {
            throw new ParseException(key + " is not a number", l.number(), l.text());
        }
        return Long.parseLong(v);
    }
}
