package io.appfleet.adapter.queue;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    private static final int DRAWS = 2000;

    @Test
    void theWaitDoublesWithEachFailureWithinTheUpperHalfOfItsInterval() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(60));
        for (int failures = 1; failures <= 8; failures++) {
            Duration full = Duration.ofMillis(100L << (failures - 1));
            for (int i = 0; i < DRAWS; i++) {
                assertThat(b.delay(failures)).as("failure %d", failures)
                        .isBetween(full.dividedBy(2), full);
            }
        }
    }

    @Test
    void theWaitNeverExceedsTheCapHoweverManyFailures() {
        Backoff b = new Backoff(Duration.ofMillis(300), Duration.ofSeconds(5));
        for (int failures : new int[] {6, 10, 31, 64, 1_000, Integer.MAX_VALUE}) {
            for (int i = 0; i < DRAWS; i++) {
                assertThat(b.delay(failures)).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(5));
            }
        }
    }

    @Test
    void jitterSpreadsDevicesThatFailedTogether() {
        Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(b.delay(3));
        }
        // 200 draws from a 2 s wide interval: all equal would mean no jitter at all.
        assertThat(seen).hasSizeGreaterThan(100);
    }

    @Test
    void aBaseBelowOneMillisecondStillWaitsAndStillGrows() {
        Backoff b = new Backoff(Duration.ofNanos(400_000), Duration.ofMillis(50));
        for (int i = 0; i < DRAWS; i++) {
            assertThat(b.delay(1)).isBetween(Duration.ofNanos(200_000), Duration.ofNanos(400_000));
            assertThat(b.delay(3)).isBetween(Duration.ofNanos(800_000), Duration.ofNanos(1_600_000));
        }
    }

    @RepeatedTest(5)
    void theWaitIsNeverZeroEvenForTheSmallestBase() {
        for (Duration base : new Duration[] {Duration.ofNanos(1), Duration.ofNanos(3), Duration.ofMillis(1)}) {
            Backoff b = new Backoff(base, base.multipliedBy(4));
            for (int i = 0; i < DRAWS; i++) {
                assertThat(b.delay(1)).as("base %s", base).isPositive();
            }
        }
    }

    @Test
    void aFailureCountBelowOneIsTreatedAsTheFirstFailure() {
        Backoff b = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(b.delay(0)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
        assertThat(b.delay(-3)).isBetween(Duration.ofMillis(50), Duration.ofMillis(100));
    }

    @Test
    void aBaseAboveTheCapOrNotPositiveIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 < base <= cap");
        assertThatThrownBy(() -> new Backoff(Duration.ofMillis(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
