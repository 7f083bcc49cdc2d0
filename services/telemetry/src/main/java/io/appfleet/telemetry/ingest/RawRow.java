package io.appfleet.telemetry.ingest;

/**
 * A measurement as stored in {@code raw_sample}: for a counter with the increase since the previous
 * reading of the same epoch (null when there is none: first reading, reboot or restart, late or
 * duplicate sample).
 */
public record RawRow(Measurement m, Double increase, Double seconds, boolean reset, boolean gap) {

    public static RawRow of(Measurement m) {
        return new RawRow(m, null, null, false, false);
    }
}
