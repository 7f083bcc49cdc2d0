package io.appfleet.desired.gitops;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/v1/gitops/status")
public class GitOpsStatusResource {

    @Inject
    GitOps gitops;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Where the git poller stands",
            description = "repository, branch and path followed; last synced commit and its per-file report; last"
                    + " success and failure with the reason. state is disabled, pending, synced or failing.")
    public GitSyncStatus status() {
        return gitops.status();
    }
}
