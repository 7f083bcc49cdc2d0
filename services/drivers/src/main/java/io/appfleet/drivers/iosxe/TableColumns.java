package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A table whose cells may be empty (16.x "Attached devices" prints "Serial/shell" with no name or
 * alias), so cells are placed by where they start relative to the header words, not by count.
 * Cells are single words; headers are separated by two or more spaces.
 */
final class TableColumns {

    private static final Pattern HEADER_WORD = Pattern.compile("\\S+(?: \\S+)*");
    private static final Pattern CELL = Pattern.compile("\\S+");

    private final List<Integer> starts = new ArrayList<>();

    TableColumns(Line header) {
        Matcher m = HEADER_WORD.matcher(header.text());
        while (m.find()) {
            starts.add(m.start());
        }
    }

    String[] cells(Line row) {
        String[] out = new String[starts.size()];
        Matcher m = CELL.matcher(row.text());
        while (m.find()) {
            int col = nearest(m.start());
            if (out[col] != null) {
                throw new ParseException("cell does not fit the table columns", row.number(), row.text());
            }
            out[col] = m.group();
        }
        return out;
    }

    private int nearest(int pos) {
        int best = 0;
        for (int i = 1; i < starts.size(); i++) {
            if (Math.abs(starts.get(i) - pos) < Math.abs(starts.get(best) - pos)) {
                best = i;
            }
        }
        return best;
    }
}
