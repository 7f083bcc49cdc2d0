package io.appfleet.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.appfleet.testsupport.TestAuth;

/** Tokens are checked by jose4j, the verifier smallrye-jwt runs in the services, configured the same way. */
class JwtIssuerTest {

    private static final KeyPair EC = PemKeys.generate("ES256");
    private static final KeyPair RSA = PemKeys.generate("RS256");

    static JwtConsumer verifier(PublicKey key, String issuer, String audience, String algorithm) {
        return new JwtConsumerBuilder()
                .setVerificationKey(key)
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithm)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setRequireExpirationTime()
                .setRequireIssuedAt()
                .setAllowedClockSkewInSeconds(60)
                .build();
    }

    @Test
    void es256TokensVerifyAndCarryTheClaimsTheServicesRead() throws Exception {
        JwtIssuer issuer = new JwtIssuer(EC.getPrivate(), "https://issuer.example", "appfleet-api");
        assertThat(issuer.algorithm()).isEqualTo("ES256");
        Instant before = Instant.now();
        String token = issuer.issue("alice", Role.OPERATOR, Duration.ofHours(8));

        JwtClaims claims = verifier(EC.getPublic(), "https://issuer.example", "appfleet-api", "ES256")
                .processToClaims(token);
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaimValue("upn")).isEqualTo("alice");
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator");
        assertThat(claims.getAudience()).containsExactly("appfleet-api");
        assertThat(claims.getJwtId()).isNotBlank();
        long iat = claims.getIssuedAt().getValue();
        assertThat(iat).isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
        assertThat(claims.getExpirationTime().getValue() - iat).isEqualTo(8 * 3600);
        assertThat(header(token)).containsEntry("alg", "ES256").containsEntry("typ", "JWT");
        // JWS ECDSA signatures are the 64-byte r|s pair, not DER.
        assertThat(Base64.getUrlDecoder().decode(token.split("\\.")[2])).hasSize(64);
    }

    @Test
    void rs256TokensVerify() throws Exception {
        JwtIssuer issuer = new JwtIssuer(RSA.getPrivate(), "appfleet", "appfleet-api");
        assertThat(issuer.algorithm()).isEqualTo("RS256");
        String token = issuer.issue("ci", List.of(Role.VIEWER, Role.OPERATOR, Role.VIEWER), Duration.ofMinutes(5));
        JwtClaims claims = verifier(RSA.getPublic(), "appfleet", "appfleet-api", "RS256").processToClaims(token);
        assertThat(claims.getStringListClaimValue("groups")).containsExactly("operator", "viewer");
        assertThat(header(token)).containsEntry("alg", "RS256");
    }

    @Test
    void tokensOfAnotherKeyIssuerOrAudienceOrExpiredOnesAreRefused() {
        String fresh = new JwtIssuer(EC.getPrivate(), "appfleet", "appfleet-api").issue("a", Role.VIEWER,
                Duration.ofHours(1));
        KeyPair other = PemKeys.generate("ES256");
        assertThatThrownBy(() -> verifier(other.getPublic(), "appfleet", "appfleet-api", "ES256").processToClaims(fresh))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier(EC.getPublic(), "other", "appfleet-api", "ES256").processToClaims(fresh))
                .isInstanceOf(InvalidJwtException.class);
        assertThatThrownBy(() -> verifier(EC.getPublic(), "appfleet", "other", "ES256").processToClaims(fresh))
                .isInstanceOf(InvalidJwtException.class);
        Clock lastWeek = Clock.fixed(Instant.now().minus(Duration.ofDays(7)), ZoneOffset.UTC);
        String expired = new JwtIssuer(EC.getPrivate(), "appfleet", "appfleet-api", lastWeek).issue("a", Role.VIEWER,
                Duration.ofHours(8));
        assertThatThrownBy(() -> verifier(EC.getPublic(), "appfleet", "appfleet-api", "ES256").processToClaims(expired))
                .isInstanceOfSatisfying(InvalidJwtException.class, e -> assertThat(e.hasExpired()).isTrue());
        // A changed claim breaks the signature.
        String[] parts = fresh.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace("\"viewer\"", "\"operator\"").getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertThatThrownBy(() -> verifier(EC.getPublic(), "appfleet", "appfleet-api", "ES256").processToClaims(forged))
                .isInstanceOf(InvalidJwtException.class);
    }

    @Test
    void theTestKeyPairOfTestSupportMatches() throws Exception {
        JwtIssuer issuer = new JwtIssuer(PemKeys.readPrivateKey(TestAuth.jwtPrivateKeyPem()), TestAuth.JWT_ISSUER,
                TestAuth.JWT_AUDIENCE);
        String token = issuer.issue("it", Role.VIEWER, Duration.ofMinutes(1));
        assertThat(verifier(PemKeys.readPublicKey(TestAuth.jwtPublicKeyPem()), TestAuth.JWT_ISSUER,
                TestAuth.JWT_AUDIENCE, "ES256").processToClaims(token).getSubject()).isEqualTo("it");
    }

    @Test
    void refusesWeakOrUnsupportedKeysAndBadInput() throws Exception {
        KeyPairGenerator p384 = KeyPairGenerator.getInstance("EC");
        p384.initialize(new ECGenParameterSpec("secp384r1"));
        assertThatThrownBy(() -> new JwtIssuer(p384.generateKeyPair().getPrivate(), "i", "a"))
                .hasMessage("EC keys must be on the P-256 curve (ES256)");
        KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
        rsa1024.initialize(1024);
        assertThatThrownBy(() -> new JwtIssuer(rsa1024.generateKeyPair().getPrivate(), "i", "a"))
                .hasMessage("RSA keys must have at least 2048 bits, this one has 1024");
        KeyPairGenerator ed = KeyPairGenerator.getInstance("Ed25519");
        assertThatThrownBy(() -> new JwtIssuer(ed.generateKeyPair().getPrivate(), "i", "a"))
                .hasMessageStartingWith("unsupported key type");
        assertThatThrownBy(() -> new JwtIssuer(EC.getPrivate(), " ", "a")).hasMessage("the issuer is required");

        JwtIssuer issuer = new JwtIssuer(EC.getPrivate(), "i", "a");
        assertThatThrownBy(() -> issuer.issue("a", Role.VIEWER, Duration.ZERO)).hasMessage("the lifetime must be positive");
        assertThatThrownBy(() -> issuer.issue("a", Role.VIEWER, Duration.ofDays(367)))
                .hasMessageStartingWith("the lifetime is longer than 366 days");
        assertThatThrownBy(() -> issuer.issue("", Role.VIEWER, Duration.ofHours(1))).hasMessage("the subject is required");
        assertThatThrownBy(() -> issuer.issue("a\nb", Role.VIEWER, Duration.ofHours(1)))
                .hasMessageContaining("printable");
        assertThatThrownBy(() -> issuer.issue("a", List.of(), Duration.ofHours(1)))
                .hasMessageStartingWith("at least one role is required");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> header(String token) throws Exception {
        return new ObjectMapper().readValue(Base64.getUrlDecoder().decode(token.split("\\.")[0]), Map.class);
    }
}
