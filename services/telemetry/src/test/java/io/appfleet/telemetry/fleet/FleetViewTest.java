package io.appfleet.telemetry.fleet;

import static io.appfleet.telemetry.fleet.FleetFixtures.app;
import static io.appfleet.telemetry.fleet.FleetFixtures.desired;
import static io.appfleet.telemetry.fleet.FleetFixtures.device;
import static io.appfleet.telemetry.fleet.FleetFixtures.observed;
import static io.appfleet.telemetry.fleet.FleetFixtures.rollout;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.SyncStatus;

class FleetViewTest {

    private static final Instant T = Instant.parse("2025-03-01T12:00:00Z");
    private static final AdminState MANAGED = AdminState.ADMIN_STATE_MANAGED;

    private FleetView view;

    /**
     * sw1 iosxe ams access, synced healthy, two apps (one unmanaged); sw2 iosxe fra core, unreachable;
     * xr1 iosxr ams, out of sync degraded; inf1 infix, no site, in maintenance, never observed.
     */
    @BeforeEach
    void fleet() {
        view = new FleetView();
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE, "ams", Map.of("role", "access"), MANAGED, 1));
        view.putDevice("sw2", device("sw2", Platform.PLATFORM_IOSXE, "fra", Map.of("role", "core"), MANAGED, 1));
        view.putDevice("xr1", device("xr1", Platform.PLATFORM_IOSXR, "ams", Map.of("role", "edge"), MANAGED, 1));
        view.putDevice("inf1", device("inf1", Platform.PLATFORM_INFIX, "", Map.of(), AdminState.ADMIN_STATE_MAINTENANCE,
                1));
        view.putObserved("sw1", observed("sw1", Reachability.REACHABILITY_REACHABLE, SyncStatus.SYNC_STATUS_SYNCED,
                HealthStatus.HEALTH_STATUS_HEALTHY, T,
                app("perfsonar", true, ObservedAppState.OBSERVED_APP_STATE_RUNNING, HealthStatus.HEALTH_STATUS_HEALTHY),
                app("legacy", false, ObservedAppState.OBSERVED_APP_STATE_STOPPED, HealthStatus.HEALTH_STATUS_UNKNOWN)));
        view.putObserved("sw2", observed("sw2", Reachability.REACHABILITY_UNREACHABLE, SyncStatus.SYNC_STATUS_UNKNOWN,
                HealthStatus.HEALTH_STATUS_UNKNOWN, T));
        view.putObserved("xr1", observed("xr1", Reachability.REACHABILITY_REACHABLE, SyncStatus.SYNC_STATUS_OUT_OF_SYNC,
                HealthStatus.HEALTH_STATUS_DEGRADED, T,
                app("iperf", true, ObservedAppState.OBSERVED_APP_STATE_ERROR, HealthStatus.HEALTH_STATUS_DEGRADED)));
        view.putDesired("sw1", desired("sw1", 2, Map.of("perfsonar", DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        view.putDesired("xr1", desired("xr1", 2, Map.of("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING,
                "probe", DesiredAppState.DESIRED_APP_STATE_STOPPED)));
    }

    @Test
    void summaryCountsEveryDeviceOnceAndUnobservedAsUnknown() {
        FleetSummary s = view.summary();
        assertThat(s.devices()).isEqualTo(4);
        assertThat(s.bySync()).containsEntry("synced", 1L).containsEntry("out_of_sync", 1L)
                .containsEntry("unknown", 2L);
        assertThat(s.byHealth()).containsEntry("healthy", 1L).containsEntry("degraded", 1L)
                .containsEntry("unknown", 2L).containsEntry("missing", 0L);
        assertThat(s.byReachability()).containsEntry("reachable", 2L).containsEntry("unreachable", 1L)
                .containsEntry("unknown", 1L).containsEntry("auth_failed", 0L);
        assertThat(s.byPlatform()).containsEntry("iosxe", 2L).containsEntry("iosxr", 1L).containsEntry("infix", 1L);
        assertThat(s.apps()).isEqualTo(3);
        assertThat(s.appsByState()).containsEntry("running", 1L).containsEntry("stopped", 1L)
                .containsEntry("error", 1L).containsEntry("installing", 0L);
        assertThat(s.rollouts()).isZero();
        assertThat(s.rolloutsByState()).containsOnlyKeys("progressing", "paused", "succeeded", "aborted",
                "rolledback");
        assertThat(s.ready()).as("no topic has been read").isFalse();
    }

    @Test
    void decommissionedAndDeletedDevicesLeaveTheViewMaintenanceStays() {
        view.putDevice("sw2", device("sw2", Platform.PLATFORM_IOSXE, "fra", Map.of(), AdminState.ADMIN_STATE_DECOMMISSIONED,
                2));
        view.putDevice("xr1", null);
        assertThat(view.summary().devices()).isEqualTo(2);
        assertThat(ids(view.devices(DeviceFilter.ALL, 0, 100))).containsExactly("inf1", "sw1");
        assertThat(view.device("sw2")).isEmpty();
        assertThat(view.device("inf1")).get().extracting(DeviceDetail::adminState).isEqualTo("maintenance");
        // their observed state is still held, but no longer counts
        assertThat(view.summary().bySync()).containsEntry("out_of_sync", 0L);
    }

    @Test
    void olderRecordsThanTheOnesHeldAreIgnored() {
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE, "ams", Map.of("role", "core"), MANAGED, 5));
        view.putDevice("sw1", device("sw1", Platform.PLATFORM_IOSXE, "ams", Map.of("role", "old"), MANAGED, 4));
        assertThat(view.device("sw1").orElseThrow().labels()).containsEntry("role", "core");

        view.putObserved("sw1", observed("sw1", Reachability.REACHABILITY_UNREACHABLE, SyncStatus.SYNC_STATUS_UNKNOWN,
                HealthStatus.HEALTH_STATUS_UNKNOWN, T.minusSeconds(60)));
        assertThat(view.device("sw1").orElseThrow().reachability()).isEqualTo("reachable");

        view.putDesired("xr1", desired("xr1", 1, Map.of()));
        assertThat(view.device("xr1").orElseThrow().desiredGeneration()).isEqualTo(2);

        view.putRollout("web", rollout("web", RolloutState.ROLLOUT_STATE_PAUSED, 2, 7));
        view.putRollout("web", rollout("web", RolloutState.ROLLOUT_STATE_PROGRESSING, 1, 6));
        assertThat(view.rollout("web").orElseThrow().state()).isEqualTo("paused");
    }

    @Test
    void filtersByPlatformSiteSelectorAndStatuses() {
        assertThat(ids(view.devices(DeviceFilter.of("iosxe", null, null, null, null, null), 0, 10)))
                .containsExactly("sw1", "sw2");
        assertThat(ids(view.devices(DeviceFilter.of(null, "ams", null, null, null, null), 0, 10)))
                .containsExactly("sw1", "xr1");
        assertThat(ids(view.devices(DeviceFilter.of(null, "unknown", null, null, null, null), 0, 10)))
                .as("a device without site").containsExactly("inf1");
        assertThat(ids(view.devices(DeviceFilter.of(null, null, "role in (access,edge)", null, null, null), 0, 10)))
                .containsExactly("sw1", "xr1");
        assertThat(ids(view.devices(DeviceFilter.of(null, null, "site=ams,role!=edge", null, null, null), 0, 10)))
                .as("site is a label for selectors").containsExactly("sw1");
        assertThat(ids(view.devices(DeviceFilter.of(null, null, null, "unknown", null, null), 0, 10)))
                .as("never observed counts as unknown").containsExactly("inf1", "sw2");
        assertThat(ids(view.devices(DeviceFilter.of(null, null, null, null, "degraded", null), 0, 10)))
                .containsExactly("xr1");
        assertThat(ids(view.devices(DeviceFilter.of("iosxe", null, null, null, null, "unreachable"), 0, 10)))
                .containsExactly("sw2");
    }

    @Test
    void badFiltersAndPagesAreRefusedNamingTheParameter() {
        assertThatThrownBy(() -> DeviceFilter.of("nxos", null, null, null, null, null))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("platform")
                .hasMessageContaining("iosxe, iosxr, infix");
        assertThatThrownBy(() -> DeviceFilter.of(null, null, "role in (", null, null, null))
                .isInstanceOf(InvalidQueryException.class).extracting(e -> ((InvalidQueryException) e).field())
                .isEqualTo("selector");
        assertThatThrownBy(() -> DeviceFilter.of(null, null, null, "Synced", null, null))
                .isInstanceOf(InvalidQueryException.class).hasMessageContaining("synced");
        assertThatThrownBy(() -> view.devices(DeviceFilter.ALL, -1, 10)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("offset");
        assertThatThrownBy(() -> view.devices(DeviceFilter.ALL, 0, 0)).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("limit");
    }

    @Test
    void pagesAreStableInIdOrderWithTheTotal() {
        for (int i = 0; i < 25; i++) {
            String id = String.format("p%02d", 24 - i);
            view.putDevice(id, device(id, Platform.PLATFORM_INFIX, "lab", Map.of("pool", "p"), MANAGED, 1));
        }
        DeviceFilter pool = DeviceFilter.of(null, null, "pool=p", null, null, null);
        Page<DeviceSummary> first = view.devices(pool, 0, 10);
        Page<DeviceSummary> last = view.devices(pool, 20, 10);
        assertThat(first.total()).isEqualTo(25);
        assertThat(ids(first)).startsWith("p00", "p01").hasSize(10).last().isEqualTo("p09");
        assertThat(ids(last)).containsExactly("p20", "p21", "p22", "p23", "p24");
        assertThat(view.devices(pool, 30, 10).items()).isEmpty();
        assertThat(view.devices(pool, 30, 10).total()).isEqualTo(25);
    }

    @Test
    void deviceShowsObservedAndDesiredAppsAndTheLastError() {
        DeviceDetail xr = view.device("xr1").orElseThrow();
        assertThat(xr.platform()).isEqualTo("iosxr");
        assertThat(xr.transport()).isEqualTo("ssh_cli");
        assertThat(xr.apps()).extracting(AppDetail::appId).containsExactly("iperf", "probe");
        AppDetail iperf = xr.apps().get(0);
        assertThat(iperf.state()).isEqualTo("error");
        assertThat(iperf.desiredState()).isEqualTo("running");
        AppDetail probe = xr.apps().get(1);
        assertThat(probe.state()).as("desired, not reported by the device").isEqualTo("unknown");
        assertThat(probe.desiredState()).isEqualTo("stopped");

        DeviceDetail sw2 = view.device("sw2").orElseThrow();
        assertThat(sw2.lastError().code()).isEqualTo("DEVICE_UNREACHABLE");
        assertThat(view.device("inf1").orElseThrow().observedAt()).isNull();
        assertThat(view.device("nope")).isEmpty();

        DeviceSummary sw1 = view.devices(DeviceFilter.of(null, null, "role=access", null, null, null), 0, 1).items()
                .get(0);
        assertThat(sw1.apps()).isEqualTo(2);
        assertThat(sw1.appsRunning()).isEqualTo(1);
    }

    @Test
    void rolloutsWithTheirWavesAndTombstones() {
        view.putRollout("web", rollout("web", RolloutState.ROLLOUT_STATE_PROGRESSING, 2, 1));
        view.putRollout("dns", rollout("dns", RolloutState.ROLLOUT_STATE_ROLLED_BACK, 2, 1));
        assertThat(view.rollouts()).extracting(RolloutInfo::deployment).containsExactly("dns", "web");
        RolloutInfo web = view.rollout("web").orElseThrow();
        assertThat(web.waveCount()).isEqualTo(3);
        assertThat(web.stableRevision()).isEqualTo(3L);
        assertThat(web.waves().get(1)).isEqualTo(new RolloutInfo.WaveInfo(2, 8, 6, 3, 1, 2, "open",
                Instant.parse("2025-01-01T09:06:00Z"), null));
        assertThat(web.pending()).isEqualTo(12);
        assertThat(view.summary().rolloutsByState()).containsEntry("progressing", 1L).containsEntry("rolledback", 1L);

        view.putRollout("dns", null);
        assertThat(view.rollout("dns")).isEmpty();
        assertThat(view.summary().rollouts()).isEqualTo(1);
    }

    @Test
    void readyOnceEveryExpectedTopicCaughtUp() {
        view.expect("a");
        view.expect("b");
        view.markCaughtUp("a");
        assertThat(view.ready()).isFalse();
        view.markCaughtUp("b");
        assertThat(view.ready()).isTrue();
    }

    private static List<String> ids(Page<DeviceSummary> page) {
        return page.items().stream().map(DeviceSummary::id).toList();
    }
}
