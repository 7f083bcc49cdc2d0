package io.appfleet.telemetry.noc.rollouts;

import java.util.List;

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
import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.telemetry.noc.NocProblems;
import io.appfleet.telemetry.noc.PagedResult;
import io.appfleet.telemetry.noc.Paging;

@Path("/api/v1/noc/rollouts")
@Tag(name = "noc")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutsResource {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    @Inject
    FleetView view;

    @GET
    @Operation(summary = "Rollouts with their waves",
            description = "Every deployment's current rollout, by deployment name, with each wave's progress.")
    @APIResponse(responseCode = "200", description = "a page of rollouts")
    @APIResponse(responseCode = "400", description = "a bad page or size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PagedResult<RolloutView> list(
            @Parameter(description = "page number, from 0", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to " + MAX_SIZE,
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "" + DEFAULT_SIZE))
            @QueryParam("size") String size) {
        Paging paging = Paging.parse(page, size, DEFAULT_SIZE, MAX_SIZE);
        List<RolloutView> all = view.rollouts().stream().map(RolloutView::of).toList();
        int from = Math.min(paging.offset(), all.size());
        int to = Math.min(from + paging.size(), all.size());
        return new PagedResult<>(all.subList(from, to), paging.page(), paging.size(), all.size());
    }

    @GET
    @Path("/{deployment}")
    @Operation(summary = "One deployment's rollout", description = "The current revision's rollout and its waves.")
    @APIResponse(responseCode = "200", description = "the rollout")
    @APIResponse(responseCode = "404", description = "fleet.rollouts.v1 has no rollout of that deployment",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RolloutView rollout(@PathParam("deployment") String deployment) {
        return view.rollout(deployment).map(RolloutView::of).orElseThrow(() -> NocProblems.unknownRollout(deployment));
    }
}
