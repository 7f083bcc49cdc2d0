package io.appfleet.telemetry.noc.page;

import java.time.Instant;
import java.util.List;

import io.appfleet.telemetry.fleet.DeviceDetail;

/** What a device's page shows at one moment. */
public record DeviceScreen(Instant generatedAt, int refreshMillis, DeviceDetail device, String labels,
        String observed, String lastReachable, String lastError, List<AppRow> apps, List<Chart> charts,
        List<EventRow> events, Pager eventsPager) {

    /** One app, written for people; {@code attention} when observed and desired disagree or it is not healthy. */
    public record AppRow(String id, boolean managed, String state, String desired, String sync, String health,
            String version, String deployment, String since, String message, boolean attention) {
    }

    /** One reconcile step. */
    public record EventRow(String when, String at, String step, String app, String outcome, boolean failed,
            String duration, int attempt, String error, String deployment) {
    }

    public String clock() {
        return Format.clock(generatedAt);
    }

    public String generatedAtText() {
        return Format.full(generatedAt);
    }

    public int noScriptRefreshSeconds() {
        return Math.max(5, refreshMillis / 1000 * 3);
    }
}
