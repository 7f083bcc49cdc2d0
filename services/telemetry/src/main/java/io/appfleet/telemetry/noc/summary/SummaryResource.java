package io.appfleet.telemetry.noc.summary;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.telemetry.noc.cpp.CppDrops;

@Path("/api/v1/noc/summary")
@Tag(name = "noc")
@Produces(MediaType.APPLICATION_JSON)
public class SummaryResource {

    @Inject
    FleetView view;
    @Inject
    CppDrops cpp;

    @GET
    @Operation(summary = "The fleet at a glance",
            description = "What the NOC page's tiles show: devices, synced, healthy, unreachable, apps running and the"
                    + " fleet's CPP drops over appfleet.telemetry.noc.cpp-window (5m), with the counts by status,"
                    + " platform and rollout state behind them.")
    public NocSummary summary() {
        return NocSummary.of(view.summary(), cpp.totals(), Instant.now());
    }
}
