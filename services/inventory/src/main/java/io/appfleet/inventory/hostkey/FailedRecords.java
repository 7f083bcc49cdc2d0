package io.appfleet.inventory.hostkey;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Whether a record whose pin could not be stored is tried again or dead-lettered. A database
 * outage is not the record's fault: it is retried for as long as the outage lasts. A record that
 * keeps failing against a working database is dead-lettered after {@code maxAttempts}, so one
 * bad record cannot stall its partition.
 */
final class FailedRecords {

    enum Action { RETRY, DEAD_LETTER }

    private final int maxAttempts;
    private String topic;
    private int partition = -1;
    private long offset = -1;
    private int attempts;

    FailedRecords(int maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    Action failed(ConsumerRecord<?, ?> r, boolean storeReachable) {
        if (!storeReachable) {
            return Action.RETRY;
        }
        if (r.topic().equals(topic) && r.partition() == partition && r.offset() == offset) {
            attempts++;
        } else {
            topic = r.topic();
            partition = r.partition();
            offset = r.offset();
            attempts = 1;
        }
        return attempts >= maxAttempts ? Action.DEAD_LETTER : Action.RETRY;
    }

    /** Attempts against a working database so far for the record that failed last. */
    int attempts() {
        return attempts;
    }

    /** The record that failed is done with (or the partitions moved): start counting afresh. */
    void clear() {
        topic = null;
        partition = -1;
        offset = -1;
        attempts = 0;
    }
}
