package io.appfleet.adapter.fleet;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import com.google.protobuf.Timestamp;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class FleetViewTest {

    private final FleetView view = new FleetView();

    @Test
    void inventoryAndDesiredArriveInEitherOrderAndJoinOnTheDeviceId() {
        assertThat(view.putDesired("d1", desired("d1", 1, "iperf"))).isTrue();
        assertThat(view.get("d1")).hasValueSatisfying(e -> {
            assertThat(e.device()).isNull();
            assertThat(e.desired().getGeneration()).isEqualTo(1);
        });
        assertThat(view.putDevice("d1", device("d1", 1))).isTrue();
        assertThat(view.putDevice("d2", device("d2", 1))).isTrue();

        DeviceEntry e = view.get("d1").orElseThrow();
        assertThat(e.device()).isEqualTo(device("d1", 1));
        assertThat(e.desired()).isEqualTo(desired("d1", 1, "iperf"));
        assertThat(e.managedApps()).containsExactly("iperf");
        assertThat(view.get("d2").orElseThrow().desired()).isNull();
        assertThat(view.ids()).containsExactlyInAnyOrder("d1", "d2");
        assertThat(view.size()).isEqualTo(2);
    }

    @Test
    void anObservationMakesItsManagedAppsManagedAndIsRecalledForThemOnly() {
        view.putDevice("d1", device("d1", 1));
        view.putObserved("d1", ObservedDeviceState.newBuilder().setDeviceId("d1")
                .addApps(ObservedApp.newBuilder().setAppId("iperf").setManaged(true)
                        .setState(ObservedAppState.OBSERVED_APP_STATE_RUNNING)
                        .setStateSince(Timestamp.newBuilder().setSeconds(1_700_000_000L))
                        .setAppliedConfigDigest("d1").setInstalledPackageSha256("a".repeat(64)))
                .addApps(ObservedApp.newBuilder().setAppId("foreign").setManaged(false)
                        .setState(ObservedAppState.OBSERVED_APP_STATE_RUNNING))
                .build());

        DeviceEntry e = view.get("d1").orElseThrow();
        assertThat(e.managedApps()).containsExactly("iperf");
        assertThat(e.recalled()).containsOnlyKeys("iperf");
        assertThat(e.recalled().get("iperf")).isEqualTo(new RecalledApp(ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                Instant.ofEpochSecond(1_700_000_000L), "d1", "a".repeat(64)));

        view.putDesired("d1", desired("d1", 2, "iperf"));
        assertThat(view.get("d1").orElseThrow().recalled()).as("kept beside the other records").containsOnlyKeys("iperf");
    }

    @Test
    void aReplayedOrDuplicateRecordChangesNothing() {
        view.putDevice("d1", device("d1", 3));
        view.putDesired("d1", desired("d1", 5, "iperf"));
        assertThat(view.putDevice("d1", device("d1", 3))).isFalse();
        assertThat(view.putDesired("d1", desired("d1", 5, "iperf"))).isFalse();
    }

    @Test
    void recordsOlderThanTheOneHeldAreIgnored() {
        view.putDevice("d1", device("d1", 3));
        view.putDesired("d1", desired("d1", 5, "iperf"));

        assertThat(view.putDevice("d1", device("d1", 2).toBuilder().setHost("10.9.9.9").build())).isFalse();
        assertThat(view.putDesired("d1", desired("d1", 4, "other"))).isFalse();

        DeviceEntry e = view.get("d1").orElseThrow();
        assertThat(e.device().getGeneration()).isEqualTo(3);
        assertThat(e.device().getHost()).isEqualTo("10.0.0.1");
        assertThat(e.desired().getGeneration()).isEqualTo(5);
        assertThat(e.managedApps()).as("an ignored record adds no managed app").containsExactly("iperf");
    }

    @Test
    void newerRecordsReplaceTheHeldOnes() {
        view.putDevice("d1", device("d1", 3));
        view.putDesired("d1", desired("d1", 5, "iperf"));
        assertThat(view.putDevice("d1", device("d1", 4).toBuilder().setAdminState(AdminState.ADMIN_STATE_MAINTENANCE).build())).isTrue();
        assertThat(view.putDesired("d1", desired("d1", 6, "probe"))).isTrue();
        DeviceEntry e = view.get("d1").orElseThrow();
        assertThat(e.device().getAdminState()).isEqualTo(AdminState.ADMIN_STATE_MAINTENANCE);
        assertThat(e.desired().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("probe");
        assertThat(e.managedApps()).as("iperf left the list but is still appfleet's to remove")
                .containsExactlyInAnyOrder("iperf", "probe");
    }

    @Test
    void aTombstoneDropsOneSideAndKeepsTheOther() {
        view.putDevice("d1", device("d1", 3));
        view.putDesired("d1", desired("d1", 5, "iperf"));

        assertThat(view.putDevice("d1", null)).isTrue();
        DeviceEntry e = view.get("d1").orElseThrow();
        assertThat(e.device()).isNull();
        assertThat(e.desired()).isNotNull();

        assertThat(view.putDevice("d1", device("d1", 1))).as("a re-created device starts its generations anew").isTrue();
        assertThat(view.get("d1").orElseThrow().device().getGeneration()).isEqualTo(1);
    }

    @Test
    void whenBothRecordsAreTombstonedTheDeviceIsForgotten() {
        view.putDevice("d1", device("d1", 3));
        view.putDesired("d1", desired("d1", 5, "iperf"));
        view.addManaged("d1", Set.of("old"));

        assertThat(view.putDesired("d1", null)).isTrue();
        assertThat(view.get("d1")).isPresent();
        assertThat(view.putDevice("d1", null)).isTrue();

        assertThat(view.get("d1")).isEmpty();
        assertThat(view.ids()).isEmpty();
        assertThat(view.size()).isZero();
    }

    @Test
    void aTombstoneInTheOtherOrderForgetsTheDeviceToo() {
        view.putDevice("d1", device("d1", 3));
        view.putDesired("d1", desired("d1", 5, "iperf"));
        view.putDevice("d1", null);
        view.putDesired("d1", null);
        assertThat(view.size()).isZero();
    }

    @Test
    void aTombstoneForADeviceNeverSeenLeavesNothingBehind() {
        assertThat(view.putDevice("ghost", null)).isFalse();
        assertThat(view.putDesired("ghost", null)).isFalse();
        assertThat(view.size()).isZero();
    }

    @Test
    void managedAppsReadBackFromObservedStateAreKeptUntilForgotten() {
        view.addManaged("d1", Set.of("old", "iperf"));
        view.addManaged("d1", Set.of());
        view.putDevice("d1", device("d1", 1));
        assertThat(view.get("d1").orElseThrow().managedApps()).containsExactlyInAnyOrder("old", "iperf");

        view.forgetManaged("d1", Set.of("old"));
        assertThat(view.get("d1").orElseThrow().managedApps()).containsExactly("iperf");
        view.forgetManaged("unknown", Set.of("x"));
        assertThat(view.get("unknown")).isEmpty();
    }

    @Test
    void removeForgetsADeviceThisInstanceNoLongerOwns() {
        view.putDevice("d1", device("d1", 1));
        view.remove("d1");
        assertThat(view.get("d1")).isEmpty();
    }

    private static Device device(String id, long generation) {
        return Device.newBuilder().setId(id).setGeneration(generation).setPlatform(Platform.PLATFORM_IOSXE).setHost("10.0.0.1")
                .setAdminState(AdminState.ADMIN_STATE_MANAGED).build();
    }

    private static DesiredDeviceState desired(String id, long generation, String... apps) {
        DesiredDeviceState.Builder b = DesiredDeviceState.newBuilder().setDeviceId(id).setGeneration(generation);
        for (String a : apps) {
            b.addApps(DesiredApp.newBuilder().setAppId(a));
        }
        return b.build();
    }
}
