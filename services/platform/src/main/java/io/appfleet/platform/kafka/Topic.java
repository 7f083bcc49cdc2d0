package io.appfleet.platform.kafka;

import java.time.Duration;
import java.util.Map;

/**
 * The topics of the event contract and how each is kept. One place for names and settings:
 * services refer to these constants, never to a topic string of their own.
 */
public enum Topic {
    INVENTORY("fleet.inventory.v1", Kind.COMPACTED, null, null),
    DESIRED("fleet.desired.v1", Kind.COMPACTED, null, null),
    OBSERVED("fleet.observed.v1", Kind.COMPACTED, null, null),
    EVENTS("fleet.events.v1", Kind.RETAINED, Duration.ofDays(7), null),
    TELEMETRY("fleet.telemetry.v1", Kind.RETAINED, Duration.ofDays(1), null),
    /** Keyed by deployment name, not device id: where each deployment's rollout stands. */
    ROLLOUTS("fleet.rollouts.v1", Kind.COMPACTED, null, null),
    /**
     * Requests for the adapter instance that owns a device (a refresh). Co-partitioned with
     * fleet.inventory.v1: the range assignor then gives the owner of a device's inventory partition
     * the same partition here. A command is only worth acting on for minutes, so an hour's
     * retention is plenty to look back at what was asked.
     */
    DEVICE_COMMANDS("fleet.device-commands.v1", Kind.RETAINED, Duration.ofHours(1), INVENTORY);

    /** Compacted topics hold the latest state per key; retained topics hold a time window of events. */
    public enum Kind { COMPACTED, RETAINED }

    /** Dead letters are kept long enough for an operator to look at them after a weekend. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);

    private final String topicName;
    private final Kind kind;
    private final Duration retention;
    private final Topic partitionedLike;

    Topic(String topicName, Kind kind, Duration retention, Topic partitionedLike) {
        this.topicName = topicName;
        this.kind = kind;
        this.retention = retention;
        this.partitionedLike = partitionedLike;
    }

    public String topicName() {
        return topicName;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * The topic whose partition count this one must have (consumers rely on one device landing on
     * the same partition number of both), or null when the service's configured count applies.
     */
    public Topic partitionedLike() {
        return partitionedLike;
    }

    /** Where a consumer parks a record it cannot handle, with the reason in headers. */
    public String deadLetterTopicName() {
        return topicName + ".dlq";
    }

    /** Broker-side topic configuration for this topic. */
    public Map<String, String> config() {
        if (kind == Kind.COMPACTED) {
            // Tombstones stay a day so a consumer that was down for hours still sees deletes.
            return Map.of(
                    "cleanup.policy", "compact",
                    "min.compaction.lag.ms", "60000",
                    "delete.retention.ms", String.valueOf(Duration.ofDays(1).toMillis()));
        }
        return Map.of(
                "cleanup.policy", "delete",
                "retention.ms", String.valueOf(retention.toMillis()));
    }

    public static Map<String, String> deadLetterConfig() {
        return Map.of(
                "cleanup.policy", "delete",
                "retention.ms", String.valueOf(DEAD_LETTER_RETENTION.toMillis()));
    }

    public static Topic byName(String topicName) {
        for (Topic t : values()) {
            if (t.topicName.equals(topicName)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown topic: " + topicName);
    }
}
