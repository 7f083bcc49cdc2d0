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
import io.appfleet.telemetry.noc.ApiParams;
import io.appfleet.telemetry.noc.PagedResult;
import io.appfleet.telemetry.noc.Paging;

@Path("/api/v1/noc/cpp")
@Tag(name = "noc")
@Produces(MediaType.APPLICATION_JSON)
public class CppResource {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);
    public static final Duration MAX_WINDOW = Duration.ofDays(7);
    public static final int DEFAULT_SIZE = 10;
    public static final int MAX_SIZE = 100;

    @Inject
    CppDrops drops;

    /** A window and a page as the endpoint takes them. */
    public record TopQuery(Duration window, Paging paging) {

        public static TopQuery parse(String window, String page, String size) {
            Duration w = ApiParams.duration("window", window, DEFAULT_WINDOW, Duration.ofMinutes(1), MAX_WINDOW);
            return new TopQuery(w, Paging.parse(page, size, DEFAULT_SIZE, MAX_SIZE));
        }
    }

    @GET
    @Path("/top-droppers")
    @Operation(summary = "CPP classes dropping the most",
            description = "Devices and CPP classes by their policer's drop rate (frames per second) over the window,"
                    + " highest first; only classes that dropped something. Windows up to 6h read rollup_1m, longer"
                    + " ones rollup_1h. A window's ranking is read at most every 10 s.")
    @APIResponse(responseCode = "200", description = "a page of the droppers, highest rate first")
    @APIResponse(responseCode = "400", description = "a bad window, page or size",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public PagedResult<CppDropper> topDroppers(
            @Parameter(description = "how far back: 90s, 15m, 6h, 7d or ISO-8601 (PT15M); 1m to 7d",
                    schema = @Schema(type = SchemaType.STRING, defaultValue = "15m")) @QueryParam("window") String window,
            @Parameter(description = "page number, from 0", schema = @Schema(type = SchemaType.INTEGER, defaultValue = "0"))
            @QueryParam("page") String page,
            @Parameter(description = "page size, 1 to " + MAX_SIZE,
                    schema = @Schema(type = SchemaType.INTEGER, defaultValue = "" + DEFAULT_SIZE))
            @QueryParam("size") String size) {
        TopQuery q = TopQuery.parse(window, page, size);
        Paging p = q.paging();
        List<CppDropper> all = drops.topDroppers(q.window());
        int from = Math.min(p.offset(), all.size());
        int to = Math.min(from + p.size(), all.size());
        return new PagedResult<>(all.subList(from, to), p.page(), p.size(), all.size());
    }
}
