package io.appfleet.desired.devicestate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import io.appfleet.proto.fleet.v1.AppNetwork;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.ContainerImage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.GuestInterface;
import io.appfleet.proto.fleet.v1.HealthCheck;
import io.appfleet.proto.fleet.v1.NetworkMode;

class ConfigDigestTest {

    static DesiredApp app() {
        return DesiredApp.newBuilder().setAppId("perfsonar").setDeploymentName("p").setDeploymentRevision(3)
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                .setPackage(AppPackage.newBuilder().setUrl("https://r.example/p.tar")
                        .setSha256("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08").setSizeBytes(10))
                .setResources(AppResources.newBuilder().setVcpu(2).setCpuUnits(7000).setMemoryMib(1024).setDiskMib(512))
                .addRunOpts("--cap-add=NET_ADMIN").putEnv("A", "1").putEnv("B", "2")
                .setNetwork(AppNetwork.newBuilder().setMode(NetworkMode.NETWORK_MODE_MANAGEMENT)
                        .addInterfaces(GuestInterface.newBuilder().setIndex(0).setIpv4Address("10.0.0.2")
                                .setIpv4PrefixLength(24)))
                .build();
    }

    @Test
    void isAFixedFunctionOfTheConfiguration() {
        // A golden value: the adapter stores digests on its side, so the algorithm must never drift. It was
        // computed independently of this code from the documented encoding (docs/architecture.md).
        assertThat(ConfigDigest.of(app()))
                .isEqualTo(ConfigDigest.of(app().toBuilder().clearEnv().putEnv("B", "2").putEnv("A", "1").build()))
                .hasSize(64).matches("[0-9a-f]{64}")
                .isEqualTo("760881766f519fdf3cc00ba7232ecd6beb8cff2920dfa05c6453557b65d33d7c");
    }

    @Test
    void changesWithEveryConfigurationFieldAndWithNothingElse() {
        String base = ConfigDigest.of(app());
        List<UnaryOperator<DesiredApp.Builder>> config = List.of(
                b -> b.setAppId("other"),
                b -> b.setPackage(b.getPackage().toBuilder().setUrl("https://r.example/q.tar")),
                b -> b.setPackage(b.getPackage().toBuilder().setSha256("0".repeat(64))),
                b -> b.setPackage(b.getPackage().toBuilder().setSizeBytes(11)),
                b -> b.setPackage(b.getPackage().toBuilder().setVersion("1.3")),
                b -> b.setImage(ContainerImage.newBuilder().setReference("docker://x")),
                b -> b.setResources(b.getResources().toBuilder().setVcpu(1)),
                b -> b.setResources(b.getResources().toBuilder().setCpuUnits(1)),
                b -> b.setResources(b.getResources().toBuilder().setMemoryMib(1)),
                b -> b.setResources(b.getResources().toBuilder().setDiskMib(1)),
                b -> b.addRunOpts("--x"),
                b -> b.putEnv("A", "3"),
                b -> b.setNetwork(b.getNetwork().toBuilder().setMode(NetworkMode.NETWORK_MODE_APPGIGABIT_TRUNK)),
                b -> b.setNetwork(b.getNetwork().toBuilder().setInterfaces(0,
                        b.getNetwork().getInterfaces(0).toBuilder().setVlanId(5))),
                b -> b.setNetwork(b.getNetwork().toBuilder().addDnsServers("10.0.0.53")),
                b -> b.setCommand("/bin/run"));
        for (int i = 0; i < config.size(); i++) {
            assertThat(ConfigDigest.of(config.get(i).apply(app().toBuilder()).build())).as("change %d", i)
                    .isNotEqualTo(base);
        }
        List<UnaryOperator<DesiredApp.Builder>> notConfig = List.of(
                b -> b.setState(DesiredAppState.DESIRED_APP_STATE_STOPPED),
                b -> b.setDeploymentRevision(4),
                b -> b.setDeploymentName("q"),
                b -> b.setHealthCheck(HealthCheck.newBuilder().setUseDeviceProbe(true)),
                b -> b.setConfigDigest("x"));
        for (int i = 0; i < notConfig.size(); i++) {
            assertThat(ConfigDigest.of(notConfig.get(i).apply(app().toBuilder()).build())).as("non-config %d", i)
                    .isEqualTo(base);
        }
    }
}
