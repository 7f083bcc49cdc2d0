package io.appfleet.telemetry.noc;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.appfleet.platform.problem.ProblemException;
import io.appfleet.telemetry.fleet.DeviceFilter;
import io.appfleet.telemetry.fleet.InvalidQueryException;

/** Parses the NOC's query parameters; anything it cannot take is a 400 problem naming the parameter. */
public final class ApiParams {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,6})([smhd])");

    private ApiParams() {
    }

    /** A whole number, {@code fallback} when absent or blank. */
    public static int integer(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(name, "not a whole number: '" + shorten(value) + "'");
        }
    }

    /**
     * A duration written as a number and a unit ({@code 90s}, {@code 15m}, {@code 6h}, {@code 7d}) or
     * ISO-8601 ({@code PT15M}), {@code fallback} when absent, within {@code min..max}.
     */
    public static Duration duration(String name, String value, Duration fallback, Duration min, Duration max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String v = value.strip().toLowerCase(Locale.ROOT);
        Duration d;
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        } else {
            try {
                d = Duration.parse(value.strip());
            } catch (DateTimeException e) {
                throw ProblemException.badRequest(name, "not a duration: '" + shorten(value)
                        + "'; write e.g. 15m, 6h, 7d or PT15M");
            }
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw ProblemException.badRequest(name, "must be between " + text(min) + " and " + text(max) + ", was "
                    + text(d));
        }
        return d;
    }

    /** An ISO-8601 instant ({@code 2025-01-01T10:00:00Z}, an offset instead of Z also works), null when absent. */
    public static Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeException e) {
            throw ProblemException.badRequest(name, "not an ISO-8601 time such as 2025-01-01T10:00:00Z: '"
                    + shorten(value) + "'");
        }
    }

    /**
     * The device list's filters. {@code label} is a label selector in the Kubernetes grammar
     * ({@code role=access,site in (ams,fra)}); the others take the lowercase names the API shows.
     */
    public static DeviceFilter deviceFilter(String platform, String site, String label, String sync, String health,
            String reachability) {
        try {
            return DeviceFilter.of(platform, site, label, sync, health, reachability);
        } catch (InvalidQueryException e) {
            // The view calls the selector "selector"; the API's parameter is "label".
            String field = e.field().equals("selector") ? "label" : e.field();
            String message = e.getMessage().substring(e.field().length() + 2);
            throw ProblemException.badRequest(field, message);
        }
    }

    /** A duration as the API writes it: the largest whole unit ({@code 15m}, {@code 7d}, {@code 90s}). */
    public static String text(Duration d) {
        long s = d.getSeconds();
        if (s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s % 3600 == 0) {
            return s / 3600 + "h";
        }
        if (s % 60 == 0) {
            return s / 60 + "m";
        }
        return s + "s";
    }

    /** Echoed input is cut: a parameter can be long, and the reply should not be. */
    static String shorten(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
