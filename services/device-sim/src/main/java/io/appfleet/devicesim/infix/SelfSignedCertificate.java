package io.appfleet.devicesim.infix;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A fresh self-signed EC certificate made by the JDK's {@code keytool} in a temporary PKCS12
 * store (deleted again at once), and the server {@link SSLContext} that presents it.
 */
public final class SelfSignedCertificate {

    private static final char[] STORE_PASS = "device-sim".toCharArray();

    private final SSLContext sslContext;
    private final X509Certificate certificate;

    private SelfSignedCertificate(SSLContext sslContext, X509Certificate certificate) {
        this.sslContext = sslContext;
        this.certificate = certificate;
    }

    /** @param ipAddress put into the subjectAltName, so hostname-checking clients can accept it */
    public static SelfSignedCertificate generate(String commonName, String ipAddress) throws IOException {
        Path dir = Files.createTempDirectory("infix-sim-cert");
        try {
            Path store = dir.resolve("device.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            List<String> cmd = List.of(keytool, "-genkeypair", "-alias", "device", "-keyalg", "EC",
                    "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA", "-dname", "CN=" + commonName,
                    "-ext", "SAN=ip:" + ipAddress, "-validity", "3650", "-storetype", "PKCS12",
                    "-keystore", store.toString(), "-storepass", new String(STORE_PASS),
                    "-keypass", new String(STORE_PASS), "-noprompt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("keytool did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IOException("keytool failed (" + p.exitValue() + "): " + out.strip());
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, STORE_PASS);
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, STORE_PASS);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return new SelfSignedCertificate(ctx, (X509Certificate) ks.getCertificate("device"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted generating a certificate", e);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot load the generated certificate", e);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
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
}
