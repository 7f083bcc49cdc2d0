package io.appfleet.platform.auth;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Takes {@code Authorization: Bearer aft_…} (an API token) before the JWT mechanism sees it; other bearer values are
 * left to the JWT mechanism. Runs first (higher priority), so its challenge is the one sent to a caller without
 * credentials: 401 problem+json with {@code WWW-Authenticate: Bearer}.
 *
 * <p>Part of the auth layer a service includes with {@value AuthLayer#PROPERTY}{@code =true}.
 */
@IfBuildProperty(name = AuthLayer.PROPERTY, stringValue = "true")
@ApplicationScoped
public class ApiTokenAuthenticationMechanism implements HttpAuthenticationMechanism {

    /** Above the JWT mechanism's default (1000). */
    public static final int PRIORITY = DEFAULT_PRIORITY + 500;
    /** The name to select this mechanism by in {@code quarkus.http.auth.permission.<name>.auth-mechanism}. */
    public static final String SCHEME = "api-token";

    private static final String BEARER = "Bearer ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String token = apiToken(context.request().getHeader(HttpHeaderNames.AUTHORIZATION));
        if (token == null) {
            return Uni.createFrom().nullItem();
        }
        // A refused API token is answered by this mechanism's challenge, not by another one's.
        context.put(HttpAuthenticationMechanism.class.getName(), this);
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiTokenAuthenticationRequest(token), context));
    }

    /** The API token in an Authorization header value, or null when it holds none (absent, not bearer, a JWT). */
    static String apiToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String credential = authorization.substring(BEARER.length()).trim();
        return ApiTokens.hasPrefix(credential) ? credential : null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom()
                .item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE, AuthReplies.challenge(context)));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        AuthReplies.unauthorized(context, null);
        return Uni.createFrom().item(Boolean.TRUE);
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiTokenAuthenticationRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer",
                SCHEME));
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }
}
