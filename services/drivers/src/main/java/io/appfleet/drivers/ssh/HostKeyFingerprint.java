package io.appfleet.drivers.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.digest.BuiltinDigests;

import java.security.PublicKey;

/** Host key fingerprints in OpenSSH's {@code SHA256:<base64 without padding>} form. */
public final class HostKeyFingerprint {

    private HostKeyFingerprint() {
    }

    public static String of(PublicKey key) {
        return KeyUtils.getFingerPrint(BuiltinDigests.sha256, key);
    }

    /** Equal fingerprints, ignoring the case of the {@code SHA256:} prefix and trailing '=' padding. */
    public static boolean matches(String pinned, String actual) {
        return normalize(pinned).equals(normalize(actual));
    }

    private static String normalize(String fp) {
        String s = fp.strip();
        int colon = s.indexOf(':');
        String prefix = colon < 0 ? "SHA256" : s.substring(0, colon).toUpperCase();
        String body = colon < 0 ? s : s.substring(colon + 1);
        while (body.endsWith("=")) {
            body = body.substring(0, body.length() - 1);
        }
        return prefix + ":" + body;
    }
}
