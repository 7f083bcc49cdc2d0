package io.appfleet.inventory.hostkey;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.appfleet.inventory.hostkey.FailedRecords.Action;

class FailedRecordsTest {

    private static ConsumerRecord<byte[], byte[]> at(int partition, long offset) {
        return new ConsumerRecord<>("fleet.observed.v1", partition, offset, null, null);
    }

    @Test
    void aRecordFailingAgainstAWorkingDatabaseIsDeadLetteredAtTheLastAttempt() {
        FailedRecords f = new FailedRecords(3);
        assertThat(f.failed(at(0, 5), true)).isEqualTo(Action.RETRY);
        assertThat(f.failed(at(0, 5), true)).isEqualTo(Action.RETRY);
        assertThat(f.failed(at(0, 5), true)).isEqualTo(Action.DEAD_LETTER);
        assertThat(f.attempts()).isEqualTo(3);
    }

    @Test
    void aDatabaseOutageNeverDeadLetters() {
        FailedRecords f = new FailedRecords(3);
        for (int i = 0; i < 100; i++) {
            assertThat(f.failed(at(0, 5), false)).isEqualTo(Action.RETRY);
        }
        assertThat(f.attempts()).isZero();
        assertThat(f.failed(at(0, 5), true)).as("the count starts once the database answers").isEqualTo(Action.RETRY);
    }

    @Test
    void anotherRecordOrAClearStartsCountingAfresh() {
        FailedRecords f = new FailedRecords(2);
        assertThat(f.failed(at(0, 5), true)).isEqualTo(Action.RETRY);
        assertThat(f.failed(at(1, 5), true)).as("another partition").isEqualTo(Action.RETRY);
        assertThat(f.failed(at(1, 6), true)).as("another offset").isEqualTo(Action.RETRY);
        f.clear();
        assertThat(f.failed(at(1, 6), true)).isEqualTo(Action.RETRY);
        assertThat(f.failed(at(1, 6), true)).isEqualTo(Action.DEAD_LETTER);
    }
}
