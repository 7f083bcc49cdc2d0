package io.appfleet.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * API tokens: opaque random strings for scripts and CI. They travel as {@code Authorization: Bearer aft_…}; the
 * prefix tells them from JWTs (which always start with {@code eyJ}) and makes a leaked token easy to find by secret
 * scanners. Services keep only their SHA-256, so the configuration holds nothing that lets one call the API.
 */
public final class ApiTokens {

    public static final String PREFIX = "aft_";

    /** 32 random bytes: guessing is hopeless, and a fast hash is enough (there is nothing to stretch). */
    private static final int RANDOM_BYTES = 32;
    private static final int MIN_LENGTH = PREFIX.length() + 16;
    private static final int MAX_LENGTH = 512;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiTokens() {
    }

    /** A new token: {@code aft_} and 43 base64url characters. */
    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a bearer credential is meant as an API token (and not a JWT). */
    public static boolean hasPrefix(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    /**
     * Whether the token has the shape of one: the prefix, then 16 to 508 base64url characters. Anything else cannot
     * match a configured hash, so it is refused before hashing.
     */
    public static boolean wellFormed(String token) {
        if (!hasPrefix(token) || token.length() < MIN_LENGTH || token.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = PREFIX.length(); i < token.length(); i++) {
            char c = token.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
                    || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** SHA-256 of the token's UTF-8 bytes. */
    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The value for {@code appfleet.auth.tokens.<name>.sha256}: 64 lower-case hex digits. */
    public static String sha256Hex(String token) {
        return HexFormat.of().formatHex(sha256(token));
    }
}
