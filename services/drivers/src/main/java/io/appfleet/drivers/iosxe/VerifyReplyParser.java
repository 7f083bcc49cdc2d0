package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.iosxe.VerifyReply.Outcome;
import io.appfleet.drivers.parse.OutputLines;
import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replies to {@code verify /sha256 <fs>:<file>}. IOS prints progress dots (and on some releases
 * "Done!") before the result line {@code verify /sha256 (usbflash0:x.tar) = <64 hex>}; a missing
 * file is {@code %Error opening usbflash0:x.tar (No such file or directory)}. The wordings are the
 * ones the task brief gives for IOS-XE; device-protocols.md has no capture of them.
 */
public final class VerifyReplyParser {

    private static final Pattern DIGEST = Pattern.compile(
            "^(?:\\.+\\s*(?:Done!)?\\s*)?verify /sha256 \\(([^)]+)\\)\\s*=\\s*([0-9a-fA-F]{64})$");
    private static final Pattern MISSING = Pattern.compile("^%\\s*Error opening (\\S+) \\(No such file or directory\\)$");
    // "%Warning:There is a file already existing" is a question's preamble, not a failure.
    private static final Pattern ERROR = Pattern.compile("^%(?!\\s*Warning).*$");

    private VerifyReplyParser() {
    }

    /** {@code command} is the verify line as sent; it names the file when the reply does not. */
    public static VerifyReply parse(String command, String output) {
        String path = command == null ? null : lastWord(command);
        for (Line l : OutputLines.of(output).content()) {
            String text = l.text().strip();
            Matcher m;
            if ((m = DIGEST.matcher(text)).matches()) {
                return new VerifyReply(Outcome.DIGEST, m.group(1), m.group(2).toLowerCase(Locale.ROOT), text);
            }
            if ((m = MISSING.matcher(text)).matches()) {
                return new VerifyReply(Outcome.MISSING, m.group(1), null, text);
            }
            if (ERROR.matcher(text).matches()) {
                return new VerifyReply(Outcome.ERROR, path, null, text);
            }
        }
        throw new ParseException("no digest and no error in the reply to '" + command + "'");
    }

    private static String lastWord(String command) {
        String[] words = command.strip().split("\\s+");
        return words[words.length - 1];
    }
}
