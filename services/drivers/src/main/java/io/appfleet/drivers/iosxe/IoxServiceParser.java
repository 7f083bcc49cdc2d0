package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code show iox-service}: "IOx service (CAF) 1.10.0.1 : Running", "Libvirtd 1.3.4 : Running" …
 * The version sits between name and colon on some components only, so it is split off when the
 * last word before the colon looks like one.
 */
public final class IoxServiceParser {

    static final String COMMAND = "show iox-service";
    private static final Pattern COMPONENT = Pattern.compile("^(.+?)(?:\\s+(v?\\d+(?:\\.\\d+)+[-\\w.]*))?\\s*:\\s*(\\S.*)$");
    private static final Pattern TITLE = Pattern.compile("^[A-Za-z][\\w ]*:$");

    private IoxServiceParser() {
    }

    public static IoxService parse(String output) {
        List<Line> lines = IosxeOutput.content(output, COMMAND);
        List<IoxService.Component> components = new ArrayList<>();
        for (Line l : lines) {
            if (IosxeOutput.isDashes(l) || TITLE.matcher(l.text().strip()).matches()) {
                continue;
            }
            Matcher m = IosxeOutput.require(COMPONENT, l, "'<component> [version] : <status>'");
            components.add(new IoxService.Component(m.group(1).strip(), m.group(2), m.group(3).strip()));
        }
        if (components.stream().noneMatch(c -> c.name().startsWith("IOx service"))) {
            Line last = lines.get(lines.size() - 1);
            throw new ParseException("no 'IOx service' line", last.number(), last.text());
        }
        return new IoxService(List.copyOf(components));
    }
}
