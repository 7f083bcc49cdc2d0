package io.appfleet.drivers.iosxr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An appmgr lifecycle command as typed (exec or config mode), read back into its parts so a
 * transcript or a reply can be tied to the application it concerns.
 * Quotes may be typographic (U+201C/U+201D): configs pasted from web pages carry them, and
 * the fixture activate-1 shows a real device echoing them back.
 */
public record AppmgrCommand(Verb verb, String appId, String packageRef, String type, String source,
                            String dockerRunOpts, String dockerRunCmd) {

    public enum Verb { PACKAGE_INSTALL, PACKAGE_UNINSTALL, START, STOP, KILL, ACTIVATE, DEACTIVATE }

    private static final Pattern INSTALL = Pattern.compile("^appmgr package install rpm (\\S+)$");
    private static final Pattern UNINSTALL = Pattern.compile("^appmgr package uninstall package (\\S+)$");
    private static final Pattern START_STOP = Pattern.compile("^appmgr application (start|stop|kill) name (\\S+)$");
    private static final Pattern ACTIVATE = Pattern.compile(
            "^(?:appmgr )?application (\\S+) activate type (\\S+) source (\\S+)"
                    + "(?: docker-run-opts \"([^\"]*)\")?(?: docker-run-cmd \"([^\"]*)\")?$");
    private static final Pattern DEACTIVATE = Pattern.compile("^no (?:appmgr )?application (\\S+)$");

    /** The command with straight quotes and single spaces, as the patterns above expect. */
    static String normalize(String command) {
        return command.replace('\u201C', '"').replace('\u201D', '"').trim().replaceAll("\\s+", " ");
    }

    /** The parts of a lifecycle command, or null when the text is none (show, config, commit, …). */
    public static AppmgrCommand parse(String command) {
        String c = normalize(command);
        Matcher m;
        if ((m = INSTALL.matcher(c)).matches()) {
            return new AppmgrCommand(Verb.PACKAGE_INSTALL, null, m.group(1), null, null, null, null);
        }
        if ((m = UNINSTALL.matcher(c)).matches()) {
            return new AppmgrCommand(Verb.PACKAGE_UNINSTALL, null, m.group(1), null, null, null, null);
        }
        if ((m = START_STOP.matcher(c)).matches()) {
            return new AppmgrCommand(Verb.valueOf(m.group(1).toUpperCase()), m.group(2), null, null, null, null, null);
        }
        if ((m = ACTIVATE.matcher(c)).matches()) {
            return new AppmgrCommand(Verb.ACTIVATE, m.group(1), null, m.group(2), m.group(3), m.group(4), m.group(5));
        }
        if ((m = DEACTIVATE.matcher(c)).matches()) {
            return new AppmgrCommand(Verb.DEACTIVATE, m.group(1), null, null, null, null, null);
        }
        return null;
    }
}
