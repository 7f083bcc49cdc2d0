package io.appfleet.adapter.fleet;

import com.google.protobuf.Timestamp;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.DeviceCommand;
import io.appfleet.proto.fleet.v1.DeviceRefresh;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeviceCommandsTest {

    private final FleetView view = new FleetView();
    private final List<String> queued = new ArrayList<>();
    private final DeviceCommands commands = new DeviceCommands(view, new FleetListener() {
        @Override
        public void deviceChanged(String deviceId, ReconcileTrigger trigger) {
            queued.add(deviceId + ":" + trigger);
        }

        @Override
        public void devicesReleased(Set<String> deviceIds) {
        }
    });

    @Test
    void aRefreshOfAnOwnedDeviceIsQueuedAsAManualPass() {
        view.putDevice("sw-1", device("sw-1"));
        assertThat(commands.handle(0, refresh("sw-1"), true)).isEqualTo(DeviceCommands.Outcome.QUEUED);
        assertThat(queued).containsExactly("sw-1:RECONCILE_TRIGGER_MANUAL");
        assertThat(commands.queued()).isEqualTo(1);
    }

    @Test
    void aRefreshOfADeviceInventoryDoesNotKnowIsReportedOnceAndNotQueued() {
        // Desired state alone does not make a device: inventory has to know it.
        view.putDesired("ghost", DesiredDeviceState.newBuilder().setDeviceId("ghost").setGeneration(1).build());
        assertThat(commands.handle(0, refresh("ghost"), true)).isEqualTo(DeviceCommands.Outcome.UNKNOWN_DEVICE);
        assertThat(commands.handle(0, refresh("nobody"), true)).isEqualTo(DeviceCommands.Outcome.UNKNOWN_DEVICE);
        assertThat(queued).isEmpty();
        assertThat(commands.unknownDevice()).isEqualTo(2);
        assertThat(commands.heldCount()).isZero();
    }

    @Test
    void duringTheCatchUpCommandsAreHeldAndDecidedOnceCaughtUp() {
        assertThat(commands.handle(1, refresh("sw-late"), false)).isEqualTo(DeviceCommands.Outcome.HELD);
        assertThat(commands.handle(1, refresh("nobody"), false)).isEqualTo(DeviceCommands.Outcome.HELD);
        assertThat(queued).isEmpty();
        view.putDevice("sw-late", device("sw-late")); // read later in the same catch-up

        assertThat(commands.caughtUp()).containsExactly(DeviceCommands.Outcome.QUEUED, DeviceCommands.Outcome.UNKNOWN_DEVICE);
        assertThat(queued).containsExactly("sw-late:RECONCILE_TRIGGER_MANUAL");
        assertThat(commands.heldCount()).isZero();
        assertThat(commands.caughtUp()).isEmpty();
    }

    @Test
    void commandsHeldForReleasedPartitionsAreForgotten() {
        view.putDevice("sw-1", device("sw-1"));
        view.putDevice("sw-2", device("sw-2"));
        commands.handle(0, refresh("sw-1"), false);
        commands.handle(2, refresh("sw-2"), false);
        commands.released(Set.of(2));
        assertThat(commands.caughtUp()).containsExactly(DeviceCommands.Outcome.QUEUED);
        assertThat(queued).containsExactly("sw-1:RECONCILE_TRIGGER_MANUAL");
    }

    @Test
    void heldCommandsAreBounded() {
        for (int i = 0; i < DeviceCommands.MAX_HELD; i++) {
            commands.handle(0, refresh("sw-" + i), false);
        }
        assertThat(commands.handle(0, refresh("one-too-many"), false)).isEqualTo(DeviceCommands.Outcome.DROPPED);
        assertThat(commands.heldCount()).isEqualTo(DeviceCommands.MAX_HELD);
    }

    @Test
    void aRecordOfTheCommandsTopicDecodesOrSaysWhyNot() throws Exception {
        assertThat(FleetConsumer.command(record("sw-1", refresh("sw-1").toByteArray()), "sw-1")).isEqualTo(refresh("sw-1"));

        assertThatThrownBy(() -> FleetConsumer.command(record("sw-1", null), "sw-1"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("tombstone");
        assertThatThrownBy(() -> FleetConsumer.command(record("sw-1", refresh("sw-9").toByteArray()), "sw-1"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("differs from the key");
        byte[] noCommand = refresh("sw-1").toBuilder().clearCommand().build().toByteArray();
        assertThatThrownBy(() -> FleetConsumer.command(record("sw-1", noCommand), "sw-1"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("no command this adapter knows");
        assertThatThrownBy(() -> FleetConsumer.command(record("sw-1", new byte[] {(byte) 0xff, 0x01}), "sw-1"))
                .isInstanceOf(RecordDecoder.Undecodable.class).hasMessageContaining("not a fleet.v1.DeviceCommand");
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("fleet.device-commands.v1", 0, 0L, key.getBytes(StandardCharsets.UTF_8), value);
    }

    private static DeviceCommand refresh(String id) {
        return DeviceCommand.newBuilder().setDeviceId(id).setRequestId("req-" + id).setRequestedBy("adapter-b")
                .setRequestedAt(Timestamp.newBuilder().setSeconds(1_764_900_000L))
                .setRefresh(DeviceRefresh.getDefaultInstance()).build();
    }

    private static Device device(String id) {
        return Device.newBuilder().setId(id).setPlatform(Platform.PLATFORM_IOSXE).setHost("127.0.0.1").setGeneration(1).build();
    }
}
