package io.appfleet.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Credentials for tests of services with API authentication (desired-state). TEST ONLY: the tokens and the key pair
 * are public; a service accepts them only in its {@code %test} profile, e.g.
 * <pre>
 * %test.appfleet.auth.tokens.it-operator.sha256=9f62ad27…   (see {@link #OPERATOR_TOKEN_SHA256})
 * %test.appfleet.auth.tokens.it-operator.role=operator
 * %test.mp.jwt.verify.publickey.location=classpath:io/appfleet/testsupport/auth/jwt-test-public.pem
 * %test.mp.jwt.verify.issuer=https://appfleet.test
 * </pre>
 *
 * <p>An IT that only needs to get past the auth layer sends an API token:
 * <pre>{@code
 * given().header("Authorization", TestAuth.OPERATOR).body(...).post("/api/v1/deployments")
 * // or, for a whole test class:
 * RestAssured.requestSpecification = new RequestSpecBuilder().addHeader("Authorization", TestAuth.OPERATOR).build();
 * }</pre>
 * JWTs for tests are signed with {@link #jwtPrivateKeyPem()} by {@code io.appfleet.platform.auth.JwtIssuer}, with
 * {@link #JWT_ISSUER} and {@link #JWT_AUDIENCE}.
 */
public final class TestAuth {

    public static final String VIEWER_TOKEN = "aft_test-only-viewer-token-never-use-outside-tests";
    public static final String OPERATOR_TOKEN = "aft_test-only-operator-token-never-use-outside-tests";
    /** SHA-256 (hex) of the tokens above: what a service's configuration holds. */
    public static final String VIEWER_TOKEN_SHA256 = "b445d9160f06fe5dcd408b8874bdec4f7d021a88afd430cb857e146b2b17b85c";
    public static final String OPERATOR_TOKEN_SHA256 =
            "9f62ad27e0388f6ecda6ce38a40dbe3b2ad3c975d3d80ae7470ee0e0b94d058e";

    /** Authorization header values. */
    public static final String VIEWER = "Bearer " + VIEWER_TOKEN;
    public static final String OPERATOR = "Bearer " + OPERATOR_TOKEN;

    public static final String JWT_ISSUER = "https://appfleet.test";
    public static final String JWT_AUDIENCE = "appfleet-api";
    /** Classpath location of the public key that verifies test JWTs (EC P-256, ES256). */
    public static final String JWT_PUBLIC_KEY_RESOURCE = "io/appfleet/testsupport/auth/jwt-test-public.pem";
    private static final String JWT_PRIVATE_KEY_RESOURCE = "io/appfleet/testsupport/auth/jwt-test-private.pem";

    private TestAuth() {
    }

    /** PKCS#8 PEM of the key that signs test JWTs. */
    public static String jwtPrivateKeyPem() {
        return resource(JWT_PRIVATE_KEY_RESOURCE);
    }

    public static String jwtPublicKeyPem() {
        return resource(JWT_PUBLIC_KEY_RESOURCE);
    }

    private static String resource(String name) {
        try (InputStream in = TestAuth.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the test-support jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
