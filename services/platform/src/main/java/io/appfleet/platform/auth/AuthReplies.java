package io.appfleet.platform.auth;

import java.util.Set;
import java.util.TreeSet;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import io.appfleet.platform.problem.JsonBodies;
import io.appfleet.platform.problem.Problem;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * The 401 and 403 replies of the auth layer as problem+json, like every other error of the API. They run before any
 * JAX-RS resource is chosen, so the JAX-RS exception mappers never see them.
 */
final class AuthReplies {

    /** Where a mechanism or identity provider leaves the reason it refused the credentials, for the 401's detail. */
    static final String REFUSAL = AuthReplies.class.getName() + ".refusal";

    private static final Logger LOG = Logger.getLogger(AuthReplies.class);
    private static final String REALM = "Bearer realm=\"appfleet\"";

    private AuthReplies() {
    }

    /** {@code WWW-Authenticate}: RFC 6750's error codes tell clients whether to send credentials or fix them. */
    static String challenge(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
        if (authorization == null) {
            return REALM;
        }
        return REALM + (isBearer(authorization) ? ", error=\"invalid_token\"" : ", error=\"invalid_request\"");
    }

    static void unauthorized(RoutingContext context, String reason) {
        if (context.response().ended()) {
            return;
        }
        String detail = reason != null ? reason : context.get(REFUSAL);
        if (detail == null) {
            String authorization = context.request().getHeader(HttpHeaderNames.AUTHORIZATION);
            if (authorization == null) {
                detail = "credentials are required: send 'Authorization: Bearer <token>' with a JWT or an API token"
                        + " (" + ApiTokens.PREFIX + "…)";
            } else if (!isBearer(authorization)) {
                detail = "the Authorization header must use the Bearer scheme, with a JWT or an API token ("
                        + ApiTokens.PREFIX + "…)";
            } else {
                detail = "the bearer token was refused";
            }
        }
        LOG.debugf("401 %s %s: %s", context.request().method(), context.normalizedPath(), detail);
        context.response().headers().set(HttpHeaderNames.WWW_AUTHENTICATE, challenge(context));
        write(context, new Problem("about:blank", "Unauthorized", 401, detail, context.normalizedPath(), null, null));
    }

    static void forbidden(RoutingContext context) {
        if (context.response().ended()) {
            return;
        }
        String who = "the caller";
        Set<String> roles = new TreeSet<>();
        if (context.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            who = "'" + identity.getPrincipal().getName() + "'";
            for (Role role : Role.values()) {
                if (identity.hasRole(role.id())) {
                    roles.add(role.id());
                }
            }
        }
        String method = context.request().method().name();
        String detail = who + (roles.isEmpty() ? " (no appfleet role)" : " (role " + String.join(", ", roles) + ")")
                + " may not " + method + " " + context.normalizedPath() + ": reads need the " + Role.VIEWER.id()
                + " role, writes and rollout control the " + Role.OPERATOR.id() + " role";
        LOG.infof("403 %s %s refused to %s with roles %s", method, context.normalizedPath(), who, roles);
        write(context, new Problem("about:blank", "Forbidden", 403, detail, context.normalizedPath(), null, null));
    }

    private static boolean isBearer(String authorization) {
        return authorization.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    private static void write(RoutingContext context, Problem problem) {
        String body;
        try {
            body = JsonBodies.strictMapper().writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a Problem always serializes", e);
        }
        context.response().setStatusCode(problem.status())
                .putHeader(HttpHeaderNames.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .end(body);
    }
}
