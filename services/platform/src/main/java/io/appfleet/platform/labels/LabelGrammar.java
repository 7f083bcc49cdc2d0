package io.appfleet.platform.labels;

import java.util.regex.Pattern;

/**
 * The Kubernetes label grammar: a key is an optional DNS-subdomain prefix and a slash, then a
 * name of at most 63 alphanumerics, '-', '_' or '.', starting and ending alphanumeric; a value is
 * empty or follows the same rule as a name. Operators know it from kubectl, and it keeps every
 * label safe to put in a URL, a selector or a Prometheus label.
 */
public final class LabelGrammar {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private LabelGrammar() {
    }

    /** Returns why {@code key} is not a valid label key, or null when it is. */
    public static String keyError(String key) {
        if (key == null || key.isEmpty()) {
            return "label key must not be empty";
        }
        int slash = key.indexOf('/');
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (prefix.isEmpty() || prefix.length() > 253 || !DNS_SUBDOMAIN.matcher(prefix).matches()) {
                return "label key prefix '" + printable(prefix) + "' must be a DNS subdomain of at most 253 characters";
            }
        }
        if (!NAME.matcher(name).matches()) {
            return "label key '" + printable(key) + "' must be at most 63 characters of [A-Za-z0-9-_.],"
                    + " starting and ending with a letter or digit";
        }
        return null;
    }

    /** Returns why {@code value} is not a valid label value, or null when it is. */
    public static String valueError(String value) {
        if (value == null) {
            return "label value must not be null";
        }
        if (!value.isEmpty() && !NAME.matcher(value).matches()) {
            return "label value '" + printable(value) + "' must be empty or at most 63 characters of"
                    + " [A-Za-z0-9-_.], starting and ending with a letter or digit";
        }
        return null;
    }

    /** Quotes user input in error messages without echoing control characters or huge strings. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 80 ? b + "…" : b.toString();
    }
}
