package io.appfleet.platform.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.appfleet.proto.fleet.v1.Device;

class RecordDecoderTest {

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("fleet.inventory.v1", 0, 7, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value);
    }

    @Test
    void decodesKeyAndValue() throws Exception {
        ConsumerRecord<byte[], byte[]> r = record("sw-1", Device.newBuilder().setId("sw-1").build().toByteArray());
        r.headers().add(CloudEventHeaders.H_SPEC_VERSION, "1.0".getBytes(StandardCharsets.UTF_8));
        r.headers().add(CloudEventHeaders.H_CONTENT_TYPE, "application/protobuf".getBytes(StandardCharsets.UTF_8));
        assertThat(RecordDecoder.key(r)).isEqualTo("sw-1");
        assertThat(RecordDecoder.value(r, Device.parser(), "fleet.v1.Device").getId()).isEqualTo("sw-1");
    }

    @Test
    void aTombstoneIsNull() throws Exception {
        assertThat(RecordDecoder.value(record("sw-1", null), Device.parser(), "fleet.v1.Device")).isNull();
    }

    @Test
    void refusesWhatItCannotRead() {
        assertThatThrownBy(() -> RecordDecoder.key(record(null, new byte[0])))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("no key");
        assertThatThrownBy(() -> RecordDecoder.key(record("", new byte[0])))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("no key");

        ConsumerRecord<byte[], byte[]> garbage = record("sw-1", "not protobuf \u00ff".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> RecordDecoder.value(garbage, Device.parser(), "fleet.v1.Device"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageStartingWith("not a fleet.v1.Device: ")
                .hasCauseInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class);

        ConsumerRecord<byte[], byte[]> json = record("sw-1", "{}".getBytes(StandardCharsets.UTF_8));
        json.headers().add(CloudEventHeaders.H_CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RecordDecoder.value(json, Device.parser(), "fleet.v1.Device"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("content-type application/json");

        ConsumerRecord<byte[], byte[]> v2 = record("sw-1", null);
        v2.headers().add(CloudEventHeaders.H_SPEC_VERSION, "2.0".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> RecordDecoder.value(v2, Device.parser(), "fleet.v1.Device"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("ce_specversion=2.0");
    }

    @Test
    void aValueNamingAnotherDeviceIsRefused() throws Exception {
        RecordDecoder.checkKey("sw-1", "sw-1");
        assertThatThrownBy(() -> RecordDecoder.checkKey("sw-1", "sw-2"))
                .isInstanceOf(RecordDecoder.Undecodable.class)
                .hasMessage("the value's device id 'sw-2' differs from the key 'sw-1'");
    }
}
