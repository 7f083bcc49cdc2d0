package io.appfleet.desired.gitops;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies webhook authenticity. Every comparison is constant-time ({@link MessageDigest#isEqual}) over values
 * of a fixed length, so neither the content nor the length of the secret leaks through response timing.
 */
final class WebhookSignatures {

    private static final HexFormat HEX = HexFormat.of();

    private WebhookSignatures() {
    }

    /** HMAC-SHA256 of {@code body} under {@code secret}. */
    static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /**
     * True when {@code hexSignature} (64 hex digits, as GitHub sends after {@code sha256=} and Gitea sends
     * alone) is the HMAC-SHA256 of {@code body}; false for a wrong or malformed one.
     */
    static boolean hmacMatches(String secret, byte[] body, String hexSignature) {
        byte[] given = parseHex(hexSignature);
        byte[] expected = hmacSha256(secret, body);
        return given != null && MessageDigest.isEqual(expected, given);
    }

    /** The hex part of a GitHub {@code X-Hub-Signature-256} value, or null when it is not {@code sha256=<hex>}. */
    static String githubHex(String header) {
        if (header == null) {
            return null;
        }
        String v = header.trim();
        return v.regionMatches(true, 0, "sha256=", 0, 7) ? v.substring(7) : null;
    }

    /** GitLab's shared token: both sides are hashed first, so the compare takes the same time for any length. */
    static boolean tokenMatches(String secret, String given) {
        if (given == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(secret), sha256(given));
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    private static byte[] parseHex(String hex) {
        if (hex == null || hex.length() != 64) {
            return null;
        }
        try {
            return HEX.parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
