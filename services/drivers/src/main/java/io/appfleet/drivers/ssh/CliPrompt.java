package io.appfleet.drivers.ssh;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the CLI prompt at the end of what the device printed: {@code host#},
 * {@code host(config)#}, {@code host(config-app-hosting)#}, XR's {@code RP/0/RP0/CPU0:host#}, and
 * {@code host>} (user exec, which the session refuses). Before login the hostname is unknown
 * and any hostname is accepted; after it, only the device's own, so an output line that
 * happens to end in '#' does not end a reply early.
 */
final class CliPrompt {

    private static final String XR_NODE = "(?:RP/\\d+/[A-Z0-9]+/CPU\\d+:)?";
    private static final String MODE = "(?:\\([-a-zA-Z0-9]+\\))?";
    private static final Pattern ANY = Pattern.compile(
            "(?:^|[\\r\\n])" + XR_NODE + "([A-Za-z0-9][-A-Za-z0-9_.]*)" + MODE + "([#>])[ \\t]*$");

    private final Pattern own;
    private final Pattern line;
    private final String hostname;

    private CliPrompt(String hostname) {
        this.hostname = hostname;
        this.own = Pattern.compile("(?:^|[\\r\\n])" + XR_NODE + Pattern.quote(hostname) + MODE + "#[ \\t]*$");
        this.line = Pattern.compile("^" + XR_NODE + Pattern.quote(hostname) + MODE + "[#>]");
    }

    /** The prompt ending {@code text}, learnt from its hostname, or null if text does not end in one. */
    static Learnt learn(CharSequence text) {
        // Only the last line can hold a prompt that ends the text: searching the whole reply would cost a pass per chunk.
        Matcher m = ANY.matcher(text).region(ReplyScan.tailStart(text), text.length());
        if (!m.find()) {
            return null;
        }
        return new Learnt(new CliPrompt(m.group(1)), m.group(2).equals(">"), m.group().strip());
    }

    record Learnt(CliPrompt prompt, boolean userExec, String text) {
    }

    String hostname() {
        return hostname;
    }

    boolean endsWithPrompt(CharSequence text) {
        return own.matcher(text).region(ReplyScan.tailStart(text), text.length()).find();
    }

    /** Whether a whole line is this device's prompt (possibly followed by a command). */
    boolean isPromptLine(String line) {
        return this.line.matcher(line).find();
    }
}
