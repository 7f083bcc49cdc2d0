package io.appfleet.adapter.reconcile;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.DeviceSettings;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.SyncStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.appfleet.proto.fleet.v1.HealthStatus.HEALTH_STATUS_DEGRADED;
import static io.appfleet.proto.fleet.v1.HealthStatus.HEALTH_STATUS_HEALTHY;
import static io.appfleet.proto.fleet.v1.HealthStatus.HEALTH_STATUS_MISSING;
import static io.appfleet.proto.fleet.v1.HealthStatus.HEALTH_STATUS_PROGRESSING;
import static io.appfleet.proto.fleet.v1.HealthStatus.HEALTH_STATUS_SUSPENDED;
import static io.appfleet.proto.fleet.v1.HealthStatus.HEALTH_STATUS_UNKNOWN;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_ABSENT;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_ACTIVATED;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_INSTALLING;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_RUNNING;
import static io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_STOPPED;
import static io.appfleet.proto.fleet.v1.SyncStatus.SYNC_STATUS_OUT_OF_SYNC;
import static io.appfleet.proto.fleet.v1.SyncStatus.SYNC_STATUS_SYNCED;
import static org.assertj.core.api.Assertions.assertThat;

class ObservedStatesTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    private static final String CLASS = "system-cpp-police-sys-data";

    private final DeviceMemory memory = new DeviceMemory();

    @Test
    void aRunningAppThatShouldRunIsSyncedAndHealthyWithItsDeployment() {
        ObservedApp a = one(desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING)), running("iperf"),
                installed("iperf", OBSERVED_APP_STATE_RUNNING), Map.of(), false);
        assertThat(a.getManaged()).isTrue();
        assertThat(a.getSync()).isEqualTo(SYNC_STATUS_SYNCED);
        assertThat(a.getHealth()).isEqualTo(HEALTH_STATUS_HEALTHY);
        assertThat(a.getDeploymentName()).isEqualTo("perf");
        assertThat(a.getDeploymentRevision()).isEqualTo(7);
        assertThat(a.getRawState()).isEqualTo("RAW-OBSERVED_APP_STATE_RUNNING");
        assertThat(a.hasLastError()).isFalse();
    }

    @Test
    void aDesiredAppNotOnTheDeviceIsReportedAbsentAndMissing() {
        ObservedApp a = one(desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING)), running("iperf"), null, Map.of(), false);
        assertThat(a.getState()).isEqualTo(OBSERVED_APP_STATE_ABSENT);
        assertThat(a.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(a.getHealth()).isEqualTo(HEALTH_STATUS_MISSING);
    }

    @Test
    void anAppStoppedOutOfBandIsDegradedWithTheReason() {
        // What a device in maintenance reports: observed as found, nothing repaired.
        ObservedApp a = one(desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING)), running("iperf"),
                installed("iperf", OBSERVED_APP_STATE_STOPPED), Map.of(), false);
        assertThat(a.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(a.getHealth()).isEqualTo(HEALTH_STATUS_DEGRADED);
        assertThat(a.getMessage()).isEqualTo("stopped out of band");
    }

    @Test
    void anInstallInProgressOrAPassToBeRetriedIsProgressing() {
        DesiredDeviceState d = desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING));
        assertThat(one(d, running("iperf"), installed("iperf", OBSERVED_APP_STATE_INSTALLING), Map.of(), false).getHealth())
                .isEqualTo(HEALTH_STATUS_PROGRESSING);
        ErrorInfo timeout = error("TIMEOUT", true);
        ObservedApp retrying = one(d, running("iperf"), null, Map.of("iperf", timeout), true);
        assertThat(retrying.getHealth()).isEqualTo(HEALTH_STATUS_PROGRESSING);
        assertThat(retrying.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(retrying.getLastError()).isEqualTo(timeout);
    }

    @Test
    void anErrorNoRetryWillFixIsDegradedWithItsMessage() {
        ObservedApp a = one(desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING)), running("iperf"), null,
                Map.of("iperf", error("DISK_FULL", false)), true);
        assertThat(a.getHealth()).isEqualTo(HEALTH_STATUS_DEGRADED);
        assertThat(a.getMessage()).isEqualTo("DISK_FULL happened");
        assertThat(a.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
    }

    @Test
    void aStoppedAppThatShouldBeStoppedIsSyncedAndSuspended() {
        DesiredDeviceState d = desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_STOPPED));
        AppSpec stopped = spec("iperf", AppSpec.DesiredState.STOPPED);
        for (ObservedAppState s : List.of(OBSERVED_APP_STATE_STOPPED, OBSERVED_APP_STATE_ACTIVATED)) {
            ObservedApp a = one(d, stopped, installed("iperf", s), Map.of(), false);
            assertThat(a.getSync()).as("%s", s).isEqualTo(SYNC_STATUS_SYNCED);
            assertThat(a.getHealth()).as("%s", s).isEqualTo(HEALTH_STATUS_SUSPENDED);
        }
        assertThat(one(d, stopped, null, Map.of(), false).getHealth()).isEqualTo(HEALTH_STATUS_MISSING);
        assertThat(one(d, stopped, installed("iperf", OBSERVED_APP_STATE_RUNNING), Map.of(), false).getHealth())
                .isEqualTo(HEALTH_STATUS_PROGRESSING);
    }

    @Test
    void aManagedAppDroppedFromTheDesiredListIsOutOfSyncUntilItIsGoneAndThenNotReported() {
        DesiredDeviceState d = desired();
        AppSpec remove = spec("old", AppSpec.DesiredState.ABSENT);
        List<ObservedApp> still = ObservedStates.apps(d, List.of(remove), List.of(installed("old", OBSERVED_APP_STATE_RUNNING)),
                Set.of("old"), Map.of(), memory, false, T0);
        assertThat(still).singleElement().satisfies(a -> {
            assertThat(a.getManaged()).isTrue();
            assertThat(a.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
            assertThat(a.getHealth()).isEqualTo(HEALTH_STATUS_PROGRESSING);
        });
        assertThat(ObservedStates.apps(d, List.of(remove), List.of(), Set.of("old"), Map.of(), memory, false, T0)).isEmpty();
    }

    @Test
    void unmanagedAppsAreReportedAsFoundAndNeverJudged() {
        List<ObservedApp> apps = ObservedStates.apps(desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING)),
                List.of(running("iperf")), List.of(installed("iperf", OBSERVED_APP_STATE_RUNNING),
                        installed("theirs", OBSERVED_APP_STATE_RUNNING), installed("parked", OBSERVED_APP_STATE_STOPPED)),
                Set.of(), Map.of(), memory, false, T0);
        ObservedApp theirs = byId(apps, "theirs");
        assertThat(theirs.getManaged()).isFalse();
        assertThat(theirs.getHealth()).isEqualTo(HEALTH_STATUS_HEALTHY);
        assertThat(theirs.getMessage()).isEqualTo("not managed by appfleet");
        assertThat(theirs.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_UNSPECIFIED);
        assertThat(theirs.getDeploymentName()).isEmpty();
        assertThat(byId(apps, "parked").getHealth()).isEqualTo(HEALTH_STATUS_UNKNOWN);

        // The device's roll-up looks at managed apps only: a stopped app of someone else's is fine.
        assertThat(ObservedStates.deviceSync(apps, true)).isEqualTo(SYNC_STATUS_SYNCED);
        assertThat(ObservedStates.deviceHealth(apps)).isEqualTo(HEALTH_STATUS_HEALTHY);
    }

    @Test
    void anAppTheDesiredStateAsksToBeAbsentIsAppfleetsToRemoveEvenIfItDidNotInstallIt() {
        DesiredDeviceState d = desired(DesiredApp.newBuilder().setAppId("junk").setState(DesiredAppState.DESIRED_APP_STATE_ABSENT).build());
        AppSpec absent = spec("junk", AppSpec.DesiredState.ABSENT);
        ObservedApp there = one(d, absent, installed("junk", OBSERVED_APP_STATE_STOPPED), Map.of(), false);
        assertThat(there.getManaged()).isTrue();
        assertThat(there.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        ObservedApp gone = one(d, absent, null, Map.of(), false);
        assertThat(gone.getSync()).isEqualTo(SYNC_STATUS_SYNCED);
        assertThat(gone.getHealth()).isEqualTo(HEALTH_STATUS_HEALTHY);
    }

    @Test
    void aChangedConfigurationIsOutOfSyncUntilItsDigestHasBeenApplied() {
        DesiredDeviceState d = desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING).toBuilder().setConfigDigest("d2").build());
        memory.applied("iperf", "d1");
        ObservedApp before = one(d, running("iperf"), installed("iperf", OBSERVED_APP_STATE_RUNNING), Map.of(), false);
        assertThat(before.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(before.getHealth()).isEqualTo(HEALTH_STATUS_HEALTHY);
        assertThat(before.getAppliedConfigDigest()).isEqualTo("d1");

        memory.applied("iperf", "d2");
        ObservedApp after = one(d, running("iperf"), installed("iperf", OBSERVED_APP_STATE_RUNNING), Map.of(), false);
        assertThat(after.getSync()).isEqualTo(SYNC_STATUS_SYNCED);
        assertThat(after.getAppliedConfigDigest()).isEqualTo("d2");
    }

    @Test
    void stateSinceHoldsWhileTheStateHoldsAndMovesWhenItChanges() {
        DesiredDeviceState d = desired(app("iperf", DesiredAppState.DESIRED_APP_STATE_RUNNING));
        Instant t1 = T0.plusSeconds(30);
        Instant t2 = T0.plusSeconds(90);
        ObservedStates.apps(d, List.of(running("iperf")), List.of(installed("iperf", OBSERVED_APP_STATE_INSTALLING)), Set.of(),
                Map.of(), memory, false, T0);
        ObservedApp stillInstalling = ObservedStates.apps(d, List.of(running("iperf")),
                List.of(installed("iperf", OBSERVED_APP_STATE_INSTALLING)), Set.of(), Map.of(), memory, false, t1).get(0);
        assertThat(stillInstalling.getStateSince().getSeconds()).isEqualTo(T0.getEpochSecond());
        ObservedApp running = ObservedStates.apps(d, List.of(running("iperf")),
                List.of(installed("iperf", OBSERVED_APP_STATE_RUNNING)), Set.of(), Map.of(), memory, false, t2).get(0);
        assertThat(running.getStateSince().getSeconds()).isEqualTo(t2.getEpochSecond());
    }

    @Test
    void anAppRejectedAsInvalidIsOutOfSyncAndDegradedWithTheReasonWhenItCannotRun() {
        DesiredDeviceState d = desired(app("bad", DesiredAppState.DESIRED_APP_STATE_RUNNING));
        ErrorInfo invalid = ErrorInfo.newBuilder().setCode("VALIDATION_FAILED").setMessage("app bad: network mode HOST is not supported on IOS-XE")
                .setRetryable(false).build();
        // DesiredSpecs could not turn it into a spec: it is in the desired state but has no spec.
        ObservedApp absent = ObservedStates.apps(d, List.of(), List.of(), Set.of(), Map.of("bad", invalid), memory, false, T0).get(0);
        assertThat(absent.getManaged()).isTrue();
        assertThat(absent.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(absent.getHealth()).isEqualTo(HEALTH_STATUS_DEGRADED);
        assertThat(absent.getMessage()).isEqualTo(invalid.getMessage());
        assertThat(absent.getLastError()).isEqualTo(invalid);

        // Still running from an earlier, valid desired state: it works, but not as now desired.
        ObservedApp stillRunning = ObservedStates.apps(d, List.of(), List.of(installed("bad", OBSERVED_APP_STATE_RUNNING)),
                Set.of("bad"), Map.of("bad", invalid), memory, false, T0).get(0);
        assertThat(stillRunning.getSync()).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(stillRunning.getHealth()).isEqualTo(HEALTH_STATUS_HEALTHY);
        assertThat(stillRunning.getMessage()).isEqualTo(invalid.getMessage());

        List<ObservedApp> apps = List.of(absent);
        assertThat(ObservedStates.deviceSync(apps, true)).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(ObservedStates.deviceHealth(apps)).isEqualTo(HEALTH_STATUS_DEGRADED);
    }

    @Test
    void theDeviceIsAsHealthyAsItsWorstManagedAppAndHealthyWithNone() {
        assertThat(ObservedStates.deviceHealth(List.of())).isEqualTo(HEALTH_STATUS_HEALTHY);
        List<ObservedApp> apps = List.of(health("a", HEALTH_STATUS_HEALTHY), health("b", HEALTH_STATUS_PROGRESSING),
                health("c", HEALTH_STATUS_MISSING), health("d", HEALTH_STATUS_SUSPENDED));
        assertThat(ObservedStates.deviceHealth(apps)).isEqualTo(HEALTH_STATUS_MISSING);
        assertThat(ObservedStates.deviceHealth(List.of(health("a", HEALTH_STATUS_HEALTHY), health("b", HEALTH_STATUS_DEGRADED),
                health("c", HEALTH_STATUS_MISSING)))).isEqualTo(HEALTH_STATUS_DEGRADED);
        assertThat(ObservedStates.deviceHealth(List.of(health("a", HEALTH_STATUS_HEALTHY), health("b", HEALTH_STATUS_SUSPENDED))))
                .isEqualTo(HEALTH_STATUS_SUSPENDED);
    }

    @Test
    void theDeviceIsSyncedOnlyWhenEveryManagedAppAndTheCppSettingsAre() {
        ObservedApp synced = ObservedApp.newBuilder().setAppId("a").setManaged(true).setSync(SYNC_STATUS_SYNCED).build();
        ObservedApp behind = ObservedApp.newBuilder().setAppId("b").setManaged(true).setSync(SYNC_STATUS_OUT_OF_SYNC).build();
        assertThat(ObservedStates.deviceSync(List.of(synced), true)).isEqualTo(SYNC_STATUS_SYNCED);
        assertThat(ObservedStates.deviceSync(List.of(synced), false)).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(ObservedStates.deviceSync(List.of(synced, behind), true)).isEqualTo(SYNC_STATUS_OUT_OF_SYNC);
        assertThat(ObservedStates.deviceSync(List.of(), true)).isEqualTo(SYNC_STATUS_SYNCED);
    }

    @Test
    void cppIsSyncedWhenEveryDesiredClassHasItsSettingOrTheDeviceHasNoCpp() {
        DesiredDeviceState disable = desired().toBuilder().setSettings(DeviceSettings.newBuilder()
                .addCppPolicers(CppPolicerSetting.newBuilder().setClassName(CLASS).setEnabled(false))).build();
        assertThat(ObservedStates.cppSynced(disable, counters(false))).isTrue();
        assertThat(ObservedStates.cppSynced(disable, counters(true))).isFalse();
        assertThat(ObservedStates.cppSynced(disable, new CpuPolicerCounters(List.of(new CpuPolicerCounters.ClassCounters(
                "system-cpp-police-forus", 3, false, 4000, 4000, 0, 0L))))).as("class not in the table").isFalse();
        assertThat(ObservedStates.cppSynced(disable, null)).as("not read").isFalse();
        assertThat(ObservedStates.cppSynced(disable, CpuPolicerCounters.NONE)).as("a router without CPP").isTrue();
        assertThat(ObservedStates.cppSynced(desired(), counters(true))).as("nothing desired").isTrue();
        assertThat(ObservedStates.cppSynced(null, counters(true))).isTrue();
    }

    @Test
    void cppSettingsAreReportedPerClassWithTheRateOnlyWhenPoliced() {
        assertThat(ObservedStates.cpp(counters(true))).containsExactly(CppPolicerSetting.newBuilder().setClassName(CLASS)
                .setEnabled(true).setRatePps(250).build());
        assertThat(ObservedStates.cpp(counters(false))).containsExactly(CppPolicerSetting.newBuilder().setClassName(CLASS)
                .setEnabled(false).build());
        assertThat(ObservedStates.cpp(null)).isEmpty();
    }

    private ObservedApp one(DesiredDeviceState d, AppSpec spec, InstalledApp actual, Map<String, ErrorInfo> errors, boolean retrying) {
        List<ObservedApp> apps = ObservedStates.apps(d, List.of(spec), actual == null ? List.of() : List.of(actual), Set.of(),
                errors, memory, retrying, T0);
        assertThat(apps).hasSize(1);
        return apps.get(0);
    }

    private static ObservedApp byId(List<ObservedApp> apps, String id) {
        return apps.stream().filter(a -> a.getAppId().equals(id)).findFirst().orElseThrow();
    }

    private static ObservedApp health(String id, HealthStatus h) {
        return ObservedApp.newBuilder().setAppId(id).setManaged(true).setHealth(h).build();
    }

    private static CpuPolicerCounters counters(boolean enabled) {
        return new CpuPolicerCounters(List.of(new CpuPolicerCounters.ClassCounters(CLASS, 10, enabled, 250, enabled ? 250 : 0, 0, 0L)));
    }

    private static ErrorInfo error(String code, boolean retryable) {
        return ErrorInfo.newBuilder().setCode(code).setMessage(code + " happened").setRetryable(retryable).build();
    }

    private static DesiredApp app(String id, DesiredAppState state) {
        return DesiredApp.newBuilder().setAppId(id).setState(state).setDeploymentName("perf").setDeploymentRevision(7).build();
    }

    private static DesiredDeviceState desired(DesiredApp... apps) {
        return DesiredDeviceState.newBuilder().setDeviceId("d1").setGeneration(3).addAllApps(List.of(apps)).build();
    }

    private static AppSpec running(String id) {
        return spec(id, AppSpec.DesiredState.RUNNING);
    }

    private static AppSpec spec(String id, AppSpec.DesiredState state) {
        return new AppSpec(id, state, "usbflash0:" + id + ".tar", null, List.of(), null);
    }

    private static InstalledApp installed(String id, ObservedAppState state) {
        return new InstalledApp(id, state, "RAW-" + state.name());
    }
}
