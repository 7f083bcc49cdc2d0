package io.appfleet.adapter.api;

import io.appfleet.adapter.DeviceAdapter;
import io.appfleet.adapter.refresh.RefreshRouter;
import io.appfleet.platform.device.DeviceIds;
import io.appfleet.platform.problem.Problem;
import io.appfleet.platform.problem.ProblemException;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Asks for a pass now, whatever the resync schedule says, on whichever instance owns the device. */
@Path("/api/v1/devices/{id}/refresh")
@Tag(name = "devices")
public class DeviceRefreshResource {

    /** The device is owned by this instance and queued here. */
    public record Queued(String deviceId, boolean queued, String adapterInstanceId) {
    }

    /** Not owned here: handed to the owning instance through fleet.device-commands.v1. */
    public record Routed(String deviceId, boolean queued, boolean routed, String requestId) {
    }

    @Inject
    DeviceAdapter adapter;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reconcile a device now",
            description = "Queues a pass of the device. The instance that owns the device queues it at once (queued: true);"
                    + " any other instance routes the request to the owner through Kafka (fleet.device-commands.v1) and"
                    + " answers routed: true with the request id the owner's log names. A device unknown to inventory is"
                    + " routed too (no instance can tell it from one owned elsewhere); its owner logs that it does not"
                    + " know it. A pass already queued or running absorbs the request.")
    @APIResponse(responseCode = "202", description = "queued here, or routed to the owning instance",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(oneOf = {Queued.class, Routed.class})))
    @APIResponse(responseCode = "400", description = "not a device id (inventory's grammar)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not take the routed request",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response refresh(@Parameter(description = "device id, as in inventory") @PathParam("id") String id) {
        DeviceIds.problem(id).ifPresent(problem -> {
            throw ProblemException.badRequest("id", problem);
        });
        RefreshRouter.Outcome outcome;
        try {
            outcome = adapter.refreshRouter().refresh(id);
        } catch (RefreshRouter.Unroutable e) {
            throw new ProblemException(503, "Service unavailable", e.getMessage() + "; try again", null, null);
        }
        if (outcome instanceof RefreshRouter.Queued q) {
            return Response.accepted(new Queued(q.deviceId(), true, q.adapterInstanceId())).build();
        }
        RefreshRouter.Routed r = (RefreshRouter.Routed) outcome;
        return Response.accepted(new Routed(r.deviceId(), false, true, r.requestId())).build();
    }
}
