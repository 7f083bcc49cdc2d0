package io.appfleet.platform.auth;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Locale;

/**
 * PEM reading and writing for JWT signing keys: private keys as PKCS#8 ({@code BEGIN PRIVATE KEY}), public keys as
 * X.509 SubjectPublicKeyInfo ({@code BEGIN PUBLIC KEY}), which is what smallrye-jwt reads from
 * {@code mp.jwt.verify.publickey.location}.
 */
public final class PemKeys {

    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private PemKeys() {
    }

    /** A new key pair for {@code ES256} (EC P-256) or {@code RS256} (RSA 3072). */
    public static KeyPair generate(String algorithm) {
        try {
            switch (algorithm.toUpperCase(Locale.ROOT)) {
                case "ES256" -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                    generator.initialize(new ECGenParameterSpec("secp256r1"));
                    return generator.generateKeyPair();
                }
                case "RS256" -> {
                    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                    generator.initialize(3072);
                    return generator.generateKeyPair();
                }
                default -> throw new IllegalArgumentException(
                        "unknown algorithm '" + algorithm + "'; use ES256 or RS256");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the Java runtime cannot generate " + algorithm + " keys", e);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        return pem(PRIVATE, key);
    }

    public static String publicKeyPem(PublicKey key) {
        return pem(PUBLIC, key);
    }

    /** Reads an unencrypted PKCS#8 EC or RSA private key; the message says how to convert other PEM kinds. */
    public static PrivateKey readPrivateKey(String pem) {
        byte[] der = body(pem, PRIVATE);
        for (String type : new String[] { "EC", "RSA" }) {
            try {
                return KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("the PEM holds no EC or RSA private key");
    }

    public static PublicKey readPublicKey(String pem) {
        byte[] der = body(pem, PUBLIC);
        for (String type : new String[] { "EC", "RSA" }) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("the PEM holds no EC or RSA public key");
    }

    private static byte[] body(String pem, String label) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalArgumentException("the key file is empty");
        }
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = pem.indexOf(begin);
        int to = from < 0 ? -1 : pem.indexOf(end, from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException(wrongKind(pem, label));
        }
        try {
            // Strict (the MIME decoder would skip stray characters): a damaged file is reported as such.
            return Base64.getDecoder().decode(pem.substring(from + begin.length(), to).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM body between '" + begin + "' and '" + end
                    + "' is not valid base64");
        }
    }

    private static String wrongKind(String pem, String label) {
        if (label.equals(PRIVATE)) {
            if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
                return "the private key is encrypted; decrypt it first: openssl pkcs8 -in key.pem -out plain.pem";
            }
            if (pem.contains("BEGIN EC PRIVATE KEY") || pem.contains("BEGIN RSA PRIVATE KEY")) {
                return "the private key is in the traditional OpenSSL format; convert it to PKCS#8:"
                        + " openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem";
            }
            if (pem.contains("BEGIN PUBLIC KEY")) {
                return "this is a public key; tokens are signed with the private key";
            }
        } else if (pem.contains("PRIVATE KEY-----")) {
            return "this is a private key; services verify with the public key (openssl pkey -in key.pem -pubout)";
        }
        return "expected a PEM block '-----BEGIN " + label + "-----'";
    }

    private static String pem(String label, Key key) {
        String body = Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(key.getEncoded());
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }
}
