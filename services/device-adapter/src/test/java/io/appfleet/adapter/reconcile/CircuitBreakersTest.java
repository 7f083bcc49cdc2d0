package io.appfleet.adapter.reconcile;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakersTest {

    private final AtomicLong now = new AtomicLong(-5_000_000_000L); // nanoTime may be negative
    private final CircuitBreakers breakers = new CircuitBreakers(3, Duration.ofSeconds(30), Duration.ofMinutes(2), now::get);

    @Test
    void theBreakerOpensAtTheThresholdOfConsecutiveFailures() {
        assertThat(breakers.failure("d1")).isFalse();
        assertThat(breakers.failure("d1")).isFalse();
        assertThat(breakers.isOpen("d1")).isFalse();
        assertThat(breakers.remainingOpen("d1")).isZero();

        assertThat(breakers.failure("d1")).isTrue();
        assertThat(breakers.isOpen("d1")).isTrue();
        assertThat(breakers.remainingOpen("d1")).isEqualTo(Duration.ofSeconds(30));
        assertThat(breakers.isOpen("d2")).as("one breaker per device").isFalse();
        assertThat(breakers.openCount()).isEqualTo(1);
    }

    @Test
    void aSuccessResetsTheCount() {
        breakers.failure("d1");
        breakers.failure("d1");
        breakers.success("d1");
        assertThat(breakers.failure("d1")).isFalse();
        assertThat(breakers.failure("d1")).isFalse();
        assertThat(breakers.isOpen("d1")).isFalse();
    }

    @Test
    void theBreakerHalfOpensWhenItsPeriodEndsAndATrialThatFailsOpensItForTwiceAsLong() {
        openD1();
        advance(Duration.ofSeconds(29));
        assertThat(breakers.remainingOpen("d1")).isEqualTo(Duration.ofSeconds(1));
        advance(Duration.ofSeconds(1));
        assertThat(breakers.isOpen("d1")).as("half-open: one trial may dial").isFalse();
        assertThat(breakers.openCount()).isZero();

        assertThat(breakers.failure("d1")).isTrue();
        assertThat(breakers.remainingOpen("d1")).isEqualTo(Duration.ofSeconds(60));
        advance(Duration.ofSeconds(60));
        breakers.failure("d1");
        assertThat(breakers.remainingOpen("d1")).isEqualTo(Duration.ofSeconds(120));
        advance(Duration.ofSeconds(120));
        breakers.failure("d1");
        assertThat(breakers.remainingOpen("d1")).as("capped at max-open").isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void aSuccessfulTrialClosesTheBreakerAndTheNextOpeningStartsShortAgain() {
        openD1();
        advance(Duration.ofSeconds(30));
        breakers.failure("d1");
        advance(Duration.ofSeconds(60));
        breakers.success("d1");
        assertThat(breakers.isOpen("d1")).isFalse();

        breakers.failure("d1");
        breakers.failure("d1");
        assertThat(breakers.isOpen("d1")).as("a fresh count after a success").isFalse();
        breakers.failure("d1");
        assertThat(breakers.remainingOpen("d1")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void forgetDropsTheDevice() {
        openD1();
        breakers.forget("d1");
        assertThat(breakers.isOpen("d1")).isFalse();
        assertThat(breakers.openCount()).isZero();
    }

    @Test
    void openCountOnlyCountsBreakersStillOpen() {
        openD1();
        for (int i = 0; i < 3; i++) {
            breakers.failure("d2");
        }
        breakers.failure("d3");
        assertThat(breakers.openCount()).isEqualTo(2);
        advance(Duration.ofSeconds(31));
        assertThat(breakers.openCount()).isZero();
    }

    @Test
    void aThresholdOfOneOpensAtTheFirstFailure() {
        CircuitBreakers eager = new CircuitBreakers(1, Duration.ofSeconds(7), Duration.ofSeconds(7), now::get);
        assertThat(eager.failure("d1")).isTrue();
        assertThat(eager.remainingOpen("d1")).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anOpeningThatEndsAtTheClocksZeroIsStillAnOpening() {
        // System.nanoTime() has an arbitrary origin, so 0 is a time like any other.
        now.set(-Duration.ofSeconds(30).toNanos());
        openD1();
        assertThat(breakers.remainingOpen("d1")).isEqualTo(Duration.ofSeconds(30));
        assertThat(breakers.openCount()).isEqualTo(1);
    }

    @Test
    void settingsThatCannotWorkAreRefused() {
        assertThatThrownBy(() -> new CircuitBreakers(0, Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threshold");
        assertThatThrownBy(() -> new CircuitBreakers(3, Duration.ZERO, Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CircuitBreakers(3, Duration.ofMinutes(5), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-open");
    }

    private void openD1() {
        for (int i = 0; i < 3; i++) {
            breakers.failure("d1");
        }
        assertThat(breakers.isOpen("d1")).isTrue();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
