package io.appfleet.adapter.reconcile;

import java.util.regex.Pattern;

/**
 * Takes credentials out of the URLs in a text before it leaves the adapter (events, observed
 * errors, logs). Package URLs may carry a user and password or a token, and the drivers quote
 * them in step details, transcripts and messages (the device's copy command needs the URL).
 */
final class UrlRedaction {

    /** scheme://user:password@ (up to the last @ before the path, as a password may hold one). */
    private static final Pattern USER_INFO = Pattern.compile("\\b([a-zA-Z][a-zA-Z0-9+.-]*://)[^/\\s]*@");
    /** The query of a URL: where tokens travel. */
    private static final Pattern QUERY = Pattern.compile("(://[^\\s?#]*)\\?[^\\s'\"#)]*");

    private UrlRedaction() {
    }

    static String redact(String text) {
        if (text == null || !text.contains("://")) {
            return text;
        }
        return QUERY.matcher(USER_INFO.matcher(text).replaceAll("$1***@")).replaceAll("$1?***");
    }
}
