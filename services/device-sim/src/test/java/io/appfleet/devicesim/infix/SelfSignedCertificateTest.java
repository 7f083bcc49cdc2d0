package io.appfleet.devicesim.infix;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelfSignedCertificateTest {

    @Test
    void isAVersion3EcCertificateForTheHostnameAndAddressSignedByItsOwnKey() throws Exception {
        SelfSignedCertificate c = SelfSignedCertificate.generate("sim-infix-7", "127.21.0.167");
        X509Certificate x = c.certificate();
        assertThat(x.getVersion()).isEqualTo(3);
        assertThat(x.getSubjectX500Principal().getName()).isEqualTo("CN=sim-infix-7");
        assertThat(x.getIssuerX500Principal()).isEqualTo(x.getSubjectX500Principal());
        assertThat(x.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(x.getPublicKey().getAlgorithm()).isEqualTo("EC");
        x.verify(x.getPublicKey());
        x.checkValidity();
        x.checkValidity(java.util.Date.from(Instant.now().plusSeconds(9L * 365 * 86400)));
        Collection<List<?>> san = x.getSubjectAlternativeNames();
        assertThat(san).containsExactly(List.of(7, "127.21.0.167"));
        assertThat(x.getSerialNumber()).isPositive();
        assertThat(c.fingerprint()).matches("SHA256:[A-Za-z0-9+/]{43}");
        assertThat(c.sslContext().getProtocol()).isEqualTo("TLS");
    }

    @Test
    void everyCertificateHasItsOwnKeyAndFingerprint() throws Exception {
        SelfSignedCertificate a = SelfSignedCertificate.generate("a", "127.0.0.1");
        SelfSignedCertificate b = SelfSignedCertificate.generate("a", "127.0.0.1");
        assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint());
        assertThat(a.certificate().getPublicKey()).isNotEqualTo(b.certificate().getPublicKey());
    }

    @Test
    void ipv6AddressesWorkAndNamesAreRefused() throws Exception {
        assertThat(SelfSignedCertificate.generate("v6", "::1").certificate().getSubjectAlternativeNames())
                .containsExactly(List.of(7, "0:0:0:0:0:0:0:1"));
        assertThatThrownBy(() -> SelfSignedCertificate.generate("x", "example.net"))
                .hasMessageContaining("not an IP address: example.net");
    }

    @Test
    void derEncodingsFollowX690() {
        HexFormat hex = HexFormat.of();
        assertThat(hex.formatHex(SelfSignedCertificate.Der.oid(1, 2, 840, 10045, 4, 3, 2)))
                .isEqualTo("06082a8648ce3d040302");
        assertThat(hex.formatHex(SelfSignedCertificate.Der.oid(2, 5, 29, 17))).isEqualTo("0603551d11");
        assertThat(hex.formatHex(SelfSignedCertificate.Der.integer(BigInteger.valueOf(128)))).isEqualTo("02020080");
        assertThat(SelfSignedCertificate.Der.octetString(new byte[127])).startsWith(0x04, 0x7f);
        assertThat(SelfSignedCertificate.Der.octetString(new byte[200])).startsWith(0x04, 0x81, 0xc8);
        assertThat(SelfSignedCertificate.Der.octetString(new byte[300])).startsWith(0x04, 0x82, 0x01, 0x2c);
        assertThat(new String(SelfSignedCertificate.Der.time(Instant.parse("2049-12-31T23:59:59Z")), 2, 13,
                java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("491231235959Z");
        assertThat(SelfSignedCertificate.Der.time(Instant.parse("2050-01-01T00:00:00Z"))[0]).isEqualTo((byte) 0x18);
    }
}
