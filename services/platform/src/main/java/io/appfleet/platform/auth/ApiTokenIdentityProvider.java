package io.appfleet.platform.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;

/**
 * Turns a configured API token into an identity: the token's name as principal, its role. The configuration is
 * validated at startup, so a typo in a hash or role stops the service instead of locking its users out later.
 */
@IfBuildProperty(name = AuthLayer.PROPERTY, stringValue = "true")
@Singleton
public class ApiTokenIdentityProvider implements IdentityProvider<ApiTokenAuthenticationRequest> {

    /** Identity attribute saying which kind of credential was used: {@code api-token} (JWT identities lack it). */
    public static final String CREDENTIAL_ATTRIBUTE = "appfleet.auth.credential";

    private static final Logger LOG = Logger.getLogger(ApiTokenIdentityProvider.class);

    private final ApiTokenRegistry registry;
    private final boolean enabled;

    @Inject
    public ApiTokenIdentityProvider(AuthConfig config) {
        Map<String, ApiTokenRegistry.Settings> settings = new LinkedHashMap<>();
        config.tokens().forEach((name, token) -> settings.put(name,
                new ApiTokenRegistry.Settings(token.sha256().orElse(null), token.role().orElse(null))));
        this.registry = ApiTokenRegistry.of(settings);
        this.enabled = config.enabled();
    }

    @Override
    public Class<ApiTokenAuthenticationRequest> getRequestType() {
        return ApiTokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiTokenAuthenticationRequest request,
            AuthenticationRequestContext context) {
        Optional<ApiTokenRegistry.Entry> entry = registry.match(request.token());
        if (entry.isEmpty()) {
            RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
            if (routing != null) {
                routing.put(AuthReplies.REFUSAL, ApiTokens.wellFormed(request.token())
                        ? "the API token is not known here (revoked, or meant for another installation)"
                        : "the API token is malformed: " + ApiTokens.PREFIX + " and base64url characters expected");
            }
            return Uni.createFrom().failure(new AuthenticationFailedException("unknown API token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(entry.get().name()))
                .addRole(entry.get().role().id())
                .addAttribute(CREDENTIAL_ATTRIBUTE, "api-token")
                .build());
    }

    /** Says at startup how callers can authenticate, so a locked-out API is explained in the first lines of the log. */
    void report(@Observes StartupEvent event, Config config) {
        Optional<String> jwtKey = config.getOptionalValue("mp.jwt.verify.publickey.location", String.class)
                .or(() -> config.getOptionalValue("mp.jwt.verify.publickey", String.class).map(k -> "(inline)"));
        String issuer = config.getOptionalValue("mp.jwt.verify.issuer", String.class).orElse("(any)");
        if (!enabled) {
            LOG.warn("appfleet.auth.enabled=false: every API call is allowed without credentials");
        } else if (registry.isEmpty() && jwtKey.isEmpty()) {
            LOG.warn("API authentication is on but neither API tokens (appfleet.auth.tokens.*) nor a JWT key"
                    + " (mp.jwt.verify.publickey.location) are configured: every protected call gets 401");
        } else {
            LOG.infof("API authentication: %d API token(s); JWTs %s", registry.size(),
                    jwtKey.map(k -> "from issuer " + issuer + " verified with " + k).orElse("not accepted (no key)"));
        }
    }
}
