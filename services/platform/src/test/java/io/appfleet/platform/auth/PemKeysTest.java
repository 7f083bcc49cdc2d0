package io.appfleet.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;

import org.junit.jupiter.api.Test;

class PemKeysTest {

    @Test
    void writesAndReadsBackEcAndRsaKeys() {
        for (String algorithm : new String[] { "ES256", "RS256" }) {
            KeyPair pair = PemKeys.generate(algorithm);
            String privatePem = PemKeys.privateKeyPem(pair.getPrivate());
            String publicPem = PemKeys.publicKeyPem(pair.getPublic());
            assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
            assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
            assertThat(privatePem.lines().mapToInt(String::length).max().orElseThrow()).isLessThanOrEqualTo(64);
            assertThat(PemKeys.readPrivateKey("some text an editor left\n" + privatePem).getEncoded())
                    .isEqualTo(pair.getPrivate().getEncoded());
            assertThat(PemKeys.readPublicKey(publicPem).getEncoded()).isEqualTo(pair.getPublic().getEncoded());
            assertThat(JwtIssuer.algorithmFor(PemKeys.readPrivateKey(privatePem))).isEqualTo(algorithm);
        }
    }

    @Test
    void explainsOtherKindsOfPem() {
        assertThatThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----"))
                .hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        assertThatThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----"))
                .hasMessageContaining("encrypted");
        String publicPem = PemKeys.publicKeyPem(PemKeys.generate("ES256").getPublic());
        assertThatThrownBy(() -> PemKeys.readPrivateKey(publicPem)).hasMessageContaining("this is a public key");
        String privatePem = PemKeys.privateKeyPem(PemKeys.generate("ES256").getPrivate());
        assertThatThrownBy(() -> PemKeys.readPublicKey(privatePem)).hasMessageContaining("this is a private key");
        assertThatThrownBy(() -> PemKeys.readPrivateKey("")).hasMessage("the key file is empty");
        assertThatThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----"))
                .hasMessageContaining("not valid base64");
        assertThatThrownBy(() -> PemKeys.readPrivateKey("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
                .hasMessage("the PEM holds no EC or RSA private key");
        assertThatThrownBy(() -> PemKeys.generate("HS256")).hasMessage("unknown algorithm 'HS256'; use ES256 or RS256");
    }
}
