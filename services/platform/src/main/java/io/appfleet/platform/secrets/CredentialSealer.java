package io.appfleet.platform.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.google.protobuf.ByteString;

import io.appfleet.proto.fleet.v1.SealedCredentials;

/**
 * Seals device credentials with AES-256-GCM under a key that only inventory and the
 * device-adapter hold ({@code appfleet.credentials.key}, base64 of 32 bytes). The key id is bound
 * into the ciphertext as associated data, so a blob cannot be opened under another key's name.
 */
@ApplicationScoped
public class CredentialSealer {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    @Inject
    public CredentialSealer(@ConfigProperty(name = "appfleet.credentials.key") Optional<String> base64Key,
            @ConfigProperty(name = "appfleet.credentials.key-id", defaultValue = "k1") String keyId) {
        this.keyId = keyId;
        if (base64Key.isPresent() && !base64Key.get().isBlank()) {
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(base64Key.get().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("appfleet.credentials.key is not valid base64");
            }
            if (raw.length != 32) {
                throw new IllegalArgumentException("appfleet.credentials.key must be 32 bytes (AES-256), got "
                        + raw.length);
            }
            this.key = new SecretKeySpec(raw, "AES");
        } else {
            this.key = null;
        }
    }

    /** Without a key, inline credentials are refused and only references are accepted. */
    public boolean isConfigured() {
        return key != null;
    }

    public SealedCredentials seal(DeviceCredentials credentials) {
        requireKey();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] plain = encode(credentials);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return SealedCredentials.newBuilder()
                    .setKeyId(keyId)
                    .setNonce(ByteString.copyFrom(nonce))
                    .setCiphertext(ByteString.copyFrom(cipher.doFinal(plain)))
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing credentials failed", e);
        }
    }

    public DeviceCredentials open(SealedCredentials sealed) {
        requireKey();
        if (!keyId.equals(sealed.getKeyId())) {
            throw new IllegalArgumentException("credentials were sealed with key '" + sealed.getKeyId()
                    + "', this service holds '" + keyId + "'");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed.getNonce().toByteArray()));
            cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
            return decode(cipher.doFinal(sealed.getCiphertext().toByteArray()));
        } catch (GeneralSecurityException e) {
            // Deliberately vague: the reason (tag mismatch) says nothing useful and nothing secret.
            throw new IllegalArgumentException("sealed credentials cannot be opened with key '" + keyId + "'");
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new IllegalStateException("no credentials key configured (appfleet.credentials.key)");
        }
    }

    // Length-prefixed fields: no JSON library needed and no escaping pitfalls.
    private static byte[] encode(DeviceCredentials c) {
        byte[] u = c.username().getBytes(StandardCharsets.UTF_8);
        byte[] p = c.password().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + u.length + p.length).putInt(u.length).put(u).putInt(p.length).put(p).array();
    }

    private static DeviceCredentials decode(byte[] plain) {
        ByteBuffer b = ByteBuffer.wrap(plain);
        byte[] u = new byte[b.getInt()];
        b.get(u);
        byte[] p = new byte[b.getInt()];
        b.get(p);
        return new DeviceCredentials(new String(u, StandardCharsets.UTF_8), new String(p, StandardCharsets.UTF_8));
    }
}
