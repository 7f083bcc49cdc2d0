package io.appfleet.telemetry.noc.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class FormatTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    @Test
    void agesAreShortAndRounded() {
        assertThat(Format.ago(null, NOW)).isEqualTo("never");
        assertThat(Format.ago(NOW.minusSeconds(2), NOW)).isEqualTo("just now");
        assertThat(Format.ago(NOW.plusSeconds(3), NOW)).as("a clock slightly ahead").isEqualTo("just now");
        assertThat(Format.ago(NOW.minusSeconds(42), NOW)).isEqualTo("42 s ago");
        assertThat(Format.ago(NOW.minusSeconds(600), NOW)).isEqualTo("10 min ago");
        assertThat(Format.ago(NOW.minusSeconds(5 * 3600), NOW)).isEqualTo("5 h ago");
        assertThat(Format.ago(NOW.minusSeconds(3 * 86_400), NOW)).isEqualTo("3 d ago");
        assertThat(Format.clock(NOW.plusSeconds(65))).isEqualTo("12:01:05");
        assertThat(Format.full(NOW)).isEqualTo("2025-03-01 12:00:00 UTC");
    }

    @Test
    void numbersKeepThreeFiguresAtMost() {
        assertThat(Format.number(0)).isEqualTo("0");
        assertThat(Format.number(0.004)).isEqualTo("<0.01");
        assertThat(Format.number(0.5)).isEqualTo("0.5");
        assertThat(Format.number(1.0)).isEqualTo("1");
        assertThat(Format.number(3.256)).isEqualTo("3.26");
        assertThat(Format.number(12.5)).isEqualTo("12.5");
        assertThat(Format.number(250)).isEqualTo("250");
        assertThat(Format.number(9999)).isEqualTo("9999");
        assertThat(Format.number(12_500)).isEqualTo("12.5k");
        assertThat(Format.number(3_400_000)).isEqualTo("3.4M");
        assertThat(Format.number(Double.NaN)).isEqualTo("–");
        assertThat(Format.count(1234567)).isEqualTo("1,234,567");
        assertThat(Format.bytes(512)).isEqualTo("512 B");
        assertThat(Format.bytes(256L * 1024 * 1024)).isEqualTo("256 MiB");
        assertThat(Format.bytes(1.5 * 1024 * 1024 * 1024)).isEqualTo("1.5 GiB");
        assertThat(Format.seconds(null)).isEmpty();
        assertThat(Format.seconds(0.84)).isEqualTo("0.8 s");
        assertThat(Format.seconds(42.4)).isEqualTo("42 s");
        assertThat(Format.seconds(123.0)).isEqualTo("2 min 3 s");
    }

    @Test
    void statusNamesAsPeopleReadThem() {
        assertThat(Format.human("out_of_sync")).isEqualTo("Out of sync");
        assertThat(Format.human("host_key_mismatch")).isEqualTo("Host key mismatch");
        assertThat(Format.human("rolledback")).isEqualTo("Rolled back");
        assertThat(Format.human("iosxe")).isEqualTo("IOS-XE");
        assertThat(Format.human("")).isEmpty();
        assertThat(Format.human(null)).isEmpty();
    }
}
