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
import io.appfleet.desired.rollout.RolloutActions;
import io.appfleet.desired.rollout.RolloutView;
import io.appfleet.desired.rollout.Rollouts;
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

    @Inject
    RolloutActions rolloutActions;

    @Inject
    Rollouts rollouts;

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
     * {@code POST /deployments/{name}:<action>}: rollback, and the rollout controls pause, resume,
     * abort and promote. The action suffix is parsed here rather than written as a
     * {@code {name}:rollback} template: JAX-RS templates are meant to fill whole path segments, and
     * a partial one is not reliably routed by RESTEasy Reactive.
     */
    @POST
    @Path("/deployments/{target}")
    @Operation(summary = "An action on a deployment: {name}:rollback?revision=N, {name}:pause, {name}:resume,"
            + " {name}:abort, {name}:promote[?full=true]",
            description = "rollback creates a new revision equal to an old manifest (any of the last"
                    + " appfleet.desired.rollback-window revisions, default 10) and answers like an apply; the"
                    + " rollout controls answer with the rollout (as GET /api/v1/deployments/{name}/rollout)")
    public Object action(@PathParam("target") String target, @QueryParam("revision") Long revision,
            @QueryParam("full") @DefaultValue("false") boolean full, @Context SecurityContext security) {
        int colon = target.lastIndexOf(':');
        String action = colon < 0 ? "" : target.substring(colon + 1);
        String name = colon < 0 ? target : target.substring(0, colon);
        String who = source(security).principal();
        return switch (action) {
            case "rollback" -> {
                if (revision == null) {
                    throw ProblemException.badRequest("revision", "is required, e.g. ?revision=3");
                }
                yield deployments.rollback(name, revision, source(security));
            }
            case "pause" -> rolloutActions.pause(name, who);
            case "resume" -> rolloutActions.resume(name, who);
            case "abort" -> rolloutActions.abort(name, who);
            case "promote" -> rolloutActions.promote(name, full, who);
            default -> throw new ProblemException(405, "Method Not Allowed", "POST on a deployment takes an action:"
                    + " /api/v1/deployments/{name}:rollback?revision=N, :pause, :resume, :abort or :promote", null,
                    null);
        };
    }

    @GET
    @Path("/deployments/{name}/rollout")
    @Operation(summary = "The rollout of the deployment's current revision: waves, device counts, events")
    public RolloutView rollout(@PathParam("name") String name) {
        if (!deployments.exists(name)) {
            throw ProblemException.notFound("deployment '" + name + "' does not exist");
        }
        return rollouts.view(name);
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
