package io.appfleet.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Signs the JWTs the services accept ({@code ES256} with an EC P-256 key, {@code RS256} with RSA of 2048 bits or
 * more): {@code iss}, {@code aud}, {@code sub} and {@code upn}, the roles in {@code groups}, {@code iat}, {@code exp}
 * and a random {@code jti}. For the local run, tests and {@code fleetctl token issue}; production may use any issuer
 * that signs such tokens (an identity provider), as long as the service has its public key.
 *
 * <p>Plain JDK and Jackson, so the command line can use it without Quarkus.
 */
public final class JwtIssuer {

    /** What the services expect unless configured otherwise ({@code mp.jwt.verify.issuer}, {@code …audiences}). */
    public static final String DEFAULT_ISSUER = "appfleet";
    public static final String DEFAULT_AUDIENCE = "appfleet-api";
    /** Tokens cannot be revoked, only expire: no token lives longer than this. */
    public static final Duration MAX_TTL = Duration.ofDays(366);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final String algorithm;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    public JwtIssuer(PrivateKey key, String issuer, String audience) {
        this(key, issuer, audience, Clock.systemUTC());
    }

    /** {@code clock} sets {@code iat}: tests issue expired tokens with a clock in the past. */
    public JwtIssuer(PrivateKey key, String issuer, String audience, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.algorithm = algorithmFor(key);
        this.issuer = requireText(issuer, "issuer");
        this.audience = requireText(audience, "audience");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code ES256} or {@code RS256}, from the key; other keys are refused with the reason. */
    public static String algorithmFor(PrivateKey key) {
        if (key instanceof ECPrivateKey ec) {
            if (!isP256(ec.getParams())) {
                throw new IllegalArgumentException("EC keys must be on the P-256 curve (ES256)");
            }
            return "ES256";
        }
        if (key instanceof RSAPrivateKey rsa) {
            if (rsa.getModulus().bitLength() < 2048) {
                throw new IllegalArgumentException("RSA keys must have at least 2048 bits, this one has "
                        + rsa.getModulus().bitLength());
            }
            return "RS256";
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + "; use EC P-256 or RSA");
    }

    public String algorithm() {
        return algorithm;
    }

    /** A signed token for {@code subject} with {@code roles}, valid for {@code ttl} from now. */
    public String issue(String subject, Collection<Role> roles, Duration ttl) {
        requireText(subject, "subject");
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("at least one role is required; use one of " + Role.names());
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("the lifetime must be positive");
        }
        if (ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("the lifetime is longer than " + MAX_TTL.toDays()
                    + " days; tokens cannot be revoked, so issue shorter ones");
        }
        Instant now = clock.instant();
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", algorithm);
        header.put("typ", "JWT");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("sub", subject);
        claims.put("upn", subject);
        claims.put("groups", roles.stream().map(Role::id).distinct().sorted().toList());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(ttl).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        String signingInput = B64.encodeToString(json(header)) + "." + B64.encodeToString(json(claims));
        return signingInput + "." + B64.encodeToString(sign(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    public String issue(String subject, Role role, Duration ttl) {
        return issue(subject, List.of(role), ttl);
    }

    private byte[] sign(byte[] input) {
        try {
            // JWS wants ECDSA signatures as the raw r|s pair (IEEE P1363), not the DER the default algorithm gives.
            Signature signature = Signature.getInstance(
                    algorithm.equals("ES256") ? "SHA256withECDSAinP1363Format" : "SHA256withRSA");
            signature.initSign(key);
            signature.update(input);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the " + algorithm + " key", e);
        }
    }

    private static byte[] json(Map<String, Object> value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("claims are plain values", e);
        }
    }

    private static boolean isP256(ECParameterSpec params) {
        try {
            AlgorithmParameters p256 = AlgorithmParameters.getInstance("EC");
            p256.init(new ECGenParameterSpec("secp256r1"));
            ECParameterSpec spec = p256.getParameterSpec(ECParameterSpec.class);
            return spec.getCurve().equals(params.getCurve()) && spec.getOrder().equals(params.getOrder())
                    && spec.getGenerator().equals(params.getGenerator());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime knows secp256r1", e);
        }
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the " + what + " is required");
        }
        if (value.length() > 256 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("the " + what + " must be at most 256 printable characters");
        }
        return value;
    }
}
