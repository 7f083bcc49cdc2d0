package io.appfleet.platform.auth;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code appfleet.auth.*}. Which paths need which role is not here: it is the service's
 * {@code quarkus.http.auth.permission.*}, whose {@code enabled} flags follow {@link #enabled()}.
 */
@ConfigMapping(prefix = "appfleet.auth")
public interface AuthConfig {

    /** Off: every API call is allowed (credentials, when sent, are still checked). */
    @WithDefault("true")
    boolean enabled();

    /** API tokens by name; the name becomes the caller's principal. */
    Map<String, Token> tokens();

    interface Token {

        /** SHA-256 of the token, 64 hex digits ({@code fleetctl token hash}). */
        Optional<String> sha256();

        /** {@code viewer} or {@code operator}. */
        Optional<String> role();
    }
}
