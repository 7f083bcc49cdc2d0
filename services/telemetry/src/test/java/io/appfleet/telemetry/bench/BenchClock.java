package io.appfleet.telemetry.bench;

import java.time.Instant;

/** Wall-clock microseconds: the unit of sampled_at as stored, and what the lag is measured in. */
final class BenchClock {

    private BenchClock() {
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    static Instant ofMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
