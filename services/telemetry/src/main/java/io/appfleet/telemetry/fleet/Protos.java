package io.appfleet.telemetry.fleet;

import java.time.Duration;
import java.time.Instant;

import com.google.protobuf.Timestamp;

/** Conversions from protobuf's well-known types. */
final class Protos {

    private Protos() {
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    /** Null when unset. */
    static Instant instantOrNull(boolean present, Timestamp t) {
        return present ? instant(t) : null;
    }

    static double seconds(com.google.protobuf.Duration d) {
        return Duration.ofSeconds(d.getSeconds(), d.getNanos()).toNanos() / 1e9;
    }
}
