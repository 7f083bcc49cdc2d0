package io.appfleet.telemetry.ingest;

import java.time.Duration;

import io.appfleet.telemetry.rates.CounterTracker;

/**
 * What the ingest remembers of one stream between batches, all of it as stored in PostgreSQL (read
 * back after a start or a rebalance): the newest stored sample's time (a newer sample cannot be stored
 * yet, so it is written without asking), the counters' newest readings (the baselines of the next
 * rates) and the newest 1-minute and 1-hour rollups (added to in memory and written whole).
 */
final class StreamState {

    /** The newest sampled_at stored, µs; {@link Long#MIN_VALUE} when the stream has no raw row. */
    long newestRawMicros = Long.MIN_VALUE;
    final CounterTracker counters;
    /** The newest stored or pending bucket of each width; null when there is none. */
    Rollup minute;
    Rollup hour;

    StreamState(Duration maxGap) {
        this.counters = new CounterTracker(maxGap);
    }

    Rollup newest(Rollup.Width w) {
        return w == Rollup.Width.MINUTE ? minute : hour;
    }

    void newest(Rollup.Width w, Rollup r) {
        if (w == Rollup.Width.MINUTE) {
            minute = r;
        } else {
            hour = r;
        }
    }
}
