package io.appfleet.drivers.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A raw reply turned into what the caller gets: paging marks and their erasures removed, the
 * echoed command and the final prompt dropped, lines joined with LF. One pass over the reply
 * (the regex clean-ups run only on a reply that holds a paging mark or a backspace, which with
 * paging off is almost none).
 */
final class ReplyLines {

    // IOS pages with " --More-- " and erases it with backspaces after the space we answer.
    private static final Pattern MORE = Pattern.compile(" ?--More-- ?");
    private static final Pattern ERASE = Pattern.compile("\\x08+ *\\x08*");

    private ReplyLines() {
    }

    /** The reply as lines: paging marks and erasures removed, the echo and the final prompt dropped. */
    static String clean(String raw, String command, Predicate<String> isPromptLine) {
        String text = raw;
        if (text.contains("--More--")) {
            text = MORE.matcher(text).replaceAll("");
        }
        if (text.indexOf('\b') >= 0) {
            text = ERASE.matcher(text).replaceAll("");
        }
        List<String> lines = split(text);
        int end = lines.size();
        // The trailing prompt and anything after it.
        for (int i = end - 1; i >= 0; i--) {
            if (isPromptLine.test(lines.get(i))) {
                end = i;
                break;
            }
        }
        // The echo: the first non-blank line, when it is the command (the device may prefix the prompt).
        int start = 0;
        while (start < end && lines.get(start).isBlank()) {
            start++;
        }
        if (start < end && lines.get(start).strip().endsWith(command.strip())) {
            start++;
        }
        while (end > start && lines.get(end - 1).isBlank()) {
            end--;
        }
        return String.join("\n", lines.subList(start, end));
    }

    /**
     * Splits as {@code text.split("\r*\n|\r", -1)} would: LF, CR-LF (any number of CRs before the LF)
     * or a lone CR ends a line, and an empty last line after a final line end is kept.
     */
    static List<String> split(String text) {
        List<String> lines = new ArrayList<>();
        int lineStart = 0;
        int n = text.length();
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                lines.add(text.substring(lineStart, i));
                lineStart = ++i;
            } else if (c == '\r') {
                int j = i;
                while (j < n && text.charAt(j) == '\r') {
                    j++;
                }
                lines.add(text.substring(lineStart, i));
                // CRs before an LF end one line with it; otherwise a lone CR ends a line by itself.
                i = j < n && text.charAt(j) == '\n' ? j + 1 : i + 1;
                lineStart = i;
            } else {
                i++;
            }
        }
        lines.add(text.substring(lineStart));
        return lines;
    }
}
