package io.appfleet.devicesim.infix;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/**
 * A fresh self-signed EC P-256 certificate (CN = the hostname, subjectAltName = the IP address),
 * and the server {@link SSLContext} that presents it. Built in process: the JDK has no public API
 * for writing certificates, so the few DER structures of an X.509 v3 certificate are encoded here
 * and the result is read back through {@link CertificateFactory}. No process per certificate: running
 * {@code keytool} took about a second per device (44 s for the local run's 40 Infix devices).
 */
public final class SelfSignedCertificate {

    private static final String ALIAS = "device";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Duration VALIDITY = Duration.ofDays(3650);
    // ecdsa-with-SHA256, commonName, subjectAltName.
    private static final byte[] ECDSA_SHA256 = Der.sequence(Der.oid(1, 2, 840, 10045, 4, 3, 2));
    private static final byte[] CN = Der.oid(2, 5, 4, 3);
    private static final byte[] SUBJECT_ALT_NAME = Der.oid(2, 5, 29, 17);

    private final SSLContext sslContext;
    private final X509Certificate certificate;

    private SelfSignedCertificate(SSLContext sslContext, X509Certificate certificate) {
        this.sslContext = sslContext;
        this.certificate = certificate;
    }

    /** @param ipAddress an IP literal put into the subjectAltName, so hostname-checking clients can accept it */
    public static SelfSignedCertificate generate(String commonName, String ipAddress) throws IOException {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            KeyPair keys = kpg.generateKeyPair();
            byte[] tbs = tbsCertificate(commonName, ip(ipAddress), keys, Instant.now());
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(keys.getPrivate(), RANDOM);
            signer.update(tbs);
            byte[] der = Der.sequence(tbs, ECDSA_SHA256, Der.bitString(signer.sign()));
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            cert.verify(keys.getPublic());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(new X509ExtendedKeyManager[]{new OneKey(keys.getPrivate(), cert)}, null, RANDOM);
            return new SelfSignedCertificate(ctx, cert);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make a certificate for " + commonName, e);
        }
    }

    static byte[] tbsCertificate(String commonName, byte[] ip, KeyPair keys, Instant now) {
        byte[] name = Der.sequence(Der.set(Der.sequence(CN, Der.utf8(commonName))));
        byte[] serial = Der.integer(new BigInteger(63, RANDOM).add(BigInteger.ONE));
        // Backdated an hour, so a client whose clock is a little behind still accepts it.
        byte[] validity = Der.sequence(Der.time(now.minus(Duration.ofHours(1))), Der.time(now.plus(VALIDITY)));
        byte[] san = Der.sequence(SUBJECT_ALT_NAME, Der.octetString(Der.sequence(Der.tagged(0x87, ip))));
        return Der.sequence(
                Der.tagged(0xa0, Der.integer(BigInteger.TWO)), // v3
                serial,
                ECDSA_SHA256,
                name,
                validity,
                name,
                keys.getPublic().getEncoded(), // already a DER SubjectPublicKeyInfo
                Der.tagged(0xa3, Der.sequence(san)));
    }

    private static byte[] ip(String ipAddress) throws IOException {
        // Only literals: getByName would otherwise resolve a name, and a certificate names an address.
        if (!ipAddress.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IOException("not an IP address: " + ipAddress);
        }
        return InetAddress.getByName(ipAddress).getAddress();
    }

    public SSLContext sslContext() {
        return sslContext;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** SHA-256 of the DER certificate as {@code SHA256:<base64 without padding>}, like SSH host keys. */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Presents the one key and certificate for every server handshake; never acts as a client. */
    private static final class OneKey extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OneKey(PrivateKey key, X509Certificate cert) {
            this.key = key;
            this.chain = new X509Certificate[]{cert};
        }

        private static String alias(String keyType) {
            // TLS 1.2 asks for "EC" (ECDHE_ECDSA) and TLS 1.3 for "EC" too; anything else (RSA) we cannot serve.
            return keyType != null && keyType.startsWith("EC") ? ALIAS : null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            String a = alias(keyType);
            return a == null ? null : new String[]{a};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? chain.clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? key : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    /** The DER encodings an X.509 certificate needs (X.690), nothing more. */
    static final class Der {
        private Der() {
        }

        static byte[] tagged(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(n >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] sequence(byte[]... parts) {
            return tagged(0x30, concat(parts));
        }

        static byte[] set(byte[]... parts) {
            return tagged(0x31, concat(parts));
        }

        static byte[] integer(BigInteger v) {
            return tagged(0x02, v.toByteArray()); // two's complement, minimal: what DER wants
        }

        static byte[] bitString(byte[] bits) {
            byte[] content = new byte[bits.length + 1]; // leading byte: no unused bits
            System.arraycopy(bits, 0, content, 1, bits.length);
            return tagged(0x03, content);
        }

        static byte[] octetString(byte[] bytes) {
            return tagged(0x04, bytes);
        }

        static byte[] utf8(String s) {
            return tagged(0x0c, s.getBytes(StandardCharsets.UTF_8));
        }

        /** UTCTime up to 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
        static byte[] time(Instant t) {
            ZonedDateTime z = t.atZone(ZoneOffset.UTC);
            if (z.getYear() < 2050) {
                return tagged(0x17, DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(z)
                        .getBytes(StandardCharsets.US_ASCII));
            }
            return tagged(0x18, DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'").format(z)
                    .getBytes(StandardCharsets.US_ASCII));
        }

        static byte[] oid(long... arcs) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            base128(out, arcs[0] * 40 + arcs[1]);
            for (int i = 2; i < arcs.length; i++) {
                base128(out, arcs[i]);
            }
            return tagged(0x06, out.toByteArray());
        }

        private static void base128(ByteArrayOutputStream out, long v) {
            int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(v) + 6) / 7);
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >>> (7 * g)) & 0x7f);
                out.write(g == 0 ? b : b | 0x80);
            }
        }

        private static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }
    }
}
