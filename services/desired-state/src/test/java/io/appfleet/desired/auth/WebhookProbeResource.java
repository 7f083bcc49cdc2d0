package io.appfleet.desired.auth;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** TEST ONLY: stands for a webhook, which the auth layer must let through (webhooks check their own signature). */
@Path("/api/v1/webhooks/auth-probe")
public class WebhookProbeResource {

    @POST
    @Produces(MediaType.TEXT_PLAIN)
    public String receive() {
        return "received";
    }
}
