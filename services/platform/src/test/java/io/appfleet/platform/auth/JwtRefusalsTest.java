package io.appfleet.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.quarkus.security.AuthenticationFailedException;

/** Real verifier failures (jose4j, as under smallrye-jwt), wrapped the way Quarkus hands them to the auth layer. */
class JwtRefusalsTest {

    private static final KeyPair KEY = PemKeys.generate("ES256");
    private static final JwtIssuer ISSUER = new JwtIssuer(KEY.getPrivate(), "appfleet", "appfleet-api");

    private static String refusal(String token, String issuer, String audience, KeyPair key) {
        Throwable failure = catchThrowable(() -> JwtIssuerTest.verifier(key.getPublic(), issuer, audience, "ES256")
                .processToClaims(token));
        assertThat(failure).isNotNull();
        return JwtRefusals.describe(new AuthenticationFailedException(new IllegalStateException("wrapper", failure)));
    }

    @Test
    void namesWhatIsWrongWithTheToken() {
        String fresh = ISSUER.issue("a", Role.VIEWER, Duration.ofHours(1));
        String expired = new JwtIssuer(KEY.getPrivate(), "appfleet", "appfleet-api",
                Clock.fixed(Instant.now().minus(Duration.ofDays(2)), ZoneOffset.UTC)).issue("a", Role.VIEWER,
                        Duration.ofHours(1));
        assertThat(refusal(expired, "appfleet", "appfleet-api", KEY)).isEqualTo("the token has expired; issue a new one");
        assertThat(refusal(fresh, "https://idp.example", "appfleet-api", KEY))
                .isEqualTo("the token was not issued by the issuer this service trusts (claim iss)");
        assertThat(refusal(fresh, "appfleet", "other-api", KEY))
                .isEqualTo("the token is not meant for this service (claim aud)");
        assertThat(refusal(fresh, "appfleet", "appfleet-api", PemKeys.generate("ES256")))
                .isEqualTo("the token's signature does not verify with the key this service trusts");
        assertThat(refusal("not.a.jwt", "appfleet", "appfleet-api", KEY))
                .isEqualTo("the token is not a well-formed signed JWT this service accepts");
    }

    @Test
    void otherFailuresHaveNoJwtReason() {
        assertThat(JwtRefusals.describe(new AuthenticationFailedException("unknown API token"))).isNull();
        assertThat(JwtRefusals.describe(null)).isNull();
    }
}
