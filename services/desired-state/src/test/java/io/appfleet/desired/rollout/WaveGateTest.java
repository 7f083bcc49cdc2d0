package io.appfleet.desired.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.manifest.AppDeployment.Threshold;

class WaveGateTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final WaveGate.Settings SETTINGS = new WaveGate.Settings(Threshold.count(2), Threshold.count(1),
            Duration.ofSeconds(30));

    /** Devices d0..d8: wave 1 = d0, wave 2 = d1..d3, wave 3 = d4..d8. */
    private static List<Member> fleet(String outcomes) {
        List<Member> out = new ArrayList<>();
        for (int i = 0; i < outcomes.length(); i++) {
            int wave = i == 0 ? 1 : i <= 3 ? 2 : 3;
            char c = outcomes.charAt(i);
            DeviceOutcome o = switch (c) {
                case 'S' -> DeviceOutcome.SUCCEEDED;
                case 'F' -> DeviceOutcome.failed("COMMAND_REJECTED: install failed");
                default -> DeviceOutcome.PROGRESSING;
            };
            out.add(new Member("d" + i, wave, i, c != '.', c == 'x', o));
        }
        return out;
    }

    private static WaveGate.Position at(int wave, Instant doneSince) {
        return new WaveGate.Position(wave, 3, doneSince, 0, false);
    }

    @Test
    void releasesOnlyOpenWavesWithinMaxUnavailable() {
        WaveGate.Result r = WaveGate.evaluate(at(1, null), SETTINGS, fleet("........."), true, NOW);
        assertThat(r.release()).containsExactly("d0");
        r = WaveGate.evaluate(at(2, null), SETTINGS, fleet("S........"), true, NOW);
        assertThat(r.release()).as("two at a time").containsExactly("d1", "d2");
        r = WaveGate.evaluate(at(2, null), SETTINGS, fleet("SPS......"), true, NOW);
        assertThat(r.release()).as("one still updating: one more").containsExactly("d3");
        r = WaveGate.evaluate(at(2, null), SETTINGS, fleet("S........"), false, NOW);
        assertThat(r.release()).as("outside the time windows").isEmpty();
    }

    @Test
    void theNextWaveOpensOnlyAfterHealthyFor() {
        WaveGate.Result r = WaveGate.evaluate(at(1, null), SETTINGS, fleet("S........"), true, NOW);
        assertThat(r.currentWave()).isEqualTo(1);
        assertThat(r.doneSince()).isEqualTo(NOW);
        r = WaveGate.evaluate(at(1, NOW), SETTINGS, fleet("S........"), true, NOW.plusSeconds(29));
        assertThat(r.currentWave()).isEqualTo(1);
        r = WaveGate.evaluate(at(1, NOW), SETTINGS, fleet("S........"), true, NOW.plusSeconds(30));
        assertThat(r.currentWave()).isEqualTo(2);
        assertThat(r.waveOpened(at(1, NOW))).isTrue();
        assertThat(r.doneSince()).isNull();
    }

    @Test
    void aDeviceThatStopsBeingDoneRestartsTheClock() {
        WaveGate.Result r = WaveGate.evaluate(at(1, NOW), SETTINGS, fleet("P........"), true, NOW.plusSeconds(40));
        assertThat(r.currentWave()).isEqualTo(1);
        assertThat(r.doneSince()).isNull();
    }

    @Test
    void failuresWithinTheThresholdDoNotHoldTheWave() {
        WaveGate.Result r = WaveGate.evaluate(at(2, NOW), SETTINGS, fleet("SSFS....."), true, NOW.plusSeconds(30));
        assertThat(r.breach()).isNull();
        assertThat(r.currentWave()).isEqualTo(3);
    }

    @Test
    void moreFailuresThanTheThresholdIsABreachNamingTheDevices() {
        WaveGate.Result r = WaveGate.evaluate(at(2, null), SETTINGS, fleet("SFFP....."), true, NOW);
        assertThat(r.breach()).startsWith("wave 2: 2 of 4 devices failed, more than the failure threshold of 1")
                .contains("d1: COMMAND_REJECTED: install failed");
        assertThat(r.release()).isEmpty();
        WaveGate.Position accepted = new WaveGate.Position(2, 3, null, 2, false);
        assertThat(WaveGate.evaluate(accepted, SETTINGS, fleet("SFFP....."), true, NOW).breach())
                .as("failures accepted on resume").isNull();
    }

    @Test
    void percentThresholdsCountTheOpenWaves() {
        WaveGate.Settings pct = new WaveGate.Settings(Threshold.percent(BigDecimal.valueOf(100)),
                Threshold.percent(BigDecimal.valueOf(50)), Duration.ZERO);
        assertThat(WaveGate.evaluate(at(2, null), pct, fleet("SFSP....."), true, NOW).breach()).isNull();
        assertThat(WaveGate.evaluate(at(2, null), pct, fleet("SFFF....."), true, NOW).breach()).isNotNull();
    }

    @Test
    void excludedDevicesNeitherHoldBackNorCount() {
        WaveGate.Result r = WaveGate.evaluate(at(1, null), new WaveGate.Settings(Threshold.count(2), Threshold.count(0),
                Duration.ZERO), fleet("x........"), true, NOW);
        assertThat(r.currentWave()).as("an empty wave is done at once").isEqualTo(2);
    }

    @Test
    void theLastWaveDoneIsSuccess() {
        WaveGate.Result r = WaveGate.evaluate(at(3, NOW), SETTINGS, fleet("SSSSSSSSS"), true, NOW.plusSeconds(30));
        assertThat(r.succeeded()).isTrue();
        r = WaveGate.evaluate(at(3, NOW), SETTINGS, fleet("SSSSSSSSP"), true, NOW.plusSeconds(30));
        assertThat(r.succeeded()).isFalse();
    }

    @Test
    void skipGatesReleasesEverythingAtOnce() {
        WaveGate.Position full = new WaveGate.Position(1, 3, null, 0, true);
        WaveGate.Result r = WaveGate.evaluate(full, SETTINGS, fleet("........."), false, NOW);
        assertThat(r.release()).hasSize(9);
        r = WaveGate.evaluate(full, SETTINGS, fleet("SSSSSSSSS"), false, NOW);
        assertThat(r.succeeded()).as("no healthyFor wait").isTrue();
    }
}
