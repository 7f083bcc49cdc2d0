package io.appfleet.adapter.queue;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimiterTest {

    /** A clock moved by hand; a sleep moves it by the time slept and records the sleep. */
    private static final class ManualTicker implements RateLimiter.Ticker {
        long now = 1_000_000_000L;
        final List<Long> sleeps = new ArrayList<>();

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            sleeps.add(nanos);
            now += nanos;
        }

        void advance(Duration d) {
            now += d.toNanos();
        }
    }

    @Test
    void aBurstPassesAtOnceThenStartsAreSpacedAtTheRate() throws InterruptedException {
        ManualTicker t = new ManualTicker();
        RateLimiter limiter = new RateLimiter(10, 3, t);
        for (int i = 0; i < 3; i++) {
            limiter.acquire();
        }
        assertThat(t.sleeps).isEmpty();
        limiter.acquire();
        limiter.acquire();
        assertThat(t.sleeps).containsExactly(ms(100), ms(100));
    }

    @Test
    void tokensComeBackWithTimeButNeverAboveTheBurst() throws InterruptedException {
        ManualTicker t = new ManualTicker();
        RateLimiter limiter = new RateLimiter(10, 2, t);
        limiter.acquire();
        limiter.acquire();
        t.advance(Duration.ofMinutes(10)); // an idle hour would not buy more than the burst
        limiter.acquire();
        limiter.acquire();
        assertThat(t.sleeps).isEmpty();
        limiter.acquire();
        assertThat(t.sleeps).containsExactly(ms(100));
    }

    @Test
    void aPartlyRefilledTokenOnlyWaitsForTheRest() throws InterruptedException {
        ManualTicker t = new ManualTicker();
        RateLimiter limiter = new RateLimiter(10, 1, t);
        limiter.acquire();
        t.advance(Duration.ofMillis(60));
        limiter.acquire();
        assertThat(t.sleeps).singleElement().satisfies(n -> assertThat(n).isBetween(ms(40) - 1, ms(40) + 1));
    }

    @Test
    void concurrentCallersEachWaitForTheirOwnTokenSoTheRateHoldsUnderContention() throws Exception {
        RateLimiter limiter = new RateLimiter(50, 5);
        int callers = 20;
        List<Long> startedAt = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch go = new CountDownLatch(1);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < callers; i++) {
                pool.execute(() -> {
                    try {
                        go.await();
                        limiter.acquire();
                        startedAt.add(System.nanoTime() - t0);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            go.countDown();
            pool.shutdown();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
        assertThat(startedAt).hasSize(callers);
        Collections.sort(startedAt);
        // 5 at once, then one every 20 ms: the last of 20 cannot start before 15 * 20 ms.
        assertThat(startedAt.get(callers - 1)).isGreaterThanOrEqualTo(ms(300) - ms(5));
        // By 110 ms at most the burst plus 5 tokens (at 20, 40, ..., 100 ms) can have been handed out.
        assertThat(startedAt.stream().filter(n -> n < ms(110)).count()).isLessThanOrEqualTo(10);
    }

    @Test
    void aRateOrBurstThatCannotLimitIsRefused() {
        assertThatThrownBy(() -> new RateLimiter(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(-5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(10, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimiter(Double.POSITIVE_INFINITY, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    private static long ms(long millis) {
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
