package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A number with its unit as IOS-XE prints it ("500 MB", "1850 units", "0.00 %", "25(Percentage)").
 * Records carry the unit in the field name instead, so a value in an unexpected unit is converted
 * when that is exact (KB/MB/GB) and refused otherwise rather than stored as if it matched.
 */
record Quantity(BigDecimal value, String unit) {

    private static final Pattern FORM = Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*\\(?\\s*([A-Za-z%]*)\\s*\\)?$");
    private static final List<String> BYTE_UNITS = List.of("KB", "MB", "GB", "TB");

    static Quantity parse(String text, Line l) {
        Matcher m = FORM.matcher(text.strip());
        if (!m.matches()) {
            throw new ParseException("expected a number with a unit", l.number(), l.text());
        }
        return new Quantity(new BigDecimal(m.group(1)), m.group(2));
    }

    long whole(String wanted, Line l) {
        BigDecimal v = in(wanted, l);
        try {
            return v.longValueExact();
        } catch (ArithmeticException e) {
            throw new ParseException("expected a whole number of " + wanted, l.number(), l.text());
        }
    }

    double decimal(String wanted, Line l) {
        return in(wanted, l).doubleValue();
    }

    private BigDecimal in(String wanted, Line l) {
        if (unit.isEmpty() || unit.equalsIgnoreCase(wanted)) {
            return value;
        }
        int from = BYTE_UNITS.indexOf(unit.toUpperCase());
        int to = BYTE_UNITS.indexOf(wanted.toUpperCase());
        if (from < 0 || to < 0) {
            throw new ParseException("expected a value in " + wanted, l.number(), l.text());
        }
        BigDecimal factor = BigDecimal.valueOf(1024).pow(Math.abs(from - to));
        return from > to ? value.multiply(factor) : value.divide(factor);
    }
}
