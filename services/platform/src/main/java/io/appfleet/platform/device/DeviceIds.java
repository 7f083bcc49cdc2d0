package io.appfleet.platform.device;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The grammar of device ids, as inventory accepts them: lowercase hostname-like words, safe as
 * Kafka keys, URL path segments, file names and CLI words. A service that takes a device id from
 * a person (a URL, a command line) checks it here before it reaches a topic or a log.
 */
public final class DeviceIds {

    /** At most 63 characters: lowercase letters, digits, '.' and '-', starting and ending with a letter or digit. */
    public static final Pattern PATTERN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?");

    public static final String RULE = "must be lowercase letters, digits, '.' or '-', at most 63 characters,"
            + " starting and ending with a letter or digit";

    private static final int MAX_ECHO = 64;

    private DeviceIds() {
    }

    /** @return what is wrong with {@code id}, in words for a 400 answer, or empty when it is a valid id */
    public static Optional<String> problem(String id) {
        if (id == null || id.isEmpty()) {
            return Optional.of("is required");
        }
        if (!PATTERN.matcher(id).matches()) {
            return Optional.of("'" + printable(id) + "' " + RULE);
        }
        return Optional.empty();
    }

    /** User input echoed in an error: no control characters, bounded length. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX_ECHO; i++) {
            char ch = s.charAt(i);
            b.append(Character.isISOControl(ch) ? '?' : ch);
        }
        return s.length() > MAX_ECHO ? b + "…" : b.toString();
    }
}
