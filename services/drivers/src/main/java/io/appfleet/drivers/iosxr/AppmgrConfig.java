package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code show running-config appmgr}: the activation each application was committed with, so a
 * desired change of run options, command or source is seen even though the application table
 * only shows the state. XR prints the config nested, one level per space:
 * <pre>
 * appmgr
 *  application probe
 *   activate type docker source probe docker-run-opts "--network host"
 *  !
 * !
 * </pre>
 * The one-line form {@code appmgr application X activate …} (the activate fixture) is read too.
 * device-protocols.md gives the config commands but no captured running-config, so this nesting
 * is XR's usual rendering, not a published capture. An empty section prints
 * {@code % No such configuration item(s)}, which is no activation rather than an error.
 */
public record AppmgrConfig(Map<String, AppmgrCommand> activations) {

    public static AppmgrConfig parse(String output) {
        Map<String, AppmgrCommand> out = new LinkedHashMap<>();
        List<Line> lines = XrOutput.content(output);
        String application = null;
        for (Line l : lines) {
            String text = AppmgrCommand.normalize(l.text());
            if (text.equals("% No such configuration item(s)") || text.equals("!") || text.equals("appmgr")
                    || text.startsWith("Building configuration") || text.equals("end")) {
                continue;
            }
            if (text.matches("application \\S+")) {
                application = text.substring("application ".length());
                continue;
            }
            String full = text.startsWith("activate ") && application != null ? "application " + application + " " + text
                    : text;
            AppmgrCommand c = AppmgrCommand.parse(full);
            if (c == null || c.verb() != AppmgrCommand.Verb.ACTIVATE) {
                throw new ParseException("not an appmgr activation in the running config", l.number(), l.text());
            }
            out.put(c.appId(), c);
        }
        return new AppmgrConfig(Map.copyOf(out));
    }
}
