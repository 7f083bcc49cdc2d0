package io.appfleet.telemetry.fleet;

import java.time.Instant;

import io.appfleet.proto.fleet.v1.ErrorInfo;

/** An error as the device-adapter classified it (already redacted there); null fields are unknown. */
public record LastError(String code, String message, boolean retryable, Instant occurredAt) {

    /** Null when the producer set none. */
    static LastError of(ErrorInfo e, boolean present) {
        if (!present) {
            return null;
        }
        return new LastError(e.getCode(), e.getMessage(), e.getRetryable(),
                e.hasOccurredAt() ? Protos.instant(e.getOccurredAt()) : null);
    }
}
