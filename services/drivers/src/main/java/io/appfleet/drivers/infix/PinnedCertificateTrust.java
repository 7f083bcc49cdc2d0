package io.appfleet.drivers.infix;

import io.appfleet.drivers.ssh.HostKeyFingerprint;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Trusts exactly one server certificate, by the SHA-256 fingerprint of its DER encoding; no CA
 * chain and no hostname check (devices have self-signed certificates for their IP address). With
 * no pin, the first certificate seen is accepted and pinned from then on (trust on first use).
 * Pins are {@code SHA256:<base64>} (as SSH host keys) or hex with or without colons.
 */
final class PinnedCertificateTrust extends X509ExtendedTrustManager {

    private volatile String pinned;
    private volatile String seen;
    private volatile boolean mismatch;

    PinnedCertificateTrust(String pinned) {
        this.pinned = pinned == null ? null : normalize(pinned);
    }

    /** {@code SHA256:<base64 without padding>} of the certificate's DER encoding. */
    static String fingerprint(X509Certificate cert) throws CertificateException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new CertificateException("cannot fingerprint the certificate", e);
        }
    }

    /** A pin in any accepted form, as {@code SHA256:<base64 without padding>}. */
    static String normalize(String pin) {
        String s = pin.strip();
        String hex = s.replace(":", "");
        if (hex.length() == 64 && hex.matches("[0-9a-fA-F]+")) {
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(HexFormat.of().parseHex(hex));
        }
        return s;
    }

    String seen() {
        return seen;
    }

    boolean mismatch() {
        return mismatch;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        String fp = fingerprint(chain[0]);
        seen = fp;
        String pin = pinned;
        if (pin == null) {
            pinned = fp;
            return;
        }
        if (!HostKeyFingerprint.matches(pin, fp)) {
            mismatch = true;
            throw new CertificateException("server certificate " + fp + " is not the pinned one " + pin);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client certificates are not trusted here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("client certificates are not trusted here");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("client certificates are not trusted here");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
