package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.CopyReply.Outcome;
import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.regex.Pattern;

/**
 * Replies to {@code copy <url> <fs>:<file>}: the interactive questions, {@code Accessing ...},
 * {@code Loading ... !!!}, then {@code <n> bytes copied in <t> secs (<r> bytes/sec)} or an
 * {@code %Error copying|opening ... (<reason>)} line. An error line wins over a byte count: a
 * copy that reported an error is not trusted to have written the file. Wordings as the task
 * brief gives them for IOS-XE; device-protocols.md has no capture of them.
 */
public final class CopyReplyParser {

    private static final Pattern COPIED = Pattern.compile("^(\\d+) bytes copied in [\\d.]+ secs?(?: \\(\\d+ bytes/sec\\))?$");
    // "%Warning:There is a file already existing" is a question's preamble, not a failure.
    private static final Pattern ERROR = Pattern.compile("^%(?!\\s*Warning).*$");
    private static final Pattern NO_SPACE = Pattern.compile("\\((?:No space left on device|Device full|Not enough space)\\)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern NOT_FOUND = Pattern.compile("^%\\s*Error opening \\S+ \\((?:No such file or directory|"
            + "Not found|File not found)\\)$", Pattern.CASE_INSENSITIVE);

    private CopyReplyParser() {
    }

    public static CopyReply parse(String command, String output) {
        Long copied = null;
        String copiedLine = null;
        for (Line l : OutputLines.of(output).content()) {
            String text = l.text().strip();
            if (ERROR.matcher(text).matches()) {
                Outcome o = NO_SPACE.matcher(text).find() ? Outcome.NO_SPACE
                        : NOT_FOUND.matcher(text).matches() ? Outcome.SOURCE_NOT_FOUND : Outcome.ERROR;
                return new CopyReply(o, 0, text);
            }
            if (COPIED.matcher(text).matches()) {
                copied = Long.parseLong(text.substring(0, text.indexOf(' ')));
                copiedLine = text;
            }
        }
        if (copied == null) {
            throw new ParseException("no byte count and no error in the reply to '" + command + "'");
        }
        return new CopyReply(Outcome.COPIED, copied, copiedLine);
    }
}
