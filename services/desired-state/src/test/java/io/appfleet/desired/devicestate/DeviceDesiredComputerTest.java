package io.appfleet.desired.devicestate;

import static io.appfleet.desired.targeting.Devices.device;
import static io.appfleet.desired.targeting.Devices.withCapacity;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.ManifestFormat;
import io.appfleet.desired.manifest.ManifestReader;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;

class DeviceDesiredComputerTest {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    static AppDeployment manifest(String name, String appId, String extraApp, String extraSpec) {
        return ManifestReader.read("apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: " + name + "}\n"
                + "spec:\n  app:\n    id: " + appId + "\n    package: {url: \"https://r.example/" + appId
                + ".tar\", sha256: \"" + SHA + "\", sizeBytes: 10485760}\n" + extraApp
                + "  targets: {platforms: [iosxe, iosxr, infix]}\n" + extraSpec, ManifestFormat.YAML);
    }

    static Claim claim(AppDeployment m, long revision, long priority) {
        return new Claim(m.name(), revision, priority, m);
    }

    static final Device SW = withCapacity(device("sw1", Platform.PLATFORM_IOSXE, "ams", Map.of()), 7400, 2048, 4096);

    @Test
    void theFullStateHoldsEveryDeploymentsAppWithDigestsAndSettings() {
        AppDeployment a = manifest("a", "alpha", "    resources: {cpuUnits: 1000, memoryMb: 256}\n",
                "  devicePolicy: {cppPolicers: {system-cpp-police-sys-data: disabled}}\n");
        AppDeployment b = manifest("b", "beta", "", "  state: stopped\n  prune: true\n");
        DeviceComputation c = DeviceDesiredComputer.compute(SW, List.of(claim(b, 2, 2), claim(a, 5, 1)), null);
        DesiredDeviceState s = c.state();
        assertThat(s.getDeviceId()).isEqualTo("sw1");
        assertThat(s.getAppsList()).extracting(DesiredApp::getAppId).containsExactly("alpha", "beta");
        assertThat(s.getApps(0).getDeploymentRevision()).isEqualTo(5);
        assertThat(s.getApps(0).getConfigDigest()).isEqualTo(ConfigDigest.of(s.getApps(0)));
        assertThat(s.getApps(1).getState()).isEqualTo(DesiredAppState.DESIRED_APP_STATE_STOPPED);
        assertThat(s.getSettings().getCppPolicers(0).getClassName()).isEqualTo("system-cpp-police-sys-data");
        assertThat(s.getSettings().getCppPolicers(0).getEnabled()).isFalse();
        assertThat(s.getPruneUnmanaged()).isTrue();
        assertThat(s.getSource().getDeploymentNamesList()).containsExactly("a", "b");
        assertThat(c.placements()).extracting(Placement::phase).containsOnly(Placement.Phase.APPLIED);
    }

    @Test
    void admissionCountsEveryAppInPriorityOrderAndZeroCapacityIsUnknown() {
        AppDeployment big = manifest("big", "big", "    resources: {cpuUnits: 5000, memoryMb: 1024}\n", "");
        AppDeployment second = manifest("second", "second", "    resources: {cpuUnits: 3000, memoryMb: 512}\n", "");
        AppDeployment small = manifest("small", "small", "    resources: {cpuUnits: 2000, memoryMb: 512}\n", "");
        DeviceComputation c = DeviceDesiredComputer.compute(SW,
                List.of(claim(big, 1, 1), claim(second, 1, 2), claim(small, 1, 3)), null);
        assertThat(c.state().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("big", "small");
        Placement refused = c.placements().get(1);
        assertThat(refused.phase()).isEqualTo(Placement.Phase.UNSCHEDULABLE);
        assertThat(refused.revision()).isNull();
        assertThat(refused.reason()).contains("needs 3000 units of CPU, 2400 of 7400 units free");

        Device unknown = device("sw2", Platform.PLATFORM_IOSXE, "ams", Map.of());
        assertThat(DeviceDesiredComputer.compute(unknown, List.of(claim(big, 1, 1), claim(second, 1, 2),
                claim(small, 1, 3)), null).state().getAppsCount()).isEqualTo(3);
    }

    @Test
    void aHeldClaimPlacesNothingTakesNoRoomAndSaysWhetherItCouldFit() {
        AppDeployment big = manifest("big", "big", "    resources: {cpuUnits: 5000, memoryMb: 1024}\n", "");
        AppDeployment huge = manifest("huge", "huge", "    resources: {cpuUnits: 9000}\n", "");
        AppDeployment later = manifest("later", "later", "    resources: {cpuUnits: 2400}\n", "");
        DeviceComputation c = DeviceDesiredComputer.compute(SW, List.of(
                Claim.hold(DeploymentSnapshot.of("big", 3, 1, big)),
                Claim.hold(DeploymentSnapshot.of("huge", 1, 2, huge)),
                claim(later, 1, 3)), null);
        assertThat(c.state().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("later");
        assertThat(c.placements()).extracting(Placement::phase).containsExactly(Placement.Phase.PENDING,
                Placement.Phase.UNSCHEDULABLE, Placement.Phase.APPLIED);
        assertThat(c.placements().get(0).revision()).isNull();
        assertThat(c.placements().get(1).reason()).contains("needs 9000 units of CPU");

        AppDeployment v1 = manifest("k", "kept", "    runOpts: [\"--v1\"]\n", "");
        DeviceComputation kept = DeviceDesiredComputer.compute(SW, List.of(Claim.keep("k", 1, 1, v1)), null);
        assertThat(kept.state().getApps(0).getRunOptsList()).containsExactly("--v1");
        assertThat(kept.placements().get(0).phase()).isEqualTo(Placement.Phase.PENDING);
        assertThat(kept.placements().get(0).revision()).isEqualTo(1L);
    }

    @Test
    void storageCountsThePackageFileAndAbsentAppsTakeNothing() {
        Device tight = withCapacity(device("sw3", Platform.PLATFORM_IOSXE, "ams", Map.of()), 0, 0, 520);
        AppDeployment disk = manifest("d", "disk", "    resources: {diskMb: 512}\n", "");
        Placement p = DeviceDesiredComputer.compute(tight, List.of(claim(disk, 1, 1)), null).placements().get(0);
        assertThat(p.reason()).contains("needs 522 MiB of storage, 520 of 520 MiB free");
        AppDeployment gone = manifest("g", "gone", "    resources: {diskMb: 5120}\n", "  state: absent\n");
        assertThat(DeviceDesiredComputer.compute(tight, List.of(claim(gone, 1, 1)), null).placements().get(0).phase())
                .isEqualTo(Placement.Phase.APPLIED);
    }

    @Test
    void aRevisionThatDoesNotFitLeavesTheDeviceOnTheOneItRuns() {
        AppDeployment v1 = manifest("a", "alpha", "    resources: {cpuUnits: 4000}\n", "");
        DesiredDeviceState before = DeviceDesiredComputer.compute(SW, List.of(claim(v1, 1, 1)), null).state();
        AppDeployment v2 = manifest("a", "alpha", "    resources: {cpuUnits: 9000}\n", "");
        DeviceComputation c = DeviceDesiredComputer.compute(SW, List.of(claim(v2, 2, 1)), before);
        assertThat(c.state().getApps(0)).isEqualTo(before.getApps(0));
        assertThat(c.placements().get(0).phase()).isEqualTo(Placement.Phase.UNSCHEDULABLE);
        assertThat(c.placements().get(0).revision()).isEqualTo(1);
        assertThat(c.placements().get(0).reason()).contains("revision 2 does not fit").contains("keeps revision 1");
    }

    @Test
    void anUnchangedAppKeepsItsRevisionSoRolloutOnlyChangesPublishNothing() {
        AppDeployment v1 = manifest("a", "alpha", "", "");
        DesiredDeviceState before = DeviceDesiredComputer.compute(SW, List.of(claim(v1, 1, 1)), null).state();
        AppDeployment v2 = manifest("a", "alpha", "", "  rollout: {waves: [{percent: 50}, {percent: 100}]}\n");
        DesiredDeviceState after = DeviceDesiredComputer.compute(SW, List.of(claim(v2, 2, 1)), before).state();
        assertThat(after).isEqualTo(before);
        AppDeployment v3 = manifest("a", "alpha", "    runOpts: [\"--x\"]\n", "");
        assertThat(DeviceDesiredComputer.compute(SW, List.of(claim(v3, 3, 1)), before).state().getApps(0)
                .getDeploymentRevision()).isEqualTo(3);
    }

    @Test
    void theOlderDeploymentWinsAnAppIdAndAConflictingPolicer() {
        AppDeployment first = manifest("first", "alpha", "", "  devicePolicy: {cppPolicers: {sys-data: disabled}}\n");
        AppDeployment same = manifest("same-id", "alpha", "", "");
        AppDeployment policy = manifest("policy", "gamma", "", "  devicePolicy: {cppPolicers: {sys-data: enabled}}\n");
        AppDeployment agrees = manifest("agrees", "delta", "", "  devicePolicy: {cppPolicers: {sys-data: disabled}}\n");
        DeviceComputation c = DeviceDesiredComputer.compute(SW, List.of(claim(first, 1, 1), claim(same, 1, 2),
                claim(policy, 1, 3), claim(agrees, 1, 4)), null);
        assertThat(c.state().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("alpha", "delta");
        assertThat(c.conflicts()).extracting(Conflict::field)
                .containsExactly("spec.app.id", "spec.devicePolicy.cppPolicers.sys-data");
        assertThat(c.conflicts()).extracting(Conflict::winner).containsExactly("first", "first");
        assertThat(c.conflicts()).extracting(Conflict::loser).containsExactly("same-id", "policy");

        // Other platforms have no CPP: the settings neither apply nor conflict there.
        Device xr = device("xr1", Platform.PLATFORM_IOSXR, "ams", Map.of());
        DeviceComputation onXr = DeviceDesiredComputer.compute(xr, List.of(claim(first, 1, 1), claim(policy, 1, 3)),
                null);
        assertThat(onXr.conflicts()).isEmpty();
        assertThat(onXr.state().getSettings().getCppPolicersCount()).isZero();
    }

    @Test
    void platformsThatCannotRunTheAppMakeItUnschedulable() {
        AppDeployment image = ManifestReader.read("apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: i}\n"
                + "spec:\n  app: {id: x, image: {reference: \"docker://nginx\"}}\n  targets: {platforms: [iosxe]}\n",
                ManifestFormat.YAML);
        Placement onIosxe = DeviceDesiredComputer.compute(SW, List.of(claim(image, 1, 1)), null).placements().get(0);
        assertThat(onIosxe.phase()).isEqualTo(Placement.Phase.UNSCHEDULABLE);
        assertThat(onIosxe.reason()).contains("IOS-XE installs IOx packages");
        Device infix = device("in1", Platform.PLATFORM_INFIX, "", Map.of());
        assertThat(DeviceDesiredComputer.compute(infix, List.of(claim(image, 1, 1)), null).placements().get(0).reason())
                .contains("at least 2 characters");
        AppDeployment trunk = manifest("t", "trunk", "    network: {mode: appgigabit-trunk}\n", "");
        assertThat(DeviceDesiredComputer.compute(infix, List.of(claim(trunk, 1, 1)), null).placements().get(0).reason())
                .contains("only on IOS-XE");
    }
}
