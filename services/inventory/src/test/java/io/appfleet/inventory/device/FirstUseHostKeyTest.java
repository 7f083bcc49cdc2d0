package io.appfleet.inventory.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.appfleet.inventory.device.FirstUseHostKey.Current;
import io.appfleet.inventory.device.FirstUseHostKey.Outcome;

class FirstUseHostKeyTest {

    private static final String KEY = "SHA256:" + "A".repeat(43);
    private static final String OTHER = "SHA256:" + "B".repeat(43);
    private static final Instant CREATED = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void anEmptyPinIsFilled() {
        assertThat(FirstUseHostKey.decide(new Current(null, CREATED), KEY, CREATED.plusSeconds(5)))
                .isEqualTo(Outcome.RECORDED);
        assertThat(FirstUseHostKey.decide(new Current("", CREATED), KEY, CREATED.plusSeconds(5)))
                .isEqualTo(Outcome.RECORDED);
        assertThat(FirstUseHostKey.decide(new Current(null, CREATED), KEY, null))
                .as("an observation without a time is taken").isEqualTo(Outcome.RECORDED);
    }

    @Test
    void anExistingPinIsNeverReplaced() {
        assertThat(FirstUseHostKey.decide(new Current(OTHER, CREATED), KEY, CREATED.plusSeconds(5)))
                .isEqualTo(Outcome.PINNED_TO_OTHER_KEY);
        assertThat(FirstUseHostKey.decide(new Current(KEY, CREATED), KEY, CREATED.plusSeconds(5)))
                .isEqualTo(Outcome.ALREADY_PINNED);
        assertThat(FirstUseHostKey.decide(new Current(KEY + "=", CREATED), KEY, CREATED.plusSeconds(5)))
                .as("padding does not make another key").isEqualTo(Outcome.ALREADY_PINNED);
        assertThat(FirstUseHostKey.decide(new Current(OTHER, CREATED), KEY, CREATED.minusSeconds(5)))
                .isEqualTo(Outcome.PINNED_TO_OTHER_KEY);
    }

    @Test
    void anUnknownDeviceIsLeftAlone() {
        assertThat(FirstUseHostKey.decide(null, KEY, Instant.now())).isEqualTo(Outcome.UNKNOWN_DEVICE);
    }

    @Test
    void anObservationOlderThanTheDeviceDescribesAnEarlierOne() {
        assertThat(FirstUseHostKey.decide(new Current(null, CREATED), KEY, CREATED.minusMillis(1)))
                .isEqualTo(Outcome.OBSERVED_BEFORE_CREATION);
        assertThat(FirstUseHostKey.decide(new Current(null, CREATED), KEY, CREATED)).isEqualTo(Outcome.RECORDED);
    }

    @Test
    void fingerprintsAreHeldToTheApiGrammar() {
        assertThat(DeviceValidator.fingerprintError(KEY)).isNull();
        assertThat(DeviceValidator.fingerprintError(KEY + "=")).isNull();
        assertThat(DeviceValidator.fingerprintError("MD5:aa:bb")).isEqualTo(
                "'MD5:aa:bb' must be an OpenSSH SHA256 fingerprint (SHA256:<base64>)");
        assertThat(DeviceValidator.fingerprintError("SHA256:" + "A".repeat(42))).isNotNull();
        assertThat(DeviceValidator.fingerprintError(KEY + "\nINJECTED")).startsWith("'SHA256:AAAA").doesNotContain("\n");
        assertThat(DeviceValidator.fingerprintError("")).isNotNull();
        assertThat(DeviceValidator.fingerprintError(null)).isNotNull();
    }
}
