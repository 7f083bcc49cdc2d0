package io.appfleet.platform.outbox;

import java.time.Instant;
import java.util.UUID;

/** One event waiting in the outbox. A null payload is a tombstone. */
public record OutboxRecord(long seq, UUID eventId, String topic, String key, byte[] payload, String ceType,
        String ceSource, Instant createdAt) {
}
