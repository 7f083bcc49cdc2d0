package io.appfleet.telemetry.noc.summary;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import org.jboss.logging.Logger;

import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.telemetry.noc.cpp.CppDropTotals;
import io.appfleet.telemetry.noc.cpp.CppDrops;

@Path("/api/v1/noc/summary")
@Tag(name = "noc")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    private static final Logger LOG = Logger.getLogger(SummaryResource.class);

    @Inject
    FleetView view;
    @Inject
    CppDrops cpp;

    @GET
    @Operation(summary = "The fleet at a glance",
            description = "What the NOC page's tiles show: devices, synced, healthy, unreachable, apps running and the"
                    + " fleet's CPP drops over appfleet.telemetry.noc.cpp-window (5m), with the counts by status,"
                    + " platform and rollout state behind them. cppDrops is null while the rollups cannot be read.")
    public NocSummary summary() {
        CppDropTotals drops = null;
        try {
            drops = cpp.totals();
        } catch (RuntimeException e) {
            // The rest comes from memory: a wall screen keeps its tiles while PostgreSQL is away.
            LOG.warnf("NOC summary without CPP drops: %s", e.getMessage());
        }
        return NocSummary.of(view.summary(), drops, Instant.now());
    }
}
