package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code show app-hosting list}: a two-column table, or "No App found". */
public final class AppListParser {

    static final String COMMAND = "show app-hosting list";
    private static final Pattern HEADER = Pattern.compile("^App id\\s+State$");
    // States are upper-case words (RUNNING, DEPLOYED, INSTALLING ...); a lower-case word there means
    // the columns are not what we think they are.
    private static final Pattern ROW = Pattern.compile("^(\\S+)\\s+([A-Z][A-Z_-]*)$");

    private AppListParser() {
    }

    public static AppList parse(String output) {
        List<Line> lines = IosxeOutput.content(output, COMMAND);
        Line first = lines.get(0);
        if (first.text().strip().equals("No App found")) {
            if (lines.size() > 1) {
                throw new ParseException("unexpected text after 'No App found'", lines.get(1).number(), lines.get(1).text());
            }
            return new AppList(List.of());
        }
        IosxeOutput.require(HEADER, first, "the 'App id  State' header");
        if (lines.size() < 2 || !IosxeOutput.isDashes(lines.get(1))) {
            Line at = lines.size() < 2 ? first : lines.get(1);
            throw new ParseException("expected the dashed line under the header", at.number(), at.text());
        }
        List<AppList.App> apps = new ArrayList<>();
        for (Line l : lines.subList(2, lines.size())) {
            Matcher m = IosxeOutput.require(ROW, l, "an 'app-id STATE' row");
            apps.add(new AppList.App(m.group(1), m.group(2)));
        }
        return new AppList(List.copyOf(apps));
    }
}
