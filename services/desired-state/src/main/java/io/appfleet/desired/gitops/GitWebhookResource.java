package io.appfleet.desired.gitops;

import java.io.IOException;
import java.io.InputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;

import io.appfleet.platform.problem.ProblemException;

@Path("/api/v1/webhooks/git")
public class GitWebhookResource {

    @Inject
    GitWebhookHandler handler;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Git push webhook (GitHub, GitLab, Gitea)",
            description = "Verifies X-Hub-Signature-256 / X-Gitea-Signature (HMAC-SHA256 of the body) or"
                    + " X-Gitlab-Token, then asks the git poller to fetch at once when the push is for the followed"
                    + " repository and branch. The body is never applied. 200 ping, 202 accepted or ignored (with a"
                    + " reason), 400 malformed, 401 bad or missing signature, 404 webhook not enabled, 413 too large.")
    public Response receive(@Context HttpHeaders headers, InputStream body) {
        long limit = handler.maxBody();
        int declared = headers.getLength();
        byte[] raw;
        try {
            if (declared > limit) {
                throw new BoundedBody.TooLarge();
            }
            raw = BoundedBody.read(body, limit);
        } catch (BoundedBody.TooLarge e) {
            handler.tooLarge(headers::getHeaderString);
            throw ProblemException.tooLarge("the webhook body is larger than " + limit
                    + " bytes (appfleet.webhook.max-body)");
        } catch (IOException e) {
            throw ProblemException.badRequest("body", "could not be read: " + e.getMessage());
        }
        WebhookReply reply = handler.handle(headers::getHeaderString, raw);
        return Response.status("pong".equals(reply.result()) ? 200 : 202).entity(reply).build();
    }
}
