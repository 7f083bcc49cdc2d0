package io.appfleet.desired.manifest;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as manifests write them: {@code 60s}, {@code 5m}, {@code 1h30m}, {@code 1h2m3s}. */
public final class Durations {

    /** Hours, minutes and seconds in that order, each optional but at least one; the schema uses the same. */
    public static final String PATTERN = "^(?=\\d)(?:(\\d{1,5})h)?(?:(\\d{1,5})m)?(?:(\\d{1,6})s)?$";
    private static final Pattern DURATION = Pattern.compile(PATTERN);

    private Durations() {
    }

    /** @throws IllegalArgumentException when {@code text} is not of the form above */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : DURATION.matcher(text);
        if (m == null || !m.matches() || text.isEmpty()) {
            throw new IllegalArgumentException("expected a duration like 90s, 5m or 1h30m (units h, m, s)");
        }
        long seconds = 0;
        if (m.group(1) != null) {
            seconds += Long.parseLong(m.group(1)) * 3600;
        }
        if (m.group(2) != null) {
            seconds += Long.parseLong(m.group(2)) * 60;
        }
        if (m.group(3) != null) {
            seconds += Long.parseLong(m.group(3));
        }
        return Duration.ofSeconds(seconds);
    }
}
