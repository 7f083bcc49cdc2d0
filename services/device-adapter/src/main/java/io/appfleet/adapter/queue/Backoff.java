package io.appfleet.adapter.queue;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter, capped: the n-th consecutive failure waits about
 * {@code base * 2^(n-1)}, never more than {@code cap}. The jitter (the wait is drawn from the
 * upper half of the interval) keeps devices that failed together from retrying together.
 */
public record Backoff(Duration base, Duration cap) {

    public Backoff {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < base <= cap, got " + base + " and " + cap);
        }
    }

    /** The wait before retry number {@code failures} (1 for the first failure). */
    public Duration delay(int failures) {
        long capMs = cap.toMillis();
        long ms = base.toMillis();
        for (int i = 1; i < failures && ms < capMs; i++) {
            ms *= 2;
        }
        ms = Math.min(ms, capMs);
        long half = ms / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
