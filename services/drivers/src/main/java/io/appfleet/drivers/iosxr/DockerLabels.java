package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reply to {@link DockerCommands#LABELS}: one line per container, {@code <id> <names>
 * <label>}, as docker's {@code ps --format} prints the template {@code {{.ID}} {{.Names}}
 * {{.Label "io.appfleet.spec"}}} (docker 1.8 and later; {@code .Label} is empty when the
 * container has no such label, which leaves a trailing space a terminal may drop). No container,
 * no line. Names are docker's: {@code a,b/link} for a linked container, whose {@code /} names are
 * links, not containers. The label is everything after the names, so a hand-set value with
 * spaces reads as the different spec it is.
 *
 * @param byName container name → label value, "" when it has none
 */
public record DockerLabels(Map<String, String> byName) {

    private static final Pattern ROW = Pattern.compile("([0-9a-f]{12,64}) (\\S+)(?: +(.*))?");

    public DockerLabels {
        byName = Map.copyOf(byName);
    }

    public static DockerLabels parse(String output) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (Line l : XrOutput.content(output == null ? "" : output)) {
            Matcher m = ROW.matcher(l.text().strip());
            if (!m.matches()) {
                throw new ParseException("not an '<id> <names> <label>' line of docker ps --format", l.number(), l.text());
            }
            String label = m.group(3) == null ? "" : m.group(3).strip();
            for (String name : m.group(2).split(",")) {
                if (!name.isEmpty() && !name.contains("/")) {
                    labels.put(name, label);
                }
            }
        }
        return new DockerLabels(labels);
    }

    /** The label of the container named {@code name}: "" when it has none, null when there is no such container. */
    public String of(String name) {
        return byName.get(name);
    }
}
