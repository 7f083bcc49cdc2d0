package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.AppDetails.AttachedDevice;
import io.appfleet.drivers.iosxe.AppDetails.PortForward;
import io.appfleet.drivers.iosxe.AppDetails.ResourceProfile;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code show app-hosting detail [appid X]}, in both the 17.x layout (App id / Owner / State first)
 * and the 16.8 one (State first, App id inside "Application", Author at top level). Top-level
 * "Key : value" lines are app fields; other unindented lines open a section whose indented lines
 * belong to it, which is also how 16.8's stray "  Description" after the profile line lands in
 * "Application".
 */
public final class AppDetailParser {

    static final String COMMAND = "show app-hosting detail";

    private static final Set<String> TOP_KEYS = Set.of("App id", "Owner", "State", "Author", "Activated profile name");
    private static final Set<String> TABLES = Set.of("Attached devices", "Platform resource profiles", "Port forwarding");
    private static final Pattern INTERFACE = Pattern.compile("^(\\S+):$");
    private static final Pattern PROFILE_ROW = Pattern.compile("^\\s*(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)$");
    private static final Pattern PORT_ROW = Pattern.compile("^\\s*(\\d+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S+)$");

    private final List<AppDraft> apps = new ArrayList<>();
    private AppDraft app;
    private String section;
    private Line sectionLine;
    private boolean sectionHasContent;
    private TableColumns columns;

    private AppDetailParser() {
    }

    public static AppDetails parse(String output) {
        AppDetailParser p = new AppDetailParser();
        List<Line> lines = IosxeOutput.content(output, COMMAND);
        Line first = lines.get(0);
        Matcher m = IosxeOutput.KEY_VALUE.matcher(first.text());
        if (IosxeOutput.indent(first) != 0 || !m.matches() || !(m.group(1).equals("App id") || m.group(1).equals("State"))) {
            throw new ParseException("expected 'App id :' or 'State :' to start an app", first.number(), first.text());
        }
        for (Line l : lines) {
            p.accept(l);
        }
        p.closeSection();
        return new AppDetails(p.apps.stream().map(AppDraft::build).toList());
    }

    private void accept(Line l) {
        if (IosxeOutput.isDashes(l)) {
            return;
        }
        if (IosxeOutput.indent(l) > 0) {
            acceptIndented(l);
            return;
        }
        Matcher iface = INTERFACE.matcher(l.text());
        if ("Network interfaces".equals(section) && iface.matches()) {
            app.interfaces.add(new InterfaceDraft(iface.group(1)));
            sectionHasContent = true;
            return;
        }
        Matcher kv = IosxeOutput.KEY_VALUE.matcher(l.text());
        if (kv.matches()) {
            topLevel(kv.group(1), kv.group(2), l);
            return;
        }
        closeSection();
        section = l.text().strip();
        sectionLine = l;
        sectionHasContent = false;
        columns = null;
    }

    private void topLevel(String key, String value, Line l) {
        // A second "App id" (17.x) or "State" (16.8) means the next app of a plain "detail" listing.
        boolean next = app == null
                || key.equals("App id") && app.appId != null
                || key.equals("State") && app.state != null;
        if (next) {
            closeSection();
            section = null;
            app = new AppDraft(l);
            apps.add(app);
        }
        if (TOP_KEYS.contains(key)) {
            app.set(key, value, l);
        } else {
            app.other.put(key, value.strip());
        }
    }

    private void acceptIndented(Line l) {
        if (section == null) {
            throw new ParseException("indented line outside any section", l.number(), l.text());
        }
        sectionHasContent = true;
        if (TABLES.contains(section)) {
            tableLine(l);
            return;
        }
        Matcher kv = IosxeOutput.require(IosxeOutput.KEY_VALUE, l, "'Key : value' in section '" + section + "'");
        app.section(section, kv.group(1), kv.group(2), l);
    }

    private void tableLine(Line l) {
        if (columns == null) {
            columns = new TableColumns(l);
            return;
        }
        switch (section) {
            case "Attached devices" -> {
                String[] c = columns.cells(l);
                app.devices.add(new AttachedDevice(c[0], c.length > 1 ? c[1] : null, c.length > 2 ? c[2] : null));
            }
            case "Platform resource profiles" -> {
                Matcher m = IosxeOutput.require(PROFILE_ROW, l, "a resource profile row");
                app.profiles.add(new ResourceProfile(m.group(1), IosxeOutput.parseLong(m.group(2), l), IosxeOutput.parseLong(m.group(3), l),
                        IosxeOutput.parseLong(m.group(4), l), IosxeOutput.parseLong(m.group(5), l)));
            }
            default -> {
                Matcher m = IosxeOutput.require(PORT_ROW, l, "a port forwarding row");
                app.ports.add(new PortForward(IosxeOutput.parseLong(m.group(1), l), m.group(2), m.group(3), m.group(4)));
            }
        }
    }

    /** A title we do not know, followed by nothing, is more likely cut or foreign text than a section. */
    private void closeSection() {
        if (section != null && !sectionHasContent && !AppDraft.KNOWN_SECTIONS.contains(section)) {
            throw new ParseException("unexpected line (not a field nor a known section)", sectionLine.number(), sectionLine.text());
        }
    }
}
