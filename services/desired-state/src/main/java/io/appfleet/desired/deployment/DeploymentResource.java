package io.appfleet.desired.deployment;

import java.net.URI;
import java.util.List;

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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.InvalidManifestException;
import io.appfleet.desired.manifest.ManifestFormat;
import io.appfleet.desired.manifest.ManifestReader;
import io.appfleet.platform.problem.ProblemException;

/**
 * The deployments API. Manifests come as YAML ({@code application/yaml}) or JSON; apply is
 * create-or-update. Every error is problem+json naming the fields.
 */
@Path("/api/v1")
@Tag(name = "deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DeploymentResource {


    @Inject
    DeploymentService deployments;

    @POST
    @Path("/deployments")
    @Consumes({ MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" })
    @Operation(summary = "Apply a manifest (create or update)", description = "201 when the deployment is new, 200"
            + " otherwise; an identical manifest makes no revision (outcome unchanged)")
    public Response apply(@HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, @Context SecurityContext security,
            String body) {
        return applied(deployments.apply(read(type, body), source(security)));
    }

    @PUT
    @Path("/deployments/{name}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" })
    @Operation(summary = "Apply a manifest to the deployment named in the path (create or update)")
    public Response put(@PathParam("name") String name, @HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type,
            @Context SecurityContext security, String body) {
        AppDeployment manifest = read(type, body);
        if (!manifest.name().equals(name)) {
            throw InvalidManifestException.of("metadata.name", "'" + manifest.name()
                    + "' differs from the deployment in the path ('" + name + "')");
        }
        return applied(deployments.apply(manifest, source(security)));
    }

    @GET
    @Path("/deployments")
    @Operation(summary = "List deployments", description = "by name; page from 0, size 1-1000")
    public DeploymentViews.Page<DeploymentViews.Summary> list(@QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("50") int size) {
        return deployments.list(page, size);
    }

    @GET
    @Path("/deployments/{name}")
    @Operation(summary = "One deployment: its current manifest and status")
    public DeploymentViews.Deployment get(@PathParam("name") String name) {
        return deployments.get(name);
    }

    @GET
    @Path("/deployments/{name}/devices")
    @Operation(summary = "The deployment's devices, paged", description = "phase: Applied, Pending, Unschedulable"
            + " or Conflict")
    public DeploymentViews.Page<DeploymentViews.Target> devices(@PathParam("name") String name,
            @QueryParam("phase") String phase, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("100") int size) {
        return deployments.devices(name, phase, page, size);
    }

    @DELETE
    @Path("/deployments/{name}")
    @Operation(summary = "Delete a deployment", description = "its app leaves every device's desired state")
    public DeploymentViews.DeleteResult delete(@PathParam("name") String name, @Context SecurityContext security) {
        return deployments.delete(name, source(security));
    }

    @GET
    @Path("/deployments/{name}/revisions")
    @Operation(summary = "Revision history, newest first")
    public List<DeploymentViews.Revision> revisions(@PathParam("name") String name) {
        return deployments.revisions(name);
    }

    @GET
    @Path("/deployments/{name}/revisions/{revision}")
    @Operation(summary = "One revision with its manifest")
    public DeploymentViews.RevisionDetail revision(@PathParam("name") String name,
            @PathParam("revision") long revision) {
        return deployments.revision(name, revision);
    }

    /**
     * {@code POST /deployments/{name}:rollback}. The action suffix is parsed here rather than written
     * as a {@code {name}:rollback} template: JAX-RS templates are meant to fill whole path segments,
     * and a partial one is not reliably routed by RESTEasy Reactive.
     */
    @POST
    @Path("/deployments/{target}")
    @Operation(summary = "Make an earlier revision current: POST /api/v1/deployments/{name}:rollback?revision=N",
            description = "creates a new revision equal to the old manifest; any of the last"
                    + " appfleet.desired.rollback-window revisions (default 10)")
    public DeploymentViews.ApplyResult rollback(@PathParam("target") String target,
            @QueryParam("revision") Long revision, @Context SecurityContext security) {
        if (!target.endsWith(":rollback")) {
            throw new ProblemException(405, "Method Not Allowed", "POST on a deployment takes an action:"
                    + " /api/v1/deployments/{name}:rollback?revision=N", null, null);
        }
        String name = target.substring(0, target.length() - ":rollback".length());
        if (revision == null) {
            throw ProblemException.badRequest("revision", "is required, e.g. ?revision=3");
        }
        return deployments.rollback(name, revision, source(security));
    }

    static AppDeployment read(MediaType type, String body) {
        ManifestFormat format = type == null ? null : ManifestFormat.ofMediaType(type.getType(), type.getSubtype());
        if (format == null) {
            throw new ProblemException(415, "Unsupported Media Type", "send the manifest as application/yaml or"
                    + " application/json", null, null);
        }
        return ManifestReader.read(body, format);
    }

    private static Response applied(DeploymentViews.ApplyResult result) {
        if (result.outcome().equals("created")) {
            return Response.created(URI.create("/api/v1/deployments/" + result.name())).entity(result).build();
        }
        return Response.ok(result).build();
    }

    /** The caller the auth layer identified (JWT subject or API token name); "anonymous" only with auth off. */
    private static ChangeSource source(SecurityContext security) {
        return ChangeSource.api(security == null || security.getUserPrincipal() == null ? null
                : security.getUserPrincipal().getName());
    }
}
