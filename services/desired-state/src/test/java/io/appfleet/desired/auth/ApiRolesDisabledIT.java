package io.appfleet.desired.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import io.appfleet.testsupport.FleetInfraTestResource;
import io.appfleet.testsupport.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** {@code appfleet.auth.enabled=false} opens the API; credentials that are sent are still checked. */
@QuarkusTest
@TestProfile(AuthDisabledProfile.class)
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class ApiRolesDisabledIT {

    private static final String PROBE = "/api/v1/auth-probe";

    @Test
    void everyCallIsAllowedWithoutCredentials() {
        given().get(PROBE).then().statusCode(200).body("anonymous", equalTo(true));
        for (String method : new String[] { "POST", "PUT", "PATCH", "DELETE" }) {
            given().request(method, PROBE).then().statusCode(200).body("anonymous", equalTo(true));
        }
    }

    @Test
    void credentialsStillIdentifyOrAreRefused() {
        given().header("Authorization", TestAuth.VIEWER).post(PROBE).then().statusCode(200)
                .body("subject", equalTo("it-viewer"));
        given().header("Authorization", "Bearer aft_revoked-or-mistyped-token-0000").get(PROBE).then()
                .statusCode(401).contentType("application/problem+json").body("detail", containsString("not known"));
    }
}
