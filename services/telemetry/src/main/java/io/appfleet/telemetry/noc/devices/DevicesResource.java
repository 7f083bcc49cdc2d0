package io.appfleet.telemetry.noc.devices;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.appfleet.platform.problem.Problem;
import io.appfleet.telemetry.fleet.DeviceDetail;
import io.appfleet.telemetry.fleet.DeviceEvent;
import io.appfleet.telemetry.fleet.DeviceFilter;
import io.appfleet.telemetry.fleet.DeviceSummary;
import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.telemetry.fleet.ReconcileEventStore;
import io.appfleet.telemetry.noc.ApiParams;
import io.appfleet.telemetry.noc.NocProblems;
import io.appfleet.telemetry.noc.PagedResult;
import io.appfleet.telemetry.noc.Paging;
import io.appfleet.telemetry.noc.series.DeviceSeries;
import io.appfleet.telemetry.noc.series.SeriesRequest;
import io.appfleet.telemetry.noc.series.SeriesStore;

@Path("/api/v1/noc/devices")
@Tag(name = "noc")
@Produces(MediaType.APPLICATION_JSON)
@APIResponse(responseCode = "400", description = "a parameter is not valid; errors[].field names it",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DevicesResource {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 1000;
    public static final int DEFAULT_EVENTS = 20;
    public static final int MAX_EVENTS = 500;

    @Inject
    FleetView view;
    @Inject
    ReconcileEventStore events;
    @Inject
    SeriesStore series;

    @GET
    @Operation(summary = "Devices, filtered and paged",
            description = "Devices in id order with their reachability, sync, health, app counts and last error."
                    + " Every filter is optional; they combine with AND.")
    public PagedResult<DeviceSummary> list(
            @Parameter(description = "iosxe, iosxr, infix or unknown") @QueryParam("platform") String platform,
            @Parameter(description = "inventory's site; unknown for devices without one") @QueryParam("site") String site,
            @Parameter(description = "label selector, Kubernetes grammar: role=access,tier in (edge,core),!legacy;"
                    + " site can be selected like a label") @QueryParam("label") String label,
            @Parameter(description = "synced, out_of_sync or unknown") @QueryParam("sync") String sync,
            @Parameter(description = "healthy, progressing, degraded, suspended, missing or unknown")
            @QueryParam("health") String health,
            @Parameter(description = "reachable, unreachable, auth_failed, host_key_mismatch or unknown")
            @QueryParam("reachability") String reachability,
            @Parameter(description = "page number, from 0", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to " + MAX_SIZE,
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "" + DEFAULT_SIZE))
            @QueryParam("size") String size) {
        DeviceFilter filter = ApiParams.deviceFilter(platform, site, label, sync, health, reachability);
        Paging paging = Paging.parse(page, size, DEFAULT_SIZE, MAX_SIZE);
        return paging.of(view.devices(filter, paging.offset(), paging.size()));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One device",
            description = "Inventory's fields (never credentials), what the adapter last observed, every app with its"
                    + " observed state, sync, health, version and the state desired-state asks for, and the last error.")
    @APIResponse(responseCode = "200", description = "the device")
    @APIResponse(responseCode = "404", description = "no such device in inventory (or decommissioned)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeviceDetail device(@PathParam("id") String id) {
        return view.device(id).orElseThrow(() -> NocProblems.unknownDevice(id, view.ready()));
    }

    @GET
    @Path("/{id}/events")
    @Operation(summary = "A device's reconcile steps, newest first",
            description = "Steps from fleet.events.v1 as stored (kept for appfleet.telemetry.events-retention): step,"
                    + " app, outcome, duration, error, the command sent and the device's output.")
    @APIResponse(responseCode = "200", description = "a page of events")
    @APIResponse(responseCode = "404", description = "no such device in inventory",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PagedResult<DeviceEvent> events(@PathParam("id") String id,
            @Parameter(description = "page number, from 0", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to " + MAX_EVENTS,
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "" + DEFAULT_EVENTS))
            @QueryParam("size") String size) {
        Paging paging = Paging.parse(page, size, DEFAULT_EVENTS, MAX_EVENTS);
        requireDevice(id);
        return paging.of(events.recent(id, paging.offset(), paging.size()));
    }

    @GET
    @Path("/{id}/series")
    @Operation(summary = "A device's time series from the rollups",
            description = "One series per app (cpu: percent, memory: bytes used) or per CPP class (cpp_drops: frames"
                    + " dropped per second, cpp_drop_bytes: bytes per second), one point per step that has data: the"
                    + " step's average. step=1m reads rollup_1m, step=1h rollup_1h. At most "
                    + SeriesRequest.MAX_POINTS + " points per series: a longer range is refused.")
    @APIResponse(responseCode = "200", description = "the series")
    @APIResponse(responseCode = "404", description = "no such device in inventory",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public DeviceSeries series(@PathParam("id") String id,
            @Parameter(description = "cpu, memory, cpp_drops or cpp_drop_bytes", required = true)
            @QueryParam("metric") String metric,
            @Parameter(description = "start, ISO-8601 (2025-01-01T10:00:00Z); default: the last hour (1m) or 7 days (1h)"
                    + " before to") @QueryParam("from") String from,
            @Parameter(description = "end (exclusive), ISO-8601; default now") @QueryParam("to") String to,
            @Parameter(description = "1m or 1h; default 1m when the range has at most " + SeriesRequest.MAX_POINTS
                    + " minutes, else 1h") @QueryParam("step") String step) {
        SeriesRequest request = SeriesRequest.parse(metric, from, to, step, Instant.now());
        requireDevice(id);
        return series.read(id, request);
    }

    private void requireDevice(String id) {
        if (view.device(id).isEmpty()) {
            throw NocProblems.unknownDevice(id, view.ready());
        }
    }
}
