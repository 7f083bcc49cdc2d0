package io.appfleet.drivers.ssh;

import java.util.regex.Pattern;

/**
 * The gate every value passes before it becomes part of a CLI line. A device CLI has no quoting
 * we can rely on, so rather than escape we refuse: a newline would start a second command, a
 * {@code ;} or quote could end a run-opts string early, a control character could send the
 * CLI a key press. Messages name the field and never echo the value (it may be a secret).
 */
public final class CliInput {

    /** The IOS-XE appid grammar, also used on the other platforms. */
    public static final Pattern APP_ID = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    /** A device file path such as {@code usbflash0:apps/perfsonar-1.2.tar}. */
    public static final Pattern DEVICE_PATH = Pattern.compile("[A-Za-z0-9]+:[A-Za-z0-9_./-]+");
    /** An IPv4 dotted quad (address, netmask or gateway). */
    public static final Pattern IPV4 = Pattern.compile("(?:(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)\\.){3}(?:25[0-5]|2[0-4]\\d|1?\\d?\\d)");
    /** A CPP class such as {@code system-cpp-police-sys-data}. */
    public static final Pattern CPP_CLASS = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    /**
     * An http(s) URL as typed into the IOS CLI: no user info (a password would land in the
     * command log), no {@code ?} (IOS shows help instead of taking it), no {@code #}, no space.
     */
    public static final Pattern URL = Pattern.compile(
            "https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\\d{1,5})?(?:/[A-Za-z0-9._~%+=!$&()*,:/-]*)?");

    /** Longest free-text value (a run-opts entry) we send. */
    public static final int MAX_TEXT = 200;

    private CliInput() {
    }

    public static String appId(String field, String value) {
        text(field, value);
        if (!APP_ID.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must match [a-z][a-z0-9_]{0,31}");
        }
        return value;
    }

    public static String devicePath(String field, String value) {
        text(field, value);
        if (!DEVICE_PATH.matcher(value).matches() || value.contains("..")) {
            throw new IllegalArgumentException(field + " must be a device path like usbflash0:dir/file.tar");
        }
        return value;
    }

    public static String url(String field, String value) {
        text(field, value);
        if (!URL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be an http(s) URL without user info, '?', '#' or spaces");
        }
        return value;
    }

    public static String ipv4(String field, String value) {
        text(field, value);
        if (!IPV4.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be an IPv4 address");
        }
        return value;
    }

    public static String cppClass(String field, String value) {
        text(field, value);
        if (!CPP_CLASS.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be a CPP class name like system-cpp-police-sys-data");
        }
        return value;
    }

    public static int number(String field, Integer value, int min, int max) {
        if (value == null || value < min || value > max) {
            throw new IllegalArgumentException(field + " must be a number from " + min + " to " + max);
        }
        return value;
    }

    /**
     * Free text (a docker run option, a command): printable, no newline, no {@code ;}, no quote of
     * any kind, no control character, not empty, at most {@link #MAX_TEXT} characters.
     */
    public static String text(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " must not be empty");
        }
        String problem = textProblem(value);
        if (problem != null) {
            throw new IllegalArgumentException(field + " " + problem);
        }
        return value;
    }

    /**
     * Why {@code value} cannot go on a CLI line ("is longer than …", "contains a quote at position 3"), or null when
     * it can. Empty passes here ({@link #text} refuses it). Public so that desired-state refuses a manifest at apply
     * time by the very rule the drivers apply.
     */
    public static String textProblem(String value) {
        if (value.length() > MAX_TEXT) {
            return "is longer than " + MAX_TEXT + " characters";
        }
        for (int i = 0; i < value.length(); i++) {
            String problem = problem(value.charAt(i));
            if (problem != null) {
                return "contains " + problem + " at position " + (i + 1);
            }
        }
        return null;
    }

    private static String problem(char c) {
        if (c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029') {
            return "a line break";
        }
        if (c == ';') {
            return "a ';'";
        }
        if (c == '"' || c == '\'' || c == '`' || c == '\u2018' || c == '\u2019' || c == '\u201A' || c == '\u201B'
                || c == '\u201C' || c == '\u201D' || c == '\u201E' || c == '\u201F' || c == '\u2032' || c == '\u2033'
                || c == '\u00AB' || c == '\u00BB' || c == '\u2039' || c == '\u203A' || c == '\uFF02' || c == '\uFF07') {
            return "a quote";
        }
        if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.UNASSIGNED
                || Character.getType(c) == Character.PRIVATE_USE || c == '\uFFFD') {
            return "a control character";
        }
        return null;
    }
}
