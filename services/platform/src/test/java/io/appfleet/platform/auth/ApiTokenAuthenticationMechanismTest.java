package io.appfleet.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiTokenAuthenticationMechanismTest {

    private static final String TOKEN = "aft_" + "x".repeat(43);

    @Test
    void takesBearerValuesWithThePrefix() {
        assertThat(ApiTokenAuthenticationMechanism.apiToken("Bearer " + TOKEN)).isEqualTo(TOKEN);
        // The scheme is case-insensitive (RFC 7235); blanks around the credential are not part of it.
        assertThat(ApiTokenAuthenticationMechanism.apiToken("bearer " + TOKEN)).isEqualTo(TOKEN);
        assertThat(ApiTokenAuthenticationMechanism.apiToken("BEARER   " + TOKEN + " ")).isEqualTo(TOKEN);
    }

    @Test
    void leavesJwtsOtherSchemesAndNothingToOthers() {
        assertThat(ApiTokenAuthenticationMechanism.apiToken("Bearer eyJhbGciOiJFUzI1NiJ9.e30.c2ln")).isNull();
        assertThat(ApiTokenAuthenticationMechanism.apiToken("Basic " + TOKEN)).isNull();
        assertThat(ApiTokenAuthenticationMechanism.apiToken(TOKEN)).isNull();
        assertThat(ApiTokenAuthenticationMechanism.apiToken("Bearer ")).isNull();
        assertThat(ApiTokenAuthenticationMechanism.apiToken("Bearer")).isNull();
        assertThat(ApiTokenAuthenticationMechanism.apiToken("")).isNull();
        assertThat(ApiTokenAuthenticationMechanism.apiToken(null)).isNull();
    }

    @Test
    void runsBeforeTheJwtMechanism() {
        // smallrye-jwt's mechanism has the default priority; the higher one authenticates and challenges first.
        assertThat(new ApiTokenAuthenticationMechanism().getPriority())
                .isGreaterThan(io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism.DEFAULT_PRIORITY);
    }
}
