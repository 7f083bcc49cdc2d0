package io.appfleet.inventory.device;

import java.io.InputStream;
import java.net.URI;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.appfleet.inventory.importer.DeviceImporter;
import io.appfleet.inventory.importer.DeviceImporter.Format;
import io.appfleet.inventory.importer.ImportReport;
import io.appfleet.platform.labels.LabelSelector;
import io.appfleet.platform.problem.JsonBodies;
import io.appfleet.platform.problem.ProblemException;

/**
 * The devices API. Responses carry the generation as a strong ETag; {@code If-Match} on PUT and
 * DELETE makes a write conditional on it (412 when the device moved on).
 */
@Path("/api/v1")
@Tag(name = "devices")
@Produces(MediaType.APPLICATION_JSON)
public class DeviceResource {

    @Inject
    DeviceService devices;

    @Inject
    DeviceQuery query;

    @Inject
    DeviceImporter importer;

    @POST
    @Path("/devices")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a device")
    @RequestBody(content = @Content(schema = @Schema(implementation = DeviceRequest.class)))
    public Response create(String body) {
        DeviceView v = devices.create(JsonBodies.read(body, DeviceRequest.class));
        return Response.created(URI.create("/api/v1/devices/" + v.id())).tag(etag(v)).entity(v).build();
    }

    @GET
    @Path("/devices/{id}")
    @Operation(summary = "Get one device")
    public Response get(@PathParam("id") String id) {
        DeviceView v = devices.get(id);
        return Response.ok(v).tag(etag(v)).build();
    }

    @GET
    @Path("/devices")
    @Operation(summary = "List devices", description = "selector uses the Kubernetes label selector grammar,"
            + " e.g. role=access,site in (ams,fra); sort is a comma list of fields, '-' for descending")
    public DeviceQuery.Page list(@QueryParam("selector") String selector, @QueryParam("platform") String platform,
            @QueryParam("site") String site, @QueryParam("adminState") String adminState,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("50") int size,
            @QueryParam("sort") String sort) {
        LabelSelector parsed;
        try {
            parsed = LabelSelector.parse(selector);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("selector", e.getMessage());
        }
        if (platform != null && !DeviceValidator.PLATFORMS.contains(platform)) {
            throw ProblemException.badRequest("platform", "unknown platform; expected one of iosxe, iosxr, infix");
        }
        if (adminState != null && !DeviceValidator.ADMIN_STATES.contains(adminState)) {
            throw ProblemException.badRequest("adminState", "expected managed, maintenance or decommissioned");
        }
        return query.list(new DeviceQuery.Filter(parsed, platform, site, adminState), page, size, sort);
    }

    @PUT
    @Path("/devices/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a device", description = "If-Match: \"<generation>\" makes the update conditional")
    public Response update(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            @RequestBody(content = @Content(schema = @Schema(implementation = DeviceRequest.class))) String body) {
        DeviceView v = devices.update(id, JsonBodies.read(body, DeviceRequest.class), generationOf(ifMatch));
        return Response.ok(v).tag(etag(v)).build();
    }

    @DELETE
    @Path("/devices/{id}")
    @Operation(summary = "Delete a device", description = "publishes a tombstone on fleet.inventory.v1")
    public Response delete(@PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch) {
        devices.delete(id, generationOf(ifMatch));
        return Response.noContent().build();
    }

    @POST
    @Path("/devices:import")
    @Consumes({ "text/csv", "application/yaml", "application/x-yaml", "text/yaml", MediaType.APPLICATION_JSON })
    @Operation(summary = "Import devices from CSV, YAML or JSON",
            description = "Validates every row. All-or-nothing unless partial=true, which imports the valid rows."
                    + " Rows are upserts.")
    public ImportReport importDevices(@HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
            @QueryParam("partial") @DefaultValue("false") boolean partial, InputStream body) {
        Format format = switch (type.getSubtype()) {
            case "csv" -> Format.CSV;
            case "json" -> Format.JSON;
            default -> Format.YAML;
        };
        return importer.importFile(format, body, partial);
    }

    private static EntityTag etag(DeviceView v) {
        return new EntityTag(Long.toString(v.generation()));
    }

    /** Accepts {@code "3"}, {@code W/"3"}, {@code 3} and {@code *} (any). */
    static Long generationOf(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        String v = ifMatch.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("If-Match", "expected the device's generation as an entity tag, e.g. \"3\"");
        }
    }
}
