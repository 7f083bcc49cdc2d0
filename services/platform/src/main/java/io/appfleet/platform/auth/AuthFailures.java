package io.appfleet.platform.auth;

import java.util.concurrent.CompletionException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.smallrye.mutiny.CompositeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers the failures of the HTTP security layer with problem+json: 403 when the path's policy refuses the caller's
 * roles, 401 when credentials were presented and refused (the mechanism's challenge has set the status and
 * {@code WWW-Authenticate} already, but no body). Without this, Quarkus ends both with an empty body.
 */
@IfBuildProperty(name = AuthLayer.PROPERTY, stringValue = "true")
@ApplicationScoped
public class AuthFailures {

    /** Ahead of every other failure handler of the application router. */
    private static final int ORDER = -20_000;

    void install(@Observes Router router) {
        router.route().order(ORDER).failureHandler(this::handle);
    }

    void handle(RoutingContext context) {
        Throwable failure = rootCause(context.failure());
        if (context.response().ended()) {
            return;
        }
        if (failure instanceof ForbiddenException) {
            AuthReplies.forbidden(context);
        } else if (failure instanceof AuthenticationException || failure instanceof UnauthorizedException) {
            AuthReplies.unauthorized(context, JwtRefusals.describe(failure));
        } else {
            context.next();
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException && t.getCause() != null) || t instanceof CompositeException) {
            t = t instanceof CompositeException c ? c.getCauses().get(0) : t.getCause();
        }
        return t;
    }
}
