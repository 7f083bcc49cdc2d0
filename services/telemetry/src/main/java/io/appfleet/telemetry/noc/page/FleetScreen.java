package io.appfleet.telemetry.noc.page;

import java.time.Instant;
import java.util.List;

import io.appfleet.telemetry.noc.cpp.CppDropper;
import io.appfleet.telemetry.noc.rollouts.RolloutView;

/**
 * What the fleet page shows at one moment.
 *
 * @param error      why the filters could not be applied (the table is then empty), or null
 * @param moreRollouts rollouts beyond the ones shown
 */
public record FleetScreen(Instant generatedAt, boolean ready, int refreshMillis, List<Tile> tiles,
        List<RolloutView> rollouts, int moreRollouts, List<CppDropper> droppers, String droppersWindow,
        Filters filters, String error, List<DeviceRow> devices, Pager pager, boolean filtered) {

    /** The filter form's current values and choices. */
    public record Filters(List<Option> platforms, String site, String label, List<Option> syncs, List<Option> healths,
            List<Option> reachabilities, int size) {
    }

    /** One row of the device table, written for people. */
    public record DeviceRow(String id, String href, String platform, String site, String reachability, String sync,
            String health, String apps, boolean appsAllRunning, String observed, String observedAt, String error) {
    }

    public String clock() {
        return Format.clock(generatedAt);
    }

    public String generatedAtText() {
        return Format.full(generatedAt);
    }

    /** Without script, the page reloads itself this often (a meta refresh inside noscript). */
    public int noScriptRefreshSeconds() {
        return Math.max(5, refreshMillis / 1000 * 3);
    }
}
