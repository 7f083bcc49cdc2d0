package io.appfleet.telemetry.noc.page;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the NOC page writes times, counts, rates and status names: short, for reading across a room. */
public final class Format {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FULL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** {@code 12 s ago}, {@code 3 min ago}, {@code 2 h ago}, {@code 4 d ago}; {@code never} for null. */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return "never";
        }
        long s = Duration.between(t, now).getSeconds();
        if (s < 5) {
            return "just now";
        }
        if (s < 120) {
            return s + " s ago";
        }
        if (s < 2 * 3600) {
            return s / 60 + " min ago";
        }
        if (s < 2 * 86_400) {
            return s / 3600 + " h ago";
        }
        return s / 86_400 + " d ago";
    }

    /** {@code 18:44:05} (UTC). */
    public static String clock(Instant t) {
        return t == null ? "" : CLOCK.format(t);
    }

    /** {@code 18:44} (UTC), for chart axes. */
    public static String minute(Instant t) {
        return t == null ? "" : MINUTE.format(t);
    }

    /** {@code 2025-01-01 10:00:00 UTC}; empty for null. */
    public static String full(Instant t) {
        return t == null ? "" : FULL.format(t);
    }

    /** {@code 12,345}. */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A rate or a plain number, three significant figures at most: {@code 0}, {@code 0.42}, {@code 12.5}, {@code 1.2k}, {@code 3.4M}. */
    public static String number(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "–";
        }
        double a = Math.abs(v);
        if (a == 0) {
            return "0";
        }
        if (a >= 1e9) {
            return trim(v / 1e9) + "G";
        }
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e4) {
            return trim(v / 1e3) + "k";
        }
        if (a >= 0.01) {
            return trim(v);
        }
        return "<0.01";
    }

    /** {@code 512 B}, {@code 256 MiB}, {@code 1.5 GiB}. */
    public static String bytes(double v) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double a = v;
        int u = 0;
        while (Math.abs(a) >= 1024 && u < units.length - 1) {
            a /= 1024;
            u++;
        }
        return (u == 0 ? String.format(Locale.ROOT, "%.0f", a) : trim(a)) + " " + units[u];
    }

    /** {@code 0.8 s}, {@code 12 s}, {@code 2 min 3 s}; empty for null. */
    public static String seconds(Double s) {
        if (s == null) {
            return "";
        }
        if (s < 10) {
            return String.format(Locale.ROOT, "%.1f s", s);
        }
        if (s < 120) {
            return Math.round(s) + " s";
        }
        long n = Math.round(s);
        return n / 60 + " min " + n % 60 + " s";
    }

    /** A status as people read it: {@code out_of_sync} is {@code Out of sync}, {@code rolledback} {@code Rolled back}. */
    public static String human(String name) {
        if (name == null || name.isEmpty()) {
            return "";
        }
        String words = switch (name) {
            case "rolledback" -> "rolled back";
            case "iosxe" -> "IOS-XE";
            case "iosxr" -> "IOS-XR";
            case "infix" -> "Infix";
            case "ssh_cli" -> "SSH CLI";
            case "restconf" -> "RESTCONF";
            default -> name.replace('_', ' ');
        };
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    /** One or two decimals, no trailing zeros: {@code 1.5}, {@code 12}, {@code 3.25}. */
    private static String trim(double v) {
        String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
