package io.appfleet.platform.auth;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An {@code aft_} API token taken from the Authorization header, to be checked by {@link ApiTokenIdentityProvider}. */
public final class ApiTokenAuthenticationRequest extends BaseAuthenticationRequest {

    private final String token;

    public ApiTokenAuthenticationRequest(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    @Override
    public String toString() {
        // Requests can end up in debug logs; the token must not.
        return "ApiTokenAuthenticationRequest[token=" + ApiTokens.PREFIX + "…]";
    }
}
