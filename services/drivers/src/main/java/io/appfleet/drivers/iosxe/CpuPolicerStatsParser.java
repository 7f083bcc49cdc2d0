package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.CpuPolicerStats.ClassQueues;
import io.appfleet.drivers.iosxe.CpuPolicerStats.PolicerMapping;
import io.appfleet.drivers.iosxe.CpuPolicerStats.PolicerStat;
import io.appfleet.drivers.iosxe.CpuPolicerStats.Queue;
import io.appfleet.drivers.iosxe.CpuPolicerStats.SecondLevelQueue;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU queue / policer tables of the CPP policer command. Rows start with a number; other lines
 * of a table are headers and only allowed before its first row. Captures pasted into notes cut
 * rows as "..." and append remarks after "<<<"; both are tolerated.
 */
public final class CpuPolicerStatsParser {

    static final String COMMAND = "show platform hardware fed qos queue stats internal cpu policer";

    private enum Table { QUEUES, POLICERS, SECOND_LEVEL_POLICERS, MAPPING, SECOND_LEVEL_CONFIG, CLASSES }

    private static final Map<String, Table> TITLES = Map.of(
            "CPU Queue Statistics", Table.QUEUES,
            "CPU Queue Policer Statistics", Table.POLICERS,
            "Second Level Policer Statistics", Table.SECOND_LEVEL_POLICERS,
            "Policer Index Mapping and Settings", Table.MAPPING,
            "Second Level Policer Config", Table.SECOND_LEVEL_CONFIG,
            "CPP Classes to queue map", Table.CLASSES);
    private static final Pattern ANNOTATION = Pattern.compile("\\s+<<<.*$");
    private static final Pattern QUEUE = Pattern.compile(
            "^(\\d+)\\s+(\\d+)\\s+(\\S.*?)\\s+(Yes|No)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)(?:\\s+(\\d+))?$");
    private static final Pattern POLICER = Pattern.compile("^(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");
    private static final Pattern MAPPING = Pattern.compile("^(\\d+)\\s*:\\s*((?:\\d+\\s+)+)(\\d+)\\s+(\\d+)$");
    private static final Pattern SECOND_LEVEL = Pattern.compile("^(\\d+)\\s+(\\d+)\\s+(\\d+|-)\\s+(\\S.*?)\\s+(Yes|No)$");
    private static final Pattern CLASS = Pattern.compile("^(\\d+)\\s+(\\S+)\\s*:\\s*(.*)$");

    private final List<Queue> queues = new ArrayList<>();
    private final List<PolicerStat> policers = new ArrayList<>();
    private final List<PolicerStat> secondLevelPolicers = new ArrayList<>();
    private final List<PolicerMapping> mapping = new ArrayList<>();
    private final List<SecondLevelQueue> secondLevel = new ArrayList<>();
    private final List<ClassQueues> classes = new ArrayList<>();

    private CpuPolicerStatsParser() {
    }

    public static CpuPolicerStats parse(String output) {
        List<Line> lines = IosxeOutput.content(output, COMMAND);
        Line first = lines.get(0);
        if (TITLES.get(first.text().strip()) != Table.QUEUES) {
            throw new ParseException("expected the 'CPU Queue Statistics' title", first.number(), first.text());
        }
        CpuPolicerStatsParser p = new CpuPolicerStatsParser();
        Table table = null;
        boolean rowSeen = false;
        for (Line raw : lines) {
            // The annotation search backtracks over every run of padding; most rows have no "<<<" to find.
            Line l = raw.text().contains("<<<") ? new Line(raw.number(), ANNOTATION.matcher(raw.text()).replaceFirst("")) : raw;
            String text = l.text().strip();
            Table title = TITLES.get(text);
            if (title != null) {
                table = title;
                rowSeen = false;
            } else if (IosxeOutput.isDashes(l) || text.equals("...") || text.startsWith("* NOTE")) {
                continue;
            } else if (!Character.isDigit(text.charAt(0))) {
                if (rowSeen) {
                    throw new ParseException("unexpected line inside a table", l.number(), l.text());
                }
            } else {
                try {
                    p.row(table, new Line(l.number(), text));
                } catch (NumberFormatException e) {
                    throw new ParseException("counter out of range", l.number(), l.text());
                }
                rowSeen = true;
            }
        }
        if (p.queues.isEmpty()) {
            throw new ParseException("no CPU queue rows", first.number(), first.text());
        }
        return new CpuPolicerStats(List.copyOf(p.queues), List.copyOf(p.policers), List.copyOf(p.secondLevelPolicers),
                List.copyOf(p.mapping), List.copyOf(p.secondLevel), List.copyOf(p.classes));
    }

    private void row(Table table, Line l) {
        switch (table) {
            case QUEUES -> {
                Matcher m = IosxeOutput.require(QUEUE, l, "a CPU queue row");
                queues.add(new Queue(n(m, 1), n(m, 2), m.group(3), m.group(4).equals("Yes"), n(m, 5), n(m, 6), n(m, 7),
                        m.group(8) == null ? null : n(m, 8)));
            }
            case POLICERS, SECOND_LEVEL_POLICERS -> {
                Matcher m = IosxeOutput.require(POLICER, l, "a policer statistics row");
                PolicerStat s = new PolicerStat(n(m, 1), n(m, 2), n(m, 3), n(m, 4), n(m, 5));
                (table == Table.POLICERS ? policers : secondLevelPolicers).add(s);
            }
            case MAPPING -> {
                Matcher m = IosxeOutput.require(MAPPING, l, "a 'level-2 : level-1 … rate rate' row");
                List<Long> level1 = Arrays.stream(m.group(2).trim().split("\\s+")).map(Long::valueOf).toList();
                mapping.add(new PolicerMapping(n(m, 1), level1, n(m, 3), n(m, 4)));
            }
            case SECOND_LEVEL_CONFIG -> {
                Matcher m = IosxeOutput.require(SECOND_LEVEL, l, "a second level policer config row");
                secondLevel.add(new SecondLevelQueue(n(m, 1), n(m, 2), m.group(3).equals("-") ? null : n(m, 3),
                        m.group(4), m.group(5).equals("Yes")));
            }
            case CLASSES -> {
                Matcher m = IosxeOutput.require(CLASS, l, "a 'PlcIdx class : queues' row");
                List<String> names = Arrays.stream(m.group(3).split("/")).map(String::strip).filter(s -> !s.isEmpty()).toList();
                classes.add(new ClassQueues(n(m, 1), m.group(2), names));
            }
        }
    }

    private static long n(Matcher m, int group) {
        return Long.parseLong(m.group(group));
    }
}
