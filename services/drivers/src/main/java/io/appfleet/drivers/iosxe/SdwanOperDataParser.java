package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.SdwanOperData.Device;
import io.appfleet.drivers.iosxe.SdwanOperData.NicStats;
import io.appfleet.drivers.iosxe.SdwanOperData.Vnic;
import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code show sdwan app-hosting oper-data} (confd output, CRLF on the device). A line at indent 1
 * is "leaf-path value", or the title of a container when the lines after it are indented deeper.
 * The per-app tables (NIC counters, attached devices, vNICs) start at column 0 and end at a blank
 * line, since attached-device rows may themselves start with spaces.
 */
public final class SdwanOperDataParser {

    static final String COMMAND = "show sdwan app-hosting oper-data";
    private static final String TOP = "app-hosting-oper-data ";
    private static final Pattern LEAF = Pattern.compile("^\\s*(\\S.*?)\\s+(\"(?:[^\"\\\\]|\\\\.)*\"|\\S+)$");
    // Column titles are upper case; leaves and containers are lower-case YANG names.
    private static final Pattern TABLE_HEADER = Pattern.compile("^\\s*[A-Z][A-Z0-9 ]+$");
    private static final Pattern NUMBER = Pattern.compile("^\\d{1,18}$");

    private enum Top { APP, RESOURCES, NOTIFICATION, GLOBALS }

    private enum Table { NICS, DEVICES, VNICS }

    private final List<SdwanSection> apps = new ArrayList<>();
    private final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();
    private final List<Map<String, Object>> notifications = new ArrayList<>();
    private final Map<String, Object> globals = new LinkedHashMap<>();
    private Top top;
    private Map<String, Object> block;
    private List<Line> tableHeader;
    private Table table;
    private TableColumns columns;

    private SdwanOperDataParser() {
    }

    public static SdwanOperData parse(String output) {
        List<Line> first = IosxeOutput.content(output, COMMAND);
        if (!first.get(0).text().startsWith(TOP)) {
            throw new ParseException("expected '" + TOP.strip() + " …'", first.get(0).number(), first.get(0).text());
        }
        List<Line> lines = OutputLines.of(output).all();
        SdwanOperDataParser p = new SdwanOperDataParser();
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            if (l.isBlank()) {
                p.tableHeader = null;
                p.table = null;
            } else if (!OutputLines.isPrompt(l.text())) {
                p.accept(l, i + 1 < lines.size() && opens(l, lines.get(i + 1)));
            }
        }
        return new SdwanOperData(p.apps.stream().map(SdwanSection::build).toList(), p.resources,
                p.notifications, p.globals);
    }

    /** Whether {@code l} is a container title: the next line is deeper and not a table's column titles. */
    private static boolean opens(Line l, Line next) {
        return IosxeOutput.indent(next) > IosxeOutput.indent(l) && !TABLE_HEADER.matcher(next.text()).matches();
    }

    private void accept(Line l, boolean opensContainer) {
        int indent = IosxeOutput.indent(l);
        if (tableHeader != null) {
            tableLine(l);
        } else if (l.text().startsWith(TOP)) {
            topLine(l);
        } else if (TABLE_HEADER.matcher(l.text()).matches()) {
            if (top != Top.APP) {
                throw new ParseException("table outside an app entry", l.number(), l.text());
            }
            tableHeader = new ArrayList<>(List.of(l));
        } else if (indent == 0) {
            throw new ParseException("unexpected line", l.number(), l.text());
        } else if (indent == 1 && opensContainer) {
            String name = l.text().strip().replace("\"", "");
            block = new LinkedHashMap<>();
            switch (top) {
                case APP -> currentApp().blocks.put(name, block);
                case RESOURCES -> resources.put(name, block);
                default -> throw new ParseException("unexpected container", l.number(), l.text());
            }
        } else if (indent == 1) {
            block = null;
            Matcher m = IosxeOutput.require(LEAF, l, "'leaf value'");
            String key = m.group(1).strip();
            Object value = value(m.group(2));
            switch (top) {
                case APP -> currentApp().leaf(key, value);
                case NOTIFICATION -> notifications.get(notifications.size() - 1).put(key, value);
                case GLOBALS -> globals.put(key, value);
                case RESOURCES -> resources.computeIfAbsent("", k -> new LinkedHashMap<>()).put(key, value);
            }
        } else {
            if (block == null) {
                throw new ParseException("indented line outside a container", l.number(), l.text());
            }
            Matcher m = IosxeOutput.require(LEAF, l, "'leaf value'");
            block.put(m.group(1).strip(), value(m.group(2)));
        }
    }

    private void topLine(Line l) {
        String[] words = l.text().substring(TOP.length()).strip().split("\\s+", 2);
        block = null;
        switch (words[0]) {
            case "app" -> {
                top = Top.APP;
                apps.add(new SdwanSection(words.length > 1 ? words[1] : null));
            }
            case "app-resources" -> top = Top.RESOURCES;
            case "app-notifications" -> {
                top = Top.NOTIFICATION;
                notifications.add(new LinkedHashMap<>());
            }
            case "app-globals" -> {
                top = Top.GLOBALS;
                if (words.length > 1) {
                    Matcher m = IosxeOutput.require(LEAF, new Line(l.number(), words[1]), "'leaf value'");
                    globals.put(m.group(1).strip(), value(m.group(2)));
                }
            }
            default -> throw new ParseException("unknown oper-data list", l.number(), l.text());
        }
    }

    private void tableLine(Line l) {
        if (table == null) {
            if (!IosxeOutput.isDashes(l)) {
                tableHeader.add(l);
                return;
            }
            Line header = tableHeader.get(tableHeader.size() - 1);
            String h = header.text().strip().replaceAll("\\s+", " ");
            if (h.startsWith("NAME ALIAS PACKETS")) {
                table = Table.NICS;
            } else if (h.startsWith("NAME TYPE ALIAS")) {
                table = Table.DEVICES;
                columns = new TableColumns(header);
            } else if (h.startsWith("MAC ADDRESS INTERFACE")) {
                table = Table.VNICS;
            } else {
                throw new ParseException("unknown table", header.number(), header.text());
            }
            return;
        }
        SdwanSection app = currentApp();
        String[] t = l.text().strip().split("\\s+");
        switch (table) {
            case NICS -> {
                if (t.length != 8) {
                    throw new ParseException("expected 8 columns of NIC counters", l.number(), l.text());
                }
                app.nics.add(new NicStats(t[0], t[1], n(t[2], l), n(t[3], l), n(t[4], l), n(t[5], l), n(t[6], l), n(t[7], l)));
            }
            case DEVICES -> {
                String[] c = columns.cells(l);
                app.devices.add(new Device(c[0], c.length > 1 ? c[1] : null, c.length > 2 ? c[2] : null));
            }
            case VNICS -> {
                if (t.length != 5) {
                    throw new ParseException("expected 5 columns of vNIC data", l.number(), l.text());
                }
                app.vnics.add(new Vnic(t[0], t[1], t[2], t[3], t[4]));
            }
        }
    }

    private SdwanSection currentApp() {
        return apps.get(apps.size() - 1);
    }

    private static long n(String s, Line l) {
        if (!NUMBER.matcher(s).matches()) {
            throw new ParseException("expected a counter", l.number(), l.text());
        }
        return Long.parseLong(s);
    }

    private static Object value(String raw) {
        if (raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"")) {
            return raw.substring(1, raw.length() - 1);
        }
        return NUMBER.matcher(raw).matches() ? (Object) Long.parseLong(raw) : raw;
    }
}
