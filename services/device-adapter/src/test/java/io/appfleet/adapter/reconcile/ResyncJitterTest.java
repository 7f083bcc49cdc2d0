package io.appfleet.adapter.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ResyncJitterTest {

    @Test
    void resyncsAreSpreadOverTheLastFifthOfTheIntervalAndNeverLater() {
        Duration interval = Duration.ofSeconds(60);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            Duration d = Reconciler.jitter(interval);
            assertThat(d).isBetween(Duration.ofSeconds(48), interval);
            seen.add(d.toMillis());
        }
        // 2,000 draws over 12,001 possible values: a handful of distinct ones would mean no spread at all.
        assertThat(seen.size()).isGreaterThan(1_000);
    }

    @Test
    void aTinyIntervalIsKeptAsItIs() {
        assertThat(Reconciler.jitter(Duration.ofMillis(4))).isEqualTo(Duration.ofMillis(4));
    }
}
