package io.appfleet.adapter.reconcile;

import io.appfleet.drivers.AppSpec;
import io.appfleet.proto.fleet.v1.AppNetwork;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.ContainerImage;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.DeviceSettings;
import io.appfleet.proto.fleet.v1.GuestInterface;
import io.appfleet.proto.fleet.v1.NetworkMode;
import io.appfleet.proto.fleet.v1.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DesiredSpecsTest {

    private static final String SHA = "a".repeat(64);
    private static final Device IOSXE = device(Platform.PLATFORM_IOSXE);
    private static final Device IOSXR = device(Platform.PLATFORM_IOSXR);
    private static final Device INFIX = device(Platform.PLATFORM_INFIX);

    @Test
    void aRunningIosxeAppIsCopiedFromItsUrlToUsbflashAndCheckedByDigest() {
        AppSpec spec = only(IOSXE, app("iperf").build());
        assertThat(spec.appId()).isEqualTo("iperf");
        assertThat(spec.desiredState()).isEqualTo(AppSpec.DesiredState.RUNNING);
        assertThat(spec.packagePath()).isEqualTo("usbflash0:iperf3.tar");
        assertThat(spec.packageSource()).isEqualTo(new AppSpec.PackageSource("https://repo.example/apps/iperf3.tar", SHA, 1234));
        assertThat(spec.resources()).isNull();
        assertThat(spec.network()).isNull();
        assertThat(spec.command()).isNull();
    }

    @Test
    void theStorageLabelPicksTheIosxeFilesystemWithOrWithoutItsColon() {
        Device bootflash = IOSXE.toBuilder().putLabels(DesiredSpecs.STORAGE_LABEL, "bootflash").build();
        Device harddisk = IOSXE.toBuilder().putLabels(DesiredSpecs.STORAGE_LABEL, "harddisk:").build();
        assertThat(only(bootflash, app("iperf").build()).packagePath()).isEqualTo("bootflash:iperf3.tar");
        assertThat(only(harddisk, app("iperf").build()).packagePath()).isEqualTo("harddisk:iperf3.tar");
    }

    @Test
    void iosxrPackagesGoToAppHostAndAreNotTransferredByTheSpec() {
        AppSpec spec = only(IOSXR, app("probe").setPackage(pkg("http://repo.example/x/probe-1.0.x86_64.rpm")).build());
        assertThat(spec.packagePath()).isEqualTo("/misc/app_host/probe-1.0.x86_64.rpm");
        assertThat(spec.packageSource()).isNull();
    }

    @Test
    void infixFetchesThePackageUrlItselfAndImagesAreTakenByReference() {
        assertThat(only(INFIX, app("web").build()).packagePath()).isEqualTo("https://repo.example/apps/iperf3.tar");
        AppSpec image = only(INFIX, app("web").setImage(ContainerImage.newBuilder().setReference("docker://nginx:alpine")).build());
        assertThat(image.packagePath()).isEqualTo("docker://nginx:alpine");
        assertThat(image.packageSource()).isNull();
    }

    @Test
    void stoppedAndAbsentStatesAndCommandResourcesAndEnvironmentAreCarriedOver() {
        AppSpec stopped = only(IOSXR, app("probe").setState(DesiredAppState.DESIRED_APP_STATE_STOPPED)
                .addRunOpts("--cap-add NET_ADMIN").putEnv("ZONE", "b").putEnv("APP_MODE", "server").setCommand("iperf3 -s")
                .setResources(AppResources.newBuilder().setCpuUnits(500).setMemoryMib(256)).build());
        assertThat(stopped.desiredState()).isEqualTo(AppSpec.DesiredState.STOPPED);
        assertThat(stopped.runOpts()).as("environment after the run options, sorted by name")
                .containsExactly("--cap-add NET_ADMIN", "-e APP_MODE=server", "-e ZONE=b");
        assertThat(stopped.command()).isEqualTo("iperf3 -s");
        assertThat(stopped.resources()).isEqualTo(new AppSpec.Resources(null, 500, 256, null));

        AppSpec absent = only(IOSXE, DesiredApp.newBuilder().setAppId("old").setState(DesiredAppState.DESIRED_APP_STATE_ABSENT).build());
        assertThat(absent).isEqualTo(new AppSpec("old", AppSpec.DesiredState.ABSENT, null, null, List.of(), null));
    }

    @Test
    void aBlankCommandLeavesTheImagesOwn() {
        assertThat(only(IOSXR, app("probe").setCommand("  ").build()).command()).isNull();
    }

    @Test
    void managementNetwork() {
        assertThat(only(IOSXE, withNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_MANAGEMENT))).network())
                .isEqualTo(AppSpec.Network.management());
    }

    @Test
    void appGigabitTrunkWithAStaticAddressOnTheFirstInterface() {
        AppSpec spec = only(IOSXE, withNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_APPGIGABIT_TRUNK)
                .addInterfaces(GuestInterface.newBuilder().setVlanId(10).setIpv4Address("10.1.1.5").setIpv4PrefixLength(24)
                        .setIpv4Gateway("10.1.1.1"))));
        assertThat(spec.network()).isEqualTo(new AppSpec.Network(AppSpec.Network.Mode.APPGIG_TRUNK, null, "10.1.1.5",
                "255.255.255.0", "10.1.1.1"));
    }

    @Test
    void virtualPortGroupKeepsItsNumberAndAnInterfaceWithoutAddressMeansDhcp() {
        AppSpec addressed = only(IOSXE, withNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_VIRTUAL_PORT_GROUP)
                .setVirtualPortGroup(2).addInterfaces(GuestInterface.newBuilder().setIpv4Address("192.168.2.10")
                        .setIpv4PrefixLength(30))));
        assertThat(addressed.network()).isEqualTo(new AppSpec.Network(AppSpec.Network.Mode.VIRTUAL_PORT_GROUP, 2,
                "192.168.2.10", "255.255.255.252", null));

        AppSpec dhcp = only(INFIX, withNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_VIRTUAL_PORT_GROUP)));
        assertThat(dhcp.network()).isEqualTo(new AppSpec.Network(AppSpec.Network.Mode.VIRTUAL_PORT_GROUP, 0, null, null, null));
    }

    @Test
    void noNetworkOrAnEmptyOneLeavesThePlatformsDefault() {
        assertThat(only(IOSXE, app("iperf").build()).network()).isNull();
        assertThat(only(IOSXE, withNetwork(AppNetwork.newBuilder())).network()).isNull();
    }

    @Test
    void hostNetworkingIsThePlatformsOwnDefaultOnIosxrAndInfix() {
        AppNetwork.Builder host = AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_HOST);
        assertThat(only(IOSXR, withNetwork(host)).network()).isNull();
        assertThat(only(INFIX, withNetwork(host)).network()).isNull();
    }

    @Test
    void hostNetworkingOnIosxeIsAnInvalidApp() {
        assertThat(rejected(IOSXE, withNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_HOST))))
                .isEqualTo(new DesiredSpecs.Rejected("app1", "app app1: network mode HOST is not supported on IOS-XE"));
    }

    @ParameterizedTest
    @EnumSource(value = NetworkMode.class, names = {"NETWORK_MODE_MANAGEMENT", "NETWORK_MODE_APPGIGABIT_TRUNK",
            "NETWORK_MODE_VIRTUAL_PORT_GROUP"})
    void iosxrAppsShareTheHostNetworkSoOtherModesAreInvalidNotIgnored(NetworkMode mode) {
        DesiredSpecs.Rejected r = rejected(IOSXR, withNetwork(AppNetwork.newBuilder().setMode(mode)));
        assertThat(r.reason()).isEqualTo("app app1: network mode " + mode.name().replace("NETWORK_MODE_", "")
                + " is not supported on IOS-XR");
    }

    @ParameterizedTest
    @EnumSource(value = NetworkMode.class, names = {"NETWORK_MODE_APPGIGABIT_VLAN_ACCESS", "NETWORK_MODE_HOST_INTERFACES"})
    void modesTheAdapterCannotConfigureAreInvalidApps(NetworkMode mode) {
        for (Device d : List.of(IOSXE, IOSXR, INFIX)) {
            assertThat(rejected(d, withNetwork(AppNetwork.newBuilder().setMode(mode))).reason())
                    .contains("network mode " + mode.name().replace("NETWORK_MODE_", ""), "not supported");
        }
    }

    @Test
    void aNetworkWithoutAModeIsAnInvalidApp() {
        AppNetwork.Builder noMode = AppNetwork.newBuilder().addInterfaces(GuestInterface.newBuilder().setIpv4Address("10.0.0.2"));
        assertThat(rejected(IOSXE, withNetwork(noMode)).reason()).isEqualTo("app app1: network.mode must be set");
    }

    @Test
    void aModeFromANewerContractIsAnInvalidApp() {
        assertThat(rejected(INFIX, withNetwork(AppNetwork.newBuilder().setModeValue(42))).reason())
                .isEqualTo("app app1: network mode 42 is unknown to this adapter");
    }

    @Test
    void aPrefixLengthOver32IsAnInvalidApp() {
        AppNetwork.Builder n = AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_VIRTUAL_PORT_GROUP)
                .addInterfaces(GuestInterface.newBuilder().setIpv4Address("10.0.0.2").setIpv4PrefixLength(33));
        assertThat(rejected(IOSXE, withNetwork(n)).reason()).contains("app1", "prefix length 33");
    }

    @ParameterizedTest
    @CsvSource({"1,128.0.0.0", "8,255.0.0.0", "16,255.255.0.0", "23,255.255.254.0", "24,255.255.255.0",
            "31,255.255.255.254", "32,255.255.255.255"})
    void netmasksFromPrefixLengths(int prefix, String netmask) {
        assertThat(DesiredSpecs.netmask(prefix)).isEqualTo(netmask);
    }

    @Test
    void aPrefixLengthOfZeroMeansNoStaticNetmask() {
        assertThat(DesiredSpecs.netmask(0)).isNull();
    }

    @Test
    void appsWithoutIdStateOrArtifactAreRejectedWithTheReason() {
        assertThat(rejected(IOSXE, app("").build()).reason()).isEqualTo("an app has no appId");
        assertThat(rejected(IOSXE, app("app1").setState(DesiredAppState.DESIRED_APP_STATE_UNSPECIFIED).build()).reason())
                .isEqualTo("app app1 has no state (RUNNING, STOPPED or ABSENT)");
        assertThat(rejected(IOSXE, app("app1").clearPackage().build()).reason())
                .isEqualTo("app app1 has neither a package nor an image");
        assertThat(rejected(INFIX, app("app1").setImage(ContainerImage.newBuilder().setReference(" ")).build()).reason())
                .isEqualTo("app app1 has an empty image reference");
        assertThat(rejected(IOSXE, app("app1").setPackage(pkg("https://repo.example/p.tar").toBuilder().clearSha256()).build())
                .reason()).isEqualTo("app app1: package.sha256 is required to copy the package");
    }

    @Test
    void aUrlWithCredentialsNeverAppearsInTheReason() {
        String secret = "s3cr3t-T0ken";
        List<String> urls = List.of("https://user:" + secret + "@repo.example/apps/",
                "https://repo.example/apps/?token=" + secret + "#",
                "https://user:" + secret + "@repo.example/a pp.tar",
                "https://user:" + secret + "@repo.example/{x}.tar");
        for (String url : urls) {
            for (Device d : List.of(IOSXE, IOSXR)) {
                DesiredSpecs.Rejected r = rejected(d, app("app1").setPackage(pkg(url)).build());
                assertThat(r.reason()).as("%s on %s", url, d.getPlatform()).contains("app1").doesNotContain(secret)
                        .doesNotContain("repo.example");
            }
        }
        DesiredSpecs.Rejected ftp = rejected(IOSXE, app("app1").setPackage(pkg("ftp://u:" + secret + "@repo.example/x.tar")).build());
        assertThat(ftp.reason()).contains("http or https").doesNotContain(secret);
        DesiredSpecs.Rejected badSha = rejected(IOSXE, app("app1").setPackage(pkg("https://u:" + secret + "@repo.example/x.tar")
                .toBuilder().setSha256("XYZ")).build());
        assertThat(badSha.reason()).contains("sha256").doesNotContain(secret);
    }

    @Test
    void anAppDesiredTwiceIsRejectedOnceAndTheFirstEntryKept() {
        DesiredSpecs.Result r = DesiredSpecs.of(IOSXE, desired(app("iperf").build(),
                app("iperf").setState(DesiredAppState.DESIRED_APP_STATE_STOPPED).build()), Set.of());
        assertThat(r.specs()).singleElement().extracting(AppSpec::desiredState).isEqualTo(AppSpec.DesiredState.RUNNING);
        assertThat(r.rejected()).containsExactly(new DesiredSpecs.Rejected("iperf", "appId iperf is desired twice"));
    }

    @Test
    void oneInvalidAppDoesNotHoldBackTheOthers() {
        DesiredSpecs.Result r = DesiredSpecs.of(IOSXE, desired(app("good").build(),
                app("bad").setNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_HOST)).build(),
                app("fine").build()), Set.of());
        assertThat(r.specs()).extracting(AppSpec::appId).containsExactly("good", "fine");
        assertThat(r.rejected()).extracting(DesiredSpecs.Rejected::appId).containsExactly("bad");
    }

    @Test
    void managedAppsNoLongerDesiredAreToBeRemovedInAStableOrder() {
        DesiredSpecs.Result r = DesiredSpecs.of(IOSXE, desired(app("keep").build()), Set.of("zeta", "keep", "alpha"));
        assertThat(r.specs()).extracting(AppSpec::appId, AppSpec::desiredState).containsExactly(
                org.assertj.core.groups.Tuple.tuple("keep", AppSpec.DesiredState.RUNNING),
                org.assertj.core.groups.Tuple.tuple("alpha", AppSpec.DesiredState.ABSENT),
                org.assertj.core.groups.Tuple.tuple("zeta", AppSpec.DesiredState.ABSENT));
    }

    @Test
    void aRejectedManagedAppIsNotRemovedBecauseOfIt() {
        DesiredSpecs.Result r = DesiredSpecs.of(IOSXE, desired(app("iperf")
                .setNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_HOST)).build()), Set.of("iperf"));
        assertThat(r.specs()).as("an invalid change must not uninstall the running app").isEmpty();
        assertThat(r.rejected()).extracting(DesiredSpecs.Rejected::appId).containsExactly("iperf");
    }

    @Test
    void cppPoliciesAndPruneComeFromTheDesiredState() {
        DesiredDeviceState d = desired(app("iperf").build()).toBuilder().setPruneUnmanaged(true)
                .setSettings(DeviceSettings.newBuilder()
                        .addCppPolicers(CppPolicerSetting.newBuilder().setClassName("system-cpp-police-sys-data").setEnabled(false))
                        .addCppPolicers(CppPolicerSetting.newBuilder().setClassName("system-cpp-police-forus").setEnabled(true)))
                .build();
        DesiredSpecs.Result r = DesiredSpecs.of(IOSXE, d, Set.of());
        assertThat(r.prune()).isTrue();
        assertThat(r.policy().cppPolicerEnabled()).isEqualTo(Map.of("system-cpp-police-sys-data", false,
                "system-cpp-police-forus", true));
    }

    @Test
    void withoutADesiredStateOnlyManagedAppsAreRemovedAndNothingIsPruned() {
        DesiredSpecs.Result r = DesiredSpecs.of(IOSXE, null, Set.of("old"));
        assertThat(r.specs()).containsExactly(new AppSpec("old", AppSpec.DesiredState.ABSENT, null, null, List.of(), null));
        assertThat(r.rejected()).isEmpty();
        assertThat(r.policy().cppPolicerEnabled()).isEmpty();
        assertThat(r.prune()).isFalse();
    }

    private static Device device(Platform p) {
        return Device.newBuilder().setId("dev-" + p.getNumber()).setPlatform(p).build();
    }

    private static AppPackage pkg(String url) {
        return AppPackage.newBuilder().setUrl(url).setSha256(SHA).setSizeBytes(1234).build();
    }

    private static DesiredApp.Builder app(String id) {
        return DesiredApp.newBuilder().setAppId(id).setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                .setPackage(pkg("https://repo.example/apps/iperf3.tar"));
    }

    private static DesiredApp withNetwork(AppNetwork.Builder n) {
        return app("app1").setNetwork(n).build();
    }

    private static DesiredDeviceState desired(DesiredApp... apps) {
        return DesiredDeviceState.newBuilder().setDeviceId("dev").setGeneration(1).addAllApps(List.of(apps)).build();
    }

    private static AppSpec only(Device d, DesiredApp app) {
        DesiredSpecs.Result r = DesiredSpecs.of(d, desired(app), Set.of());
        assertThat(r.rejected()).as("rejected").isEmpty();
        assertThat(r.specs()).hasSize(1);
        return r.specs().get(0);
    }

    private static DesiredSpecs.Rejected rejected(Device d, DesiredApp app) {
        DesiredSpecs.Result r = DesiredSpecs.of(d, desired(app), Set.of());
        assertThat(r.specs()).as("specs").isEmpty();
        assertThat(r.rejected()).hasSize(1);
        return r.rejected().get(0);
    }
}
