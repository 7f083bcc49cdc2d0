package io.appfleet.drivers.qga;

import java.time.Duration;

/** A point in (monotonic) time; one per request, so reading several chunks cannot extend the wait. */
final class Deadline {

    private final long endNanos;
    private final Duration total;

    private Deadline(Duration total) {
        this.total = total;
        this.endNanos = System.nanoTime() + total.toNanos();
    }

    static Deadline after(Duration total) {
        return new Deadline(total);
    }

    /** Time left, or zero once the deadline passed. */
    Duration remaining() {
        long left = endNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    Duration total() {
        return total;
    }
}
