package io.appfleet.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class CloudEventHeadersTest {

    @Test
    void roundTripsInBinaryMode() {
        Instant t = Instant.parse("2026-11-23T10:15:30.123Z");
        RecordHeaders headers = new RecordHeaders();
        CloudEventHeaders ce = new CloudEventHeaders("id-1", "io.appfleet.device.upserted", "/appfleet/inventory", t,
                "sw1");
        ce.writeTo(headers, true);
        assertThat(CloudEventHeaders.get(headers, "ce_specversion")).isEqualTo("1.0");
        assertThat(CloudEventHeaders.get(headers, "ce_time")).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(CloudEventHeaders.get(headers, "content-type")).isEqualTo("application/protobuf");
        assertThat(CloudEventHeaders.readFrom(headers)).isEqualTo(ce);
    }

    @Test
    void tombstoneHasNoContentTypeAndMissingAttributesFail() {
        RecordHeaders headers = new RecordHeaders();
        new CloudEventHeaders("id", "t", "/s", Instant.now(), null).writeTo(headers, false);
        assertThat(headers.lastHeader("content-type")).isNull();
        headers.remove("ce_type");
        assertThatThrownBy(() -> CloudEventHeaders.readFrom(headers)).hasMessageContaining("ce_type");
        assertThatThrownBy(() -> CloudEventHeaders.readFrom(new RecordHeaders())).hasMessageContaining("specversion");
    }

    @Test
    void topicsHaveTheContractSettings() {
        assertThat(Topic.INVENTORY.config()).containsEntry("cleanup.policy", "compact");
        assertThat(Topic.EVENTS.config()).containsEntry("retention.ms", String.valueOf(7L * 24 * 3600 * 1000));
        assertThat(Topic.TELEMETRY.config()).containsEntry("retention.ms", String.valueOf(24L * 3600 * 1000));
        assertThat(Topic.OBSERVED.deadLetterTopicName()).isEqualTo("fleet.observed.v1.dlq");
        assertThat(Topic.byName("fleet.desired.v1")).isEqualTo(Topic.DESIRED);
    }
}
