package io.appfleet.platform.kafka;

import java.time.Duration;

import org.apache.kafka.common.errors.WakeupException;

/**
 * The wait between attempts to store a consumed batch. A consumer whose database is away never
 * skips the batch (its offsets are committed only after it is stored): it waits, 100 ms doubling
 * to 5 s, and tries again. An interrupt ends the wait as a {@link WakeupException}, the way a
 * consumer's poll loop is told to stop, so the batch stays uncommitted and is read again.
 */
public final class StoreRetryBackoff {

    private static final Duration FIRST = Duration.ofMillis(100);
    private static final Duration MAX = Duration.ofSeconds(5);

    private Duration wait = FIRST;

    /** How long the next {@link #pause()} waits. */
    public Duration next() {
        return wait;
    }

    public void pause() {
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
        Duration doubled = wait.multipliedBy(2);
        wait = doubled.compareTo(MAX) > 0 ? MAX : doubled;
    }
}
