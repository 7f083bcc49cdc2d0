package io.appfleet.telemetry.noc.cpp;

import java.time.Duration;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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
import io.appfleet.platform.problem.ProblemException;
import io.appfleet.telemetry.noc.ApiParams;

@Path("/api/v1/noc/cpp")
@Tag(name = "noc")
@Produces(MediaType.APPLICATION_JSON)
public class CppResource {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    @Inject
    CppDrops drops;

    /** A window and a limit as the endpoint takes them. */
    public record TopQuery(Duration window, int limit) {

        public static TopQuery parse(String window, String limit) {
            Duration w = ApiParams.duration("window", window, DEFAULT_WINDOW, Duration.ofMinutes(1), MAX_WINDOW);
            int n = ApiParams.integer("limit", limit, DEFAULT_LIMIT);
            if (n < 1 || n > MAX_LIMIT) {
                throw ProblemException.badRequest("limit", "must be between 1 and " + MAX_LIMIT + ", was " + n);
            }
            return new TopQuery(w, n);
        }
    }

    @GET
    @Path("/top-droppers")
    @Operation(summary = "CPP classes dropping the most",
            description = "Devices and CPP classes by their policer's drop rate (frames per second) over the window,"
                    + " highest first; only classes that dropped something. Windows up to 6h read rollup_1m, longer"
                    + " ones rollup_1h.")
    @APIResponse(responseCode = "200", description = "the droppers, highest rate first")
    @APIResponse(responseCode = "400", description = "a bad window or limit",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public List<CppDropper> topDroppers(
            @Parameter(description = "how far back: 90s, 15m, 6h, 7d or ISO-8601 (PT15M); 1m to 7d",
                    schema = @Schema(type = SchemaType.STRING, defaultValue = "15m")) @QueryParam("window") String window,
            @Parameter(description = "rows, 1 to " + MAX_LIMIT,
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "" + DEFAULT_LIMIT))
            @QueryParam("limit") String limit) {
        TopQuery q = TopQuery.parse(window, limit);
        return drops.topDroppers(q.window(), q.limit());
    }
}
