package io.appfleet.telemetry.rates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class CounterTrackerTest {

    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");
    private static final int C = 3;
    private static final int A = 1;
    private static final int B = 2;
    private final CounterTracker tracker = new CounterTracker(Duration.ofMinutes(5));

    private static CounterPoint at(int seconds, String epoch, long value) {
        return new CounterPoint(T0.plusSeconds(seconds), epoch, value);
    }

    private static RateStep.Rate rate(RateStep step) {
        assertThat(step).isInstanceOf(RateStep.Rate.class);
        return (RateStep.Rate) step;
    }

    private static RateStep.Reason noRate(RateStep step) {
        assertThat(step).isInstanceOf(RateStep.NoRate.class);
        return ((RateStep.NoRate) step).reason();
    }

    @Test
    void theFirstReadingGivesNoRateAndTheNextOneTheIncreasePerSecond() {
        assertThat(noRate(tracker.observe(C, at(0, "b1", 1000)))).isEqualTo(RateStep.Reason.FIRST);
        RateStep.Rate r = rate(tracker.observe(C, at(60, "b1", 7000)));
        assertThat(r.increase()).isEqualTo(6000);
        assertThat(r.seconds()).isEqualTo(60);
        assertThat(r.perSecond()).isEqualTo(100);
        assertThat(r.reset()).isFalse();
        assertThat(r.gap()).isFalse();
    }

    @Test
    void aCounterThatGoesDownWasResetAndItsNewValueIsTheIncrease() {
        tracker.observe(C, at(0, "b1", 50_000));
        RateStep.Rate r = rate(tracker.observe(C, at(30, "b1", 300)));
        assertThat(r.reset()).isTrue();
        assertThat(r.increase()).isEqualTo(300);
        assertThat(r.perSecond()).isEqualTo(10);
        // and counting goes on from the reset value
        RateStep.Rate next = rate(tracker.observe(C, at(60, "b1", 600)));
        assertThat(next.reset()).isFalse();
        assertThat(next.increase()).isEqualTo(300);
    }

    @Test
    void noRateSpansADeviceRebootEvenWhenTheNewValueIsHigher() {
        tracker.observe(C, at(0, "boot-a", 100));
        assertThat(noRate(tracker.observe(C, at(60, "boot-b", 5_000_000)))).isEqualTo(RateStep.Reason.EPOCH_CHANGED);
        RateStep.Rate r = rate(tracker.observe(C, at(120, "boot-b", 5_000_600)));
        assertThat(r.increase()).as("rates start again from the first reading after the reboot").isEqualTo(600);
        assertThat(r.perSecond()).isEqualTo(10);
    }

    @Test
    void anAppRestartIsANewEpochToo() {
        tracker.observe(C, at(0, "boot-a|ctr-1", 10));
        assertThat(noRate(tracker.observe(C, at(60, "boot-a|ctr-2", 20)))).isEqualTo(RateStep.Reason.EPOCH_CHANGED);
        assertThat(rate(tracker.observe(C, at(120, "boot-a|ctr-2", 80))).perSecond()).isEqualTo(1);
    }

    @Test
    void aLongGapGivesTheAverageRateFlaggedAsAGap() {
        tracker.observe(C, at(0, "b1", 0));
        RateStep.Rate r = rate(tracker.observe(C, at(3600, "b1", 36_000)));
        assertThat(r.gap()).isTrue();
        assertThat(r.perSecond()).isEqualTo(10);
        assertThat(rate(tracker.observe(C, at(3660, "b1", 36_600))).gap()).isFalse();
    }

    @Test
    void aGapOfExactlyTheLimitIsNoGap() {
        tracker.observe(C, at(0, "b1", 0));
        assertThat(rate(tracker.observe(C, at(300, "b1", 300))).gap()).isFalse();
    }

    @Test
    void aLateSampleIsIgnoredAndDoesNotMoveTheBaseline() {
        tracker.observe(C, at(0, "b1", 100));
        tracker.observe(C, at(60, "b1", 700));
        // Arrives after the 60 s one: would look like a reset (100 < 700) if it were taken.
        assertThat(noRate(tracker.observe(C, at(30, "b1", 400)))).isEqualTo(RateStep.Reason.STALE);
        RateStep.Rate r = rate(tracker.observe(C, at(120, "b1", 1300)));
        assertThat(r.reset()).isFalse();
        assertThat(r.increase()).isEqualTo(600);
        assertThat(r.seconds()).isEqualTo(60);
    }

    @Test
    void aDuplicateIsIgnored() {
        tracker.observe(C, at(0, "b1", 100));
        tracker.observe(C, at(60, "b1", 700));
        assertThat(noRate(tracker.observe(C, at(60, "b1", 700)))).isEqualTo(RateStep.Reason.STALE);
        // even a duplicate timestamp with a different value (a second collector) gives no rate
        assertThat(noRate(tracker.observe(C, at(60, "b1", 0)))).isEqualTo(RateStep.Reason.STALE);
        assertThat(rate(tracker.observe(C, at(120, "b1", 1300))).increase()).isEqualTo(600);
    }

    @Test
    void countersAreIndependentPerKey() {
        tracker.observe(A, at(0, "b1", 100));
        assertThat(noRate(tracker.observe(B, at(10, "b1", 5)))).isEqualTo(RateStep.Reason.FIRST);
        assertThat(rate(tracker.observe(A, at(10, "b1", 200))).perSecond()).isEqualTo(10);
    }

    @Test
    void aSeedFromTheDatabaseIsTheBaselineButNeverReplacesANewerReading() {
        tracker.seed(C, at(0, "b1", 100));
        assertThat(rate(tracker.observe(C, at(10, "b1", 200))).perSecond()).isEqualTo(10);
        tracker.seed(C, at(5, "b1", 150));
        assertThat(tracker.newest(C)).contains(at(10, "b1", 200));
    }

    @Test
    void valuesAboveTwoToTheSixtyThreeAreUnsignedNotAReset() {
        long big = 0x8000_0000_0000_0000L; // 2^63 as unsigned
        tracker.observe(C, at(0, "b1", Long.MAX_VALUE));
        RateStep.Rate r = rate(tracker.observe(C, at(1, "b1", big + 9)));
        assertThat(r.reset()).isFalse();
        assertThat(r.increase()).isEqualTo(10);
        assertThat(CounterRates.unsigned(-1L)).isCloseTo(1.8446744073709552e19, within(1e4));
    }

    @Test
    void aRateIsNeverNegative() {
        long[] values = {500, 100, 900, 0, 0, 40, 10};
        tracker.observe(C, at(0, "b1", 1000));
        for (int i = 0; i < values.length; i++) {
            RateStep step = tracker.observe(C, at(10 * (i + 1), "b1", values[i]));
            assertThat(rate(step).perSecond()).isGreaterThanOrEqualTo(0);
        }
    }
}
