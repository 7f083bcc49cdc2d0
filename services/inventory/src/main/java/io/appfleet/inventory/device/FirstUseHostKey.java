package io.appfleet.inventory.device;

import java.time.Instant;

/**
 * Whether a host key the device-adapter trusted on first use becomes the device's pin. Only an
 * empty pin is ever filled: a pin, once there, changes only by a person writing it, because a key
 * that differs from it is exactly what the adapter must refuse and report.
 */
public final class FirstUseHostKey {

    public enum Outcome {
        /** The device had no pin; the observed key is now its pin. */
        RECORDED,
        /** The device is pinned to this key already (the steady state). */
        ALREADY_PINNED,
        /** The device is pinned to another key, which stays. */
        PINNED_TO_OTHER_KEY,
        /** Inventory holds no device of that id. */
        UNKNOWN_DEVICE,
        /** The observation was made before the device was created: it describes an earlier device of that id. */
        OBSERVED_BEFORE_CREATION
    }

    /** What inventory holds for the device: its pin (null when none) and when it was created. */
    public record Current(String pin, Instant createdAt) {
        static Current of(DeviceEntity e) {
            return e == null ? null : new Current(e.sshHostKeyFingerprint, e.createdAt);
        }
    }

    private FirstUseHostKey() {
    }

    /**
     * @param current    the device as inventory holds it, null when it does not exist
     * @param observed   the key the adapter trusts, already checked against the fingerprint grammar
     * @param observedAt when the adapter made the observation, null when unknown
     */
    public static Outcome decide(Current current, String observed, Instant observedAt) {
        if (current == null) {
            return Outcome.UNKNOWN_DEVICE;
        }
        if (current.pin() != null && !current.pin().isEmpty()) {
            return sameKey(current.pin(), observed) ? Outcome.ALREADY_PINNED : Outcome.PINNED_TO_OTHER_KEY;
        }
        if (observedAt != null && current.createdAt() != null && observedAt.isBefore(current.createdAt())) {
            return Outcome.OBSERVED_BEFORE_CREATION;
        }
        return Outcome.RECORDED;
    }

    /** OpenSSH prints SHA256 fingerprints without the base64 padding; both spellings name one key. */
    static boolean sameKey(String a, String b) {
        return stripPadding(a).equals(stripPadding(b));
    }

    private static String stripPadding(String fingerprint) {
        return fingerprint.endsWith("=") ? fingerprint.substring(0, fingerprint.length() - 1) : fingerprint;
    }
}
