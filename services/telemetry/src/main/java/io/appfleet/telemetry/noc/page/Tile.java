package io.appfleet.telemetry.noc.page;

/**
 * One summary tile. {@code tone} colours it: {@code good} (all well), {@code warn}, {@code bad},
 * or {@code plain} (a count that is neither).
 */
public record Tile(String key, String label, String value, String detail, String tone) {
}
