package io.appfleet.desired.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.appfleet.platform.auth.JwtIssuer;
import io.appfleet.platform.auth.PemKeys;
import io.appfleet.platform.auth.Role;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.appfleet.testsupport.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The API roles against the service as configured for production (only the test credentials differ): a resource
 * without annotations, protected by the path and method permissions alone.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class ApiRolesIT {

    private static final String PROBE = "/api/v1/auth-probe";
    private static final PrivateKey KEY = PemKeys.readPrivateKey(TestAuth.jwtPrivateKeyPem());
    private static final JwtIssuer ISSUER = new JwtIssuer(KEY, TestAuth.JWT_ISSUER, TestAuth.JWT_AUDIENCE);

    private static RequestSpecification bearer(String token) {
        return given().header("Authorization", "Bearer " + token);
    }

    private static ValidatableResponse problem(ValidatableResponse response, int status, String detail) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body("title", equalTo(status == 401 ? "Unauthorized" : "Forbidden"))
                .body("detail", containsString(detail))
                .header("Cache-Control", "no-store");
    }

    @Test
    void withoutCredentialsEveryApiCallIs401WithAChallenge() {
        for (String method : new String[] { "GET", "POST", "PUT", "PATCH", "DELETE" }) {
            problem(given().request(method, PROBE).then(), 401, "credentials are required")
                    .header("WWW-Authenticate", "Bearer realm=\"appfleet\"")
                    .body("instance", equalTo(PROBE));
        }
        // Paths without a resource too: the answer does not reveal what exists.
        problem(given().get("/api/v1/no-such-thing").then(), 401, "credentials are required");
        problem(given().get("/").then(), 401, "credentials are required");
    }

    @Test
    void otherSchemesAreRefusedWithTheReason() {
        problem(given().header("Authorization", "Basic YWRtaW46YWRtaW4=").get(PROBE).then(), 401, "Bearer scheme")
                .header("WWW-Authenticate", "Bearer realm=\"appfleet\", error=\"invalid_request\"");
    }

    @Test
    void aViewerJwtReadsButDoesNotWrite() {
        String viewer = ISSUER.issue("alice", Role.VIEWER, Duration.ofHours(1));
        bearer(viewer).get(PROBE).then().statusCode(200)
                .body("subject", equalTo("alice"))
                .body("roles", equalTo(List.of("viewer")));
        bearer(viewer).head(PROBE).then().statusCode(200);
        for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
            problem(bearer(viewer).request(method, PROBE).then(), 403, "'alice' (role viewer) may not " + method
                    + " " + PROBE).body("instance", equalTo(PROBE));
        }
    }

    @Test
    void anOperatorJwtWritesAndAlsoReads() {
        String operator = ISSUER.issue("bob", Role.OPERATOR, Duration.ofHours(1));
        for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
            bearer(operator).request(method, PROBE).then().statusCode(200).body("subject", equalTo("bob"));
        }
        // operator implies viewer (quarkus.http.auth.roles-mapping): a token need not carry both.
        bearer(operator).get(PROBE).then().statusCode(200).body("roles", hasItems("operator", "viewer"));
    }

    @Test
    void expiredForeignOrBrokenJwtsAre401WithTheReason() {
        Clock yesterday = Clock.fixed(Instant.now().minus(Duration.ofDays(1)), ZoneOffset.UTC);
        String expired = new JwtIssuer(KEY, TestAuth.JWT_ISSUER, TestAuth.JWT_AUDIENCE, yesterday)
                .issue("alice", Role.OPERATOR, Duration.ofHours(8));
        problem(bearer(expired).get(PROBE).then(), 401, "the token has expired")
                .header("WWW-Authenticate", "Bearer realm=\"appfleet\", error=\"invalid_token\"");

        String wrongIssuer = new JwtIssuer(KEY, "https://evil.example", TestAuth.JWT_AUDIENCE)
                .issue("alice", Role.OPERATOR, Duration.ofHours(1));
        problem(bearer(wrongIssuer).post(PROBE).then(), 401, "not issued by the issuer this service trusts");

        String wrongAudience = new JwtIssuer(KEY, TestAuth.JWT_ISSUER, "another-api")
                .issue("alice", Role.OPERATOR, Duration.ofHours(1));
        problem(bearer(wrongAudience).get(PROBE).then(), 401, "not meant for this service");

        String otherKey = new JwtIssuer(PemKeys.generate("ES256").getPrivate(), TestAuth.JWT_ISSUER,
                TestAuth.JWT_AUDIENCE).issue("alice", Role.OPERATOR, Duration.ofHours(1));
        problem(bearer(otherKey).get(PROBE).then(), 401, "signature does not verify");

        // An RS256 token where the service is configured for ES256 is refused, whatever its key.
        String rsa = new JwtIssuer(PemKeys.generate("RS256").getPrivate(), TestAuth.JWT_ISSUER, TestAuth.JWT_AUDIENCE)
                .issue("alice", Role.OPERATOR, Duration.ofHours(1));
        problem(bearer(rsa).get(PROBE).then(), 401, "token");

        problem(bearer("not-a-jwt").get(PROBE).then(), 401, "not a well-formed signed JWT");
    }

    @Test
    void apiTokensCarryTheirConfiguredRole() {
        given().header("Authorization", TestAuth.VIEWER).get(PROBE).then().statusCode(200)
                .body("subject", equalTo("it-viewer")).body("roles", equalTo(List.of("viewer")));
        problem(given().header("Authorization", TestAuth.VIEWER).post(PROBE).then(), 403,
                "'it-viewer' (role viewer) may not POST");
        given().header("Authorization", TestAuth.OPERATOR).post(PROBE).then().statusCode(200)
                .body("subject", equalTo("it-operator"));
        given().header("Authorization", TestAuth.OPERATOR).delete(PROBE).then().statusCode(200);
        given().header("Authorization", TestAuth.OPERATOR).get(PROBE).then().statusCode(200)
                .body("roles", hasItems("operator", "viewer"));
        // The scheme is case-insensitive.
        given().header("Authorization", "bearer " + TestAuth.OPERATOR_TOKEN).post(PROBE).then().statusCode(200);
    }

    @Test
    void unknownOrMalformedApiTokensAre401() {
        String almost = TestAuth.OPERATOR_TOKEN.substring(0, TestAuth.OPERATOR_TOKEN.length() - 1) + "X";
        problem(bearer(almost).post(PROBE).then(), 401, "the API token is not known here")
                .header("WWW-Authenticate", "Bearer realm=\"appfleet\", error=\"invalid_token\"");
        problem(bearer("aft_has spaces and !").get(PROBE).then(), 401, "the API token is malformed");
        // The hash is what the service stores; it is not a credential.
        problem(bearer("aft_" + TestAuth.OPERATOR_TOKEN_SHA256).get(PROBE).then(), 401, "not known");
    }

    @Test
    void viewersMayAskForADryRun() {
        // The diff resource answers for itself (404 until it exists): never this layer's 401 or 403.
        String viewer = ISSUER.issue("alice", Role.VIEWER, Duration.ofHours(1));
        bearer(viewer).contentType("application/json").body("{}").post("/api/v1/deployments:diff").then()
                .statusCode(not(anyOf(is(401), is(403))));
        problem(given().contentType("application/json").body("{}").post("/api/v1/deployments:diff").then(), 401,
                "credentials are required");
        problem(bearer(viewer).contentType("application/json").body("{}").post("/api/v1/deployments").then(), 403,
                "may not POST");
    }

    @Test
    void methodsOutsideReadAndWriteAreDenied() {
        given().header("Authorization", TestAuth.OPERATOR).request("TRACE", PROBE).then().statusCode(403);
    }

    @Test
    void healthMetricsAndOpenApiStayOpen() {
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(not(401));
        given().get("/q/metrics").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void webhooksAreOpenAtThisLayer() {
        given().post("/api/v1/webhooks/auth-probe").then().statusCode(200).body(equalTo("received"));
        // The real git webhook answers for itself (401 on a bad HMAC signature): never with this layer's challenge.
        given().contentType("application/json").body("{}").post("/api/v1/webhooks/git").then()
                .statusCode(not(403)).header("WWW-Authenticate", nullValue());
    }

    @Test
    void dotSegmentsDoNotLeadOutOfAnOpenPath() {
        for (String sneaky : new String[] { "/api/v1/webhooks/../auth-probe", "/api/v1/webhooks/%2e%2e/auth-probe",
                "/q/../api/v1/auth-probe", "/q/%2E%2E/api/v1/auth-probe" }) {
            // 401 when the path is normalized to the protected one, 404 when it stays under the open prefix.
            given().urlEncodingEnabled(false).post(sneaky).then().statusCode(anyOf(is(401), is(404)));
            given().urlEncodingEnabled(false).get(sneaky).then().statusCode(anyOf(is(401), is(404)));
        }
    }

    @Test
    void badCredentialsAreRefusedEvenOnOpenPaths() {
        // Proactive authentication (Quarkus' default): a caller sending a broken token learns so everywhere.
        problem(bearer("not-a-jwt").get("/q/health/live").then(), 401, "not a well-formed signed JWT");
        given().get("/q/health/live").then().statusCode(200);
    }
}
