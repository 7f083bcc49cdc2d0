package io.appfleet.platform.kafka;

import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordDecoderTest {

    private static final Device DEVICE = Device.newBuilder().setId("d1").setPlatform(Platform.PLATFORM_IOSXE).setGeneration(2).build();

    @Test
    void aRecordWrittenByAFleetServiceDecodes() throws Exception {
        ConsumerRecord<byte[], byte[]> r = record("d1", DEVICE.toByteArray());
        new CloudEventHeaders("e1", "io.appfleet.inventory.device", "/inventory", Instant.now(), "d1").writeTo(r.headers(), true);
        assertThat(RecordDecoder.key(r)).isEqualTo("d1");
        assertThat(RecordDecoder.value(r, Device.parser(), "fleet.v1.Device")).isEqualTo(DEVICE);
    }

    @Test
    void aRecordWithoutCloudEventsHeadersIsReadAsProtobuf() throws Exception {
        assertThat(RecordDecoder.value(record("d1", DEVICE.toByteArray()), Device.parser(), "fleet.v1.Device")).isEqualTo(DEVICE);
    }

    @Test
    void aContentTypeWithParametersIsStillProtobuf() throws Exception {
        ConsumerRecord<byte[], byte[]> r = record("d1", DEVICE.toByteArray());
        header(r, CloudEventHeaders.H_CONTENT_TYPE, "application/protobuf; proto=fleet.v1.Device");
        assertThat(RecordDecoder.value(r, Device.parser(), "fleet.v1.Device")).isEqualTo(DEVICE);
    }

    @Test
    void aTombstoneDecodesToNull() throws Exception {
        ConsumerRecord<byte[], byte[]> r = record("d1", null);
        new CloudEventHeaders("e1", "io.appfleet.inventory.device", "/inventory", Instant.now(), "d1").writeTo(r.headers(), false);
        assertThat(RecordDecoder.value(r, Device.parser(), "fleet.v1.Device")).isNull();
    }

    @Test
    void aRecordWithoutKeyIsRefusedWithTheReason() {
        assertThatThrownBy(() -> RecordDecoder.key(new ConsumerRecord<>("fleet.inventory.v1", 0, 0, null, DEVICE.toByteArray())))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessage("record has no key (the device id)");
        assertThatThrownBy(() -> RecordDecoder.key(record("", DEVICE.toByteArray())))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessage("record has no key (the device id)");
    }

    @Test
    void aKeyThatIsNotUtf8IsRefusedNotGarbled() {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("fleet.inventory.v1", 0, 0,
                new byte[] {'d', (byte) 0xc3, (byte) 0x28}, DEVICE.toByteArray());
        assertThatThrownBy(() -> RecordDecoder.key(r)).isInstanceOf(RecordDecoder.Undecodable.class)
                .hasMessage("record key is not UTF-8 text (the device id)");
    }

    @Test
    void anotherCloudEventsVersionIsRefusedEvenForATombstone() {
        ConsumerRecord<byte[], byte[]> r = record("d1", DEVICE.toByteArray());
        header(r, CloudEventHeaders.H_SPEC_VERSION, "2.0");
        assertThatThrownBy(() -> RecordDecoder.value(r, Device.parser(), "fleet.v1.Device"))
                .isInstanceOf(RecordDecoder.Undecodable.class)
                .hasMessage("unknown CloudEvents version ce_specversion=2.0 (this consumer reads 1.0)");

        ConsumerRecord<byte[], byte[]> tombstone = record("d1", null);
        header(tombstone, CloudEventHeaders.H_SPEC_VERSION, "0.3");
        assertThatThrownBy(() -> RecordDecoder.value(tombstone, Device.parser(), "fleet.v1.Device"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("ce_specversion=0.3");
    }

    @Test
    void anotherContentTypeIsRefusedWithTheReason() {
        for (String type : new String[] {"application/json", "application/protobuf-json", "text/plain"}) {
            ConsumerRecord<byte[], byte[]> r = record("d1", DEVICE.toByteArray());
            header(r, CloudEventHeaders.H_CONTENT_TYPE, type);
            assertThatThrownBy(() -> RecordDecoder.value(r, Device.parser(), "fleet.v1.Device")).as(type)
                    .isInstanceOf(RecordDecoder.Undecodable.class)
                    .hasMessage("unknown content-type " + type + " (expected application/protobuf)");
        }
    }

    @Test
    void bytesThatAreNotTheExpectedMessageAreRefusedWithTheTypeAndTheCause() {
        ConsumerRecord<byte[], byte[]> r = record("d1", new byte[] {(byte) 0xff, 0x01, 0x02, 0x03});
        assertThatThrownBy(() -> RecordDecoder.value(r, DesiredDeviceState.parser(), "fleet.v1.DesiredDeviceState"))
                .isInstanceOf(RecordDecoder.Undecodable.class)
                .hasMessageStartingWith("not a fleet.v1.DesiredDeviceState: ")
                .hasCauseInstanceOf(com.google.protobuf.InvalidProtocolBufferException.class);
    }

    @Test
    void aValueNamingAnotherDeviceThanItsKeyIsRefused() throws Exception {
        RecordDecoder.checkKey("d1", "d1");
        assertThatThrownBy(() -> RecordDecoder.checkKey("d1", "d2")).isInstanceOf(RecordDecoder.Undecodable.class)
                .hasMessage("the value's device id 'd2' differs from the key 'd1'");
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("fleet.inventory.v1", 0, 42, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static void header(ConsumerRecord<byte[], byte[]> r, String name, String value) {
        r.headers().remove(name);
        r.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
