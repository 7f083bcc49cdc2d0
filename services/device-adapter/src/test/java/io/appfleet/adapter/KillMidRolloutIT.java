package io.appfleet.adapter;

import io.appfleet.devicesim.Fleet;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.devicesim.iosxe.AppState;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SIGKILL the adapter in the middle of a rollout, start it again: every device converges, and no
 * lifecycle step that had taken effect on a device is sent to it a second time (the simulators'
 * command logs say what each device really received).
 */
class KillMidRolloutIT {

    private static final int DEVICES = 24;

    @Test
    void anAdapterKilledMidRolloutConvergesWithoutRepeatingASucceededStep() throws Exception {
        String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "." + ThreadLocalRandom.current().nextInt(200) + ".1";
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        try (Fleet fleet = Fleet.start(Fleet.Spec.iosxe(DEVICES, base, port).withLatencyMs(40).withInstallMs(1500)
                .withOsVersions("17.9.4"));
             PackageServer packages = new PackageServer();
             FleetTopics topics = new FleetTopics(FleetInfra.shared().kafka().bootstrapServers());
             ServiceProcess adapter = AdapterProcesses.adapter("adapter-kill-it")) {
            fleet.devices().forEach(d -> d.iosxe().requireStagedPackages(true));
            String url = packages.add("probe.tar", 256 * 1024);
            String sha = packages.sha256("probe.tar");
            adapter.start().awaitReady(Duration.ofSeconds(90));

            List<String> ids = new ArrayList<>();
            for (SimulatedDevice d : fleet.devices()) {
                String id = "kill-" + d.hostname();
                ids.add(id);
                topics.publishDevice(topics.device(id, Platform.PLATFORM_IOSXE, d.address().getHostString(),
                        d.address().getPort(), d.osVersion(), d.username(), d.password()).build());
                topics.publishDesired(DesiredDeviceState.newBuilder().setDeviceId(id).addApps(DesiredApp.newBuilder()
                        .setAppId("probe").setDeploymentName("probes").setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                        .setPackage(AppPackage.newBuilder().setUrl(url).setSha256(sha).setSizeBytes(256 * 1024))));
            }

            // Mid-rollout: some devices are done, others have not finished.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
                long running = fleet.devices().stream().filter(d -> d.iosxe().appHosting().state("probe") == AppState.RUNNING).count();
                return running >= 3;
            });
            adapter.kill();
            long runningAtKill = fleet.devices().stream()
                    .filter(d -> d.iosxe().appHosting().state("probe") == AppState.RUNNING).count();
            assertThat(runningAtKill).as("killed in the middle of the rollout").isLessThan(DEVICES);

            adapter.start().awaitReady(Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> ids.stream()
                    .allMatch(id -> topics.observed(id).filter(o -> o.getSync() == SyncStatus.SYNC_STATUS_SYNCED
                            && o.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY).isPresent()));

            for (SimulatedDevice d : fleet.devices()) {
                assertThat(d.iosxe().appHosting().state("probe")).isEqualTo(AppState.RUNNING);
                List<String> lines = d.commandLog().lines();
                for (String verb : List.of("app-hosting install appid probe", "app-hosting activate appid probe",
                        "app-hosting start appid probe")) {
                    assertThat(lines.stream().filter(l -> l.startsWith(verb)).count())
                            .as("%s received '%s'", d.hostname(), verb).isEqualTo(1);
                }
                // A copy cut off by the kill may be sent again; a finished one never is.
                assertThat(lines.stream().filter(l -> l.startsWith("copy ")).count()).as("%s copies", d.hostname())
                        .isBetween(1L, 2L);
            }
        }
    }
}
