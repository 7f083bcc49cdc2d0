package io.appfleet.desired.auth;

import java.util.Map;
import java.util.TreeSet;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * TEST ONLY: a resource with no security annotations of its own, so whatever protects it is the path and method
 * permissions of application.properties. Answers who the caller is.
 */
@Path("/api/v1/auth-probe")
@Produces(MediaType.APPLICATION_JSON)
public class AuthProbeResource {

    @Inject
    SecurityIdentity identity;

    @GET
    public Map<String, Object> read() {
        return whoAmI("read");
    }

    @POST
    public Map<String, Object> create() {
        return whoAmI("create");
    }

    @PUT
    public Map<String, Object> replace() {
        return whoAmI("replace");
    }

    @PATCH
    public Map<String, Object> change() {
        return whoAmI("change");
    }

    @DELETE
    public Map<String, Object> delete() {
        return whoAmI("delete");
    }

    private Map<String, Object> whoAmI(String action) {
        return Map.of("action", action, "anonymous", identity.isAnonymous(),
                "subject", identity.isAnonymous() ? "" : identity.getPrincipal().getName(),
                "roles", new TreeSet<>(identity.getRoles()));
    }
}
