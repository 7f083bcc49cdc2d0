package io.appfleet.devicesim;

import io.appfleet.devicesim.infix.InfixFaults;
import io.appfleet.devicesim.infix.InfixFaultsProbe;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Probabilistic faults: about rate × N of N draws, the same ones for the same seed. */
class FaultRatesTest {

    private static final int N = 10_000;

    private static List<Integer> drops(Faults f) {
        List<Integer> hit = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            if (f.takeDrop()) {
                hit.add(i);
            }
        }
        return hit;
    }

    @Test
    void roughlyRateTimesNAndReproducible() {
        List<Integer> a = drops(new Faults().rates(new FaultRates(0.05, 0, 0, 0, 0), 7));
        // Binomial(10000, 0.05): mean 500, sd ≈ 22; ±5 sd.
        assertThat(a.size()).isBetween(390, 610);
        assertThat(drops(new Faults().rates(new FaultRates(0.05, 0, 0, 0, 0), 7))).isEqualTo(a);
        assertThat(drops(new Faults().rates(new FaultRates(0.05, 0, 0, 0, 0), 8))).isNotEqualTo(a);
    }

    @Test
    void eachRateDrivesItsOwnFault() {
        Faults f = new Faults().rates(new FaultRates(0, 0.1, 0.2, 0.3, 0.4), 3);
        int stall = 0;
        int wrong = 0;
        int install = 0;
        int crash = 0;
        for (int i = 0; i < N; i++) {
            stall += f.takeStall() ? 1 : 0;
            wrong += f.takeWrongState() ? 1 : 0;
            install += f.takeInstallFailure() ? 1 : 0;
            crash += f.takeCrash() ? 1 : 0;
            assertThat(f.takeDrop()).isFalse();
        }
        assertThat(stall).isBetween(850, 1150);
        assertThat(wrong).isBetween(1800, 2200);
        assertThat(install).isBetween(2750, 3250);
        assertThat(crash).isBetween(3750, 4250);
    }

    @Test
    void oneShotFaultsComeFirstAndClearEndsEverything() {
        Faults f = new Faults().rates(new FaultRates(0, 0, 0, 0, 0), 1).dropNextCommands(2);
        assertThat(List.of(f.takeDrop(), f.takeDrop(), f.takeDrop())).containsExactly(true, true, false);
        f.wrongStateReplies(true);
        assertThat(f.takeWrongState()).isTrue();
        f.rates(new FaultRates(1, 1, 1, 1, 1), 1);
        f.clear();
        assertThat(List.of(f.takeDrop(), f.takeStall(), f.takeWrongState(), f.takeInstallFailure(), f.takeCrash()))
                .containsOnly(false);
    }

    @Test
    void infixRatesAreDrawnPerRequest() {
        InfixFaults f = new InfixFaults().rates(new FaultRates(0.1, 0, 0, 0.5, 0), 11);
        int drops = 0;
        int failedWrites = 0;
        int failedReads = 0;
        for (int i = 0; i < N; i++) {
            drops += InfixFaultsProbe.drop(f) ? 1 : 0;
            failedWrites += InfixFaultsProbe.installFailure(f, "PUT") ? 1 : 0;
            failedReads += InfixFaultsProbe.installFailure(f, "GET") ? 1 : 0;
        }
        assertThat(drops).isBetween(850, 1150);
        assertThat(failedWrites).isBetween(4750, 5250);
        assertThat(failedReads).as("reads never fail an install").isZero();
    }

    @Test
    void ratesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> new FaultRates(1.01, 0, 0, 0, 0)).hasMessageContaining("dropSessionRate");
        assertThatThrownBy(() -> new FaultRates(0, 0, 0, 0, Double.NaN)).hasMessageContaining("crashRate");
    }
}
