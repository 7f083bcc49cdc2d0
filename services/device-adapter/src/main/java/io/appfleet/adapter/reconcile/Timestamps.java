package io.appfleet.adapter.reconcile;

import com.google.protobuf.Timestamp;

import java.time.Duration;
import java.time.Instant;

/** java.time to protobuf well-known types. */
final class Timestamps {

    private Timestamps() {
    }

    static Timestamp of(Instant t) {
        return Timestamp.newBuilder().setSeconds(t.getEpochSecond()).setNanos(t.getNano()).build();
    }

    static com.google.protobuf.Duration of(Duration d) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(d.getSeconds()).setNanos(d.getNano()).build();
    }
}
