package io.appfleet.drivers.ssh;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ReplyBufferTest {

    @Test
    void aLongReplyArrivesWholeAndLeavesNoLargeBufferBehindOnAnIdleSession() {
        ReplyBuffer b = new ReplyBuffer();
        byte[] table = "x".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
        for (int off = 0; off < table.length; off += 1500) {
            b.write(table, off, Math.min(1500, table.length - off));
        }
        assertThat(b.since(0)).isEqualTo(table);
        assertThat(b.since(9_990)).hasSize(10);
        assertThat(b.capacity()).isGreaterThanOrEqualTo(10_000);

        b.clear();
        assertThat(b.since(0)).isEmpty();
        assertThat(b.capacity()).as("what an idle session keeps").isLessThanOrEqualTo(4 * 1024);

        b.write('#');
        assertThat(b.since(0)).containsExactly('#');
    }
}
