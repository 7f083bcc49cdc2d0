package io.appfleet.drivers.iosxr;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes the way docker prints them. Docker mixes two unit systems on purpose: memory uses
 * binary units (KiB, MiB, GiB: 1024-based), network and block IO use decimal units
 * (kB, MB, GB: 1000-based), and "B" alone is bytes. "1.2kB" is 1200 bytes, "72.91MiB" is
 * 72.91 × 1024² bytes, rounded to the nearest byte since docker already rounded the text.
 */
final class ByteSize {

    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([A-Za-z]*)$");

    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("B", 1L), Map.entry("", 1L),
            Map.entry("kB", 1000L), Map.entry("KB", 1000L), Map.entry("MB", 1000_000L),
            Map.entry("GB", 1000_000_000L), Map.entry("TB", 1000_000_000_000L),
            Map.entry("KiB", 1L << 10), Map.entry("MiB", 1L << 20), Map.entry("GiB", 1L << 30),
            Map.entry("TiB", 1L << 40));

    private ByteSize() {
    }

    /** Bytes for one size; null when the text is no docker size (the caller reports the line). */
    static Long toBytes(String text) {
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        Long factor = UNITS.get(m.group(2));
        if (factor == null) {
            return null;
        }
        return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(factor))
                .setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
