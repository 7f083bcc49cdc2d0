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

    /** The wait before retry number {@code failures} (1 for the first failure); never zero. */
    public Duration delay(int failures) {
        // In nanoseconds, like the queue's clock: a sub-millisecond base must not round to zero.
        long capNanos = cap.toNanos();
        long nanos = base.toNanos();
        for (int i = 1; i < failures && nanos < capNanos; i++) {
            nanos = nanos > capNanos / 2 ? capNanos : nanos * 2;
        }
        long half = nanos / 2;
        // From nanos - half (at least 1 ns) up to nanos: the upper half of the interval.
        return Duration.ofNanos(nanos - half + ThreadLocalRandom.current().nextLong(half + 1));
    }
}
