package io.appfleet.platform.auth;

/**
 * The switch that puts this package's beans (API-token mechanism and identity provider, problem+json 401/403) into a
 * service: {@code appfleet.auth-layer=true} in its application.properties, read at build time. Services without it
 * (and without Quarkus security) are not touched by them. Whether credentials are required at run time is
 * {@code appfleet.auth.enabled} ({@link AuthConfig}).
 *
 * <p>A build property rather than CDI alternatives: selected alternatives would hide the JWT mechanism and its
 * identity provider from Quarkus' lists of mechanisms and providers.
 */
public final class AuthLayer {

    public static final String PROPERTY = "appfleet.auth-layer";

    private AuthLayer() {
    }
}
