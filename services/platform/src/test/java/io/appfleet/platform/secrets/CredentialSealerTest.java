package io.appfleet.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.appfleet.proto.fleet.v1.SealedCredentials;

class CredentialSealerTest {

    private static final String KEY = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String OTHER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @Test
    void sealsAndOpens() {
        CredentialSealer sealer = new CredentialSealer(Optional.of(KEY), "k1");
        SealedCredentials sealed = sealer.seal(new DeviceCredentials("admin", "s3cr3t-pässword"));
        assertThat(sealed.getKeyId()).isEqualTo("k1");
        assertThat(sealed.getCiphertext().toStringUtf8()).doesNotContain("s3cr3t").doesNotContain("admin");
        assertThat(sealer.open(sealed)).isEqualTo(new DeviceCredentials("admin", "s3cr3t-pässword"));
        // A fresh nonce each time: equal inputs never give equal ciphertexts.
        assertThat(sealer.seal(new DeviceCredentials("admin", "s3cr3t-pässword")).getCiphertext())
                .isNotEqualTo(sealed.getCiphertext());
    }

    @Test
    void refusesTamperingAndWrongKeys() {
        CredentialSealer sealer = new CredentialSealer(Optional.of(KEY), "k1");
        SealedCredentials sealed = sealer.seal(new DeviceCredentials("admin", "pw"));
        byte[] ct = sealed.getCiphertext().toByteArray();
        ct[0] ^= 1;
        SealedCredentials tampered = sealed.toBuilder().setCiphertext(ByteString.copyFrom(ct)).build();
        assertThatThrownBy(() -> sealer.open(tampered)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CredentialSealer(Optional.of(OTHER_KEY), "k1").open(sealed))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CredentialSealer(Optional.of(KEY), "k2").open(sealed))
                .hasMessageContaining("sealed with key 'k1'");
    }

    @Test
    void passwordNeverInToStringAndKeyIsChecked() {
        assertThat(new DeviceCredentials("admin", "hunter2").toString()).doesNotContain("hunter2");
        assertThat(new CredentialSealer(Optional.empty(), "k1").isConfigured()).isFalse();
        assertThatThrownBy(() -> new CredentialSealer(Optional.of("c2hvcnQ="), "k1")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> new CredentialSealer(Optional.of("%%%"), "k1")).hasMessageContaining("base64");
    }
}
