package io.appfleet.telemetry.noc.page;

/** One choice of a filter's select; the empty value is "any". */
public record Option(String value, String label, boolean selected) {
}
