package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** `show appmgr application-table`: one row per configured application. */
public record ApplicationTable(List<App> apps) {

    /** One row; {@code running} is derived from the docker status text. */
    public record App(String appId, String type, String configState, String status, boolean running) {
    }

    /**
     * Rows are read by words, not by header columns: real devices print rows that do not line
     * up with the dashes ("monitor  Docker  Activated  Up 10 seconds" under a 6-wide Name column).
     * Name and Type are single words; the status is found as the first word that starts a known
     * docker status, so a config state of more than one word still reads right.
     */
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+(\\S+)\\s+(\\S.*)$");

    public static ApplicationTable parse(String output) {
        List<Line> lines = XrOutput.nonEmptyContent(output, "application table");
        Line header = lines.get(0);
        if (!header.text().matches("^Name\\s+Type\\s+Config State\\s+Status$")) {
            throw new ParseException("expected the application-table header 'Name Type Config State Status'",
                    header.number(), header.text());
        }
        List<App> apps = new ArrayList<>();
        for (Line l : lines.subList(1, lines.size())) {
            if (l.text().matches("^[- ]+$")) {
                continue; // the dashes under the header
            }
            Matcher m = ROW.matcher(l.text());
            String[] stateAndStatus = m.matches() ? splitStatus(m.group(3)) : null;
            if (stateAndStatus == null) {
                throw new ParseException("not an application-table row", l.number(), l.text());
            }
            String status = stateAndStatus[1];
            apps.add(new App(m.group(1), m.group(2), stateAndStatus[0], status, DockerStatus.isRunning(status)));
        }
        return new ApplicationTable(List.copyOf(apps));
    }

    /** "Activated Up 10 seconds" → {"Activated", "Up 10 seconds"}; null when no status follows a state. */
    private static String[] splitStatus(String rest) {
        String[] words = rest.trim().split("\\s+");
        for (int i = 1; i < words.length; i++) {
            String status = String.join(" ", java.util.Arrays.copyOfRange(words, i, words.length));
            if (DockerStatus.isKnown(status)) {
                return new String[] {String.join(" ", java.util.Arrays.copyOfRange(words, 0, i)), status};
            }
        }
        return null;
    }
}
