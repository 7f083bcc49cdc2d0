package io.appfleet.telemetry.noc.page;

import java.time.Instant;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

/**
 * The NOC web page: server-rendered HTML that is complete without script (filters are a plain GET
 * form, pages are links, charts are inline SVG). noc.js then fetches the same URL every few seconds
 * and swaps the regions marked {@code data-region}, so the screen follows the fleet live.
 */
@Path("/noc")
@Tag(name = "noc page")
@Produces(MediaType.TEXT_HTML)
public class NocPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance fleet(FleetScreen screen);

        static native TemplateInstance device(DeviceScreen screen);

        static native TemplateInstance unknownDevice(String id, String clock, String generatedAtText);
    }

    @Inject
    NocScreens screens;

    @GET
    @Operation(summary = "The NOC page (HTML)", description = "Summary tiles, rollouts, top CPP droppers and the"
            + " filterable device table; takes the device list's filters and page as query parameters.")
    public Response fleet(@QueryParam("platform") String platform, @QueryParam("site") String site,
            @QueryParam("label") String label, @QueryParam("sync") String sync, @QueryParam("health") String health,
            @QueryParam("reachability") String reachability, @QueryParam("page") String page,
            @QueryParam("size") String size) {
        FleetScreen screen = screens.fleet(new NocScreens.FleetQuery(platform, site, label, sync, health, reachability,
                page, size), Instant.now());
        return html(screen.error() == null ? 200 : 400, Templates.fleet(screen));
    }

    @GET
    @Path("/devices/{id}")
    @Operation(summary = "A device's NOC page (HTML)", description = "Its apps, charts of the last hour and its recent"
            + " reconcile steps (events=<page> pages through them).")
    public Response device(@PathParam("id") String id, @QueryParam("events") String events) {
        Instant now = Instant.now();
        return screens.device(id, events, now).map(s -> html(200, Templates.device(s)))
                .orElseGet(() -> html(404, Templates.unknownDevice(id, Format.clock(now), Format.full(now))));
    }

    private static Response html(int status, TemplateInstance page) {
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).cacheControl(noStore)
                .entity(page.render()).build();
    }
}
