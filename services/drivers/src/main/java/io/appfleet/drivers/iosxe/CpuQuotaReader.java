package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.parse.OutputLines.Line;
import io.appfleet.drivers.parse.ParseException;

/** Collects the values of a "CPU:" block into a {@link CpuQuota}. */
final class CpuQuotaReader {

    private Long quotaPercent;
    private Long availablePercent;
    private Long quotaUnits;
    private Long availableUnits;
    private boolean seen;

    void accept(ColonBlocks.Value v) {
        Line l = v.line();
        Quantity q = v.quantity();
        boolean percent = q.unit().equalsIgnoreCase("Percentage") || q.unit().equals("%");
        if (!percent && !q.unit().equalsIgnoreCase("Units")) {
            throw new ParseException("expected a CPU value in Percentage or Units", l.number(), l.text());
        }
        long n = q.whole(q.unit(), l);
        switch (v.key()) {
            case "Quota" -> {
                if (percent) {
                    quotaPercent = n;
                } else {
                    quotaUnits = n;
                }
            }
            case "Available" -> {
                if (percent) {
                    availablePercent = n;
                } else {
                    availableUnits = n;
                }
            }
            default -> throw new ParseException("unexpected CPU field", l.number(), l.text());
        }
        seen = true;
    }

    CpuQuota build() {
        return seen ? new CpuQuota(quotaPercent, availablePercent, quotaUnits, availableUnits) : null;
    }
}
