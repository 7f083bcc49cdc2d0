package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.AppSpec.Network;
import io.appfleet.drivers.AppSpec.Resources;
import io.appfleet.drivers.DevicePolicy;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IosxeCommandsTest {

    static final String[] INJECTIONS = {"x\nreload", "x;reload", "x\"", "x'", "x\u201D", "x\u2019", "x\u0003", "x\r"};

    static AppSpec iris() {
        return new AppSpec("iris", DesiredState.RUNNING, "usbflash0:iris.tar", new Resources(1, 400, 768, 2048),
                List.of("-e IRIS_DEVICE_ID=Iris-c8kv-101", "--cap-add=NET_ADMIN"),
                new Network(Network.Mode.VIRTUAL_PORT_GROUP, 1, "100.90.171.2", "255.255.255.252", "100.90.171.1"));
    }

    @Test
    void buildsTheAppHostingBlockOfTheGuide() {
        assertThat(IosxeCommands.appConfig(iris())).containsExactly(
                "app-hosting appid iris",
                "app-vnic gateway0 virtualportgroup 1 guest-interface 0",
                "guest-ipaddress 100.90.171.2 netmask 255.255.255.252",
                "exit",
                "app-default-gateway 100.90.171.1 guest-interface 0",
                "app-resource docker",
                "run-opts 1 \"-e IRIS_DEVICE_ID=Iris-c8kv-101\"",
                "run-opts 2 \"--cap-add=NET_ADMIN\"",
                "exit",
                "app-resource profile custom",
                "cpu 400",
                "memory 768",
                "persist-disk 2048",
                "vcpu 1",
                "exit",
                "exit");
    }

    @Test
    void buildsManagementVnicAndVerbs() {
        AppSpec app = new AppSpec("iperf", DesiredState.RUNNING, "usbflash0:iperf.tar", null, List.of(), Network.management());
        assertThat(IosxeCommands.appConfig(app)).containsExactly(
                "app-hosting appid iperf", "app-vnic management guest-interface 0", "exit", "exit");
        assertThat(IosxeCommands.install("iperf", "usbflash0:iperf.tar"))
                .isEqualTo("app-hosting install appid iperf package usbflash0:iperf.tar");
        assertThat(IosxeCommands.verb("start", "iperf")).isEqualTo("app-hosting start appid iperf");
        assertThat(IosxeCommands.appUnconfig("iperf")).containsExactly("no app-hosting appid iperf");
        assertThat(IosxeCommands.cppPolicer("system-cpp-police-sys-data", false, 250)).containsExactly(
                "policy-map system-cpp-policy", "class system-cpp-police-sys-data", "no police rate 250 pps", "exit", "exit");
        assertThatThrownBy(() -> IosxeCommands.verb("reload", "iperf")).isInstanceOf(IllegalArgumentException.class);
    }

    /** Every string field of a spec, with the field name the error must carry. */
    static final Map<String, Function<String, AppSpec>> FIELDS = Map.of(
            "appId", v -> new AppSpec(v, DesiredState.RUNNING, "usbflash0:a.tar", null, List.of(), null),
            "packagePath", v -> new AppSpec("a", DesiredState.RUNNING, "usbflash0:" + v, null, List.of(), null),
            "runOpts[1]", v -> new AppSpec("a", DesiredState.RUNNING, "usbflash0:a.tar", null, List.of("-e A=1", v), null),
            "network.guestIpAddress", v -> withNet(new Network(Network.Mode.VIRTUAL_PORT_GROUP, 1, "10.0.0.2" + v, "255.255.255.0", null)),
            "network.netmask", v -> withNet(new Network(Network.Mode.VIRTUAL_PORT_GROUP, 1, "10.0.0.2", "255.255.255.0" + v, null)),
            "network.defaultGateway", v -> withNet(new Network(Network.Mode.VIRTUAL_PORT_GROUP, 1, "10.0.0.2", "255.255.255.0", "10.0.0.1" + v)));

    static AppSpec withNet(Network n) {
        return new AppSpec("a", DesiredState.RUNNING, "usbflash0:a.tar", null, List.of(), n);
    }

    @Test
    void injectionInAnyFieldIsRefusedBeforeAnyLineIsBuiltOrPlanned() {
        FIELDS.forEach((field, spec) -> {
            for (String bad : INJECTIONS) {
                AppSpec app = spec.apply(bad);
                assertThatThrownBy(() -> IosxeCommands.validate(app)).as(field + " " + bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(field + " ");
                assertThatThrownBy(() -> IosxePlanner.plan(List.of(), List.of(app), DevicePolicy.NONE, false, null))
                        .as(field + " " + bad)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageStartingWith(field + " ");
            }
        });
        for (String bad : INJECTIONS) {
            assertThatThrownBy(() -> IosxeCommands.verb("stop", bad)).hasMessageStartingWith("appId ");
            assertThatThrownBy(() -> IosxeCommands.utilization(bad)).hasMessageStartingWith("appId ");
            assertThatThrownBy(() -> IosxeCommands.cppPolicer("system-cpp" + bad, false, 100)).hasMessageStartingWith("cppClass ");
            DevicePolicy policy = new DevicePolicy(Map.of("system-cpp" + bad, false));
            assertThatThrownBy(() -> IosxePlanner.plan(List.of(), List.of(), policy, false, null)).hasMessageStartingWith("cppClass ");
        }
    }

    @Test
    void numbersOutOfRangeAreRefused() {
        AppSpec app = new AppSpec("a", DesiredState.RUNNING, "usbflash0:a.tar", new Resources(0, null, null, null), List.of(), null);
        assertThatThrownBy(() -> IosxeCommands.validate(app)).hasMessageStartingWith("resources.vcpu");
    }

    @Test
    void packageTransferLines() {
        assertThat(IosxeCommands.copy("http://10.0.0.9:8080/iperf.tar", "usbflash0:iperf.tar"))
                .isEqualTo("copy http://10.0.0.9:8080/iperf.tar usbflash0:iperf.tar");
        assertThat(IosxeCommands.verifySha256("usbflash0:iperf.tar")).isEqualTo("verify /sha256 usbflash0:iperf.tar");
        assertThat(IosxeCommands.deleteForce("usbflash0:iperf.tar")).isEqualTo("delete /force usbflash0:iperf.tar");
        assertThatThrownBy(() -> IosxeCommands.copy("http://h/x.tar\nreload", "usbflash0:iperf.tar"))
                .hasMessageStartingWith("packageSource.url");
        assertThatThrownBy(() -> IosxeCommands.deleteForce("usbflash0:../nvram")).hasMessageStartingWith("packagePath");
    }

    @Test
    void transferTimeoutsGrowWithSizeAndAreBounded() {
        Duration base = Duration.ofSeconds(30);
        assertThat(IosxeDriver.transferTimeout(base, 10L * 1024 * 1024, 256 * 1024, Duration.ofMinutes(60)))
                .isEqualTo(Duration.ofSeconds(30 + 40 + 1));
        assertThat(IosxeDriver.transferTimeout(base, 100L << 30, 256 * 1024, Duration.ofMinutes(60))).isEqualTo(Duration.ofMinutes(60));
        assertThat(IosxeDriver.transferTimeout(base, 0, 256 * 1024, Duration.ofMinutes(60))).isEqualTo(Duration.ofMinutes(60));
    }
}
