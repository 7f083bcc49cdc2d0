package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IOS-XR specifics on top of {@link OutputLines}: every XR exec command first echoes a
 * timestamp line ("Thu Jul 14 21:58:11.251 UTC"), and the 6.x XR bash shell has its own
 * prompt ("[xr-vm_node0_RP0_CPU0:~]$", "[ncs5508:~]$") that the shared prompt rule does not know.
 */
final class XrOutput {

    /** The timestamp XR prints before the output of each exec command; the zone varies (UTC, PST, PDT). */
    private static final Pattern TIMESTAMP = Pattern.compile(
            "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\\d{1,2} "
                    + "\\d{2}:\\d{2}:\\d{2}(\\.\\d+)? [A-Za-z0-9+-]+$");

    /** XR bash prompt: "[host:cwd]$" followed by the typed command, if any. */
    private static final Pattern BASH_PROMPT = Pattern.compile("^\\[[^\\]\\s]+:[^\\]]*\\][$#].*");

    private XrOutput() {
    }

    static boolean isTimestamp(String text) {
        return TIMESTAMP.matcher(text).matches();
    }

    static boolean isBashPrompt(String text) {
        return BASH_PROMPT.matcher(text).matches();
    }

    /** The command typed after a bash prompt, or null when the line is no bash prompt. */
    static String bashCommand(String text) {
        if (!isBashPrompt(text)) {
            return null;
        }
        return text.substring(text.indexOf(']') + 2).trim();
    }

    /**
     * Lines that carry output: no blanks, no prompts or echoed commands, no timestamps.
     * Empty output is an error here because every XR command prints at least its timestamp.
     */
    static List<Line> content(String output) {
        List<Line> out = new ArrayList<>();
        for (Line l : OutputLines.of(output).content()) {
            if (!isTimestamp(l.text()) && !isBashPrompt(l.text())) {
                out.add(l);
            }
        }
        return out;
    }

    /** Same as {@link #content} but refuses an output with nothing in it. */
    static List<Line> nonEmptyContent(String output, String what) {
        List<Line> lines = content(output);
        if (lines.isEmpty()) {
            throw new ParseException("no " + what + " in the output");
        }
        return lines;
    }

    /** Splits "Key: value" with the key trimmed; null when the line has no colon. */
    static String[] keyValue(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        return new String[] {text.substring(0, colon).trim(), text.substring(colon + 1).trim()};
    }
}
