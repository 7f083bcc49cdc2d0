package io.appfleet.desired.deployment;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** {@code POST /api/v1/deployments:diff}: the dry-run of an apply. */
@Path("/api/v1/deployments:diff")
@Tag(name = "deployments")
@Produces(MediaType.APPLICATION_JSON)
public class DryRunResource {

    @Inject
    DeploymentService deployments;

    @POST
    @Consumes({ MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml" })
    @Operation(summary = "Dry-run: what applying the manifest would change", description = "changes nothing;"
            + " answers the devices whose desired state would change with the coarse steps each needs, and the"
            + " devices that would refuse the app and why")
    public DeploymentViews.Diff diff(@HeaderParam(HttpHeaders.CONTENT_TYPE) MediaType type, String body) {
        return deployments.diff(DeploymentResource.read(type, body));
    }
}
