package io.appfleet.adapter;

import io.appfleet.devicesim.Fleet;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.devicesim.iosxe.AppState;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two adapter processes in one consumer group share a fleet: each device is worked on by exactly
 * one of them, and when one leaves, the other takes its devices over.
 */
class TwoInstancesIT {

    private static final int DEVICES = 24;

    @Test
    void twoInstancesShareTheFleetAndOneTakesOverWhenTheOtherLeaves() throws Exception {
        String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "." + ThreadLocalRandom.current().nextInt(200) + ".1";
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        try (Fleet fleet = Fleet.start(Fleet.Spec.iosxe(DEVICES, base, port).withInstallMs(200).withOsVersions("17.9.4"));
             PackageServer packages = new PackageServer();
             FleetTopics topics = new FleetTopics(FleetInfra.shared().kafka().bootstrapServers());
             ServiceProcess a = AdapterProcesses.adapter("adapter-a");
             ServiceProcess b = AdapterProcesses.adapter("adapter-b")) {
            fleet.devices().forEach(d -> d.iosxe().requireStagedPackages(true));
            String url = packages.add("probe.tar", 32 * 1024);
            String sha = packages.sha256("probe.tar");
            a.start();
            b.start();
            a.awaitReady(Duration.ofSeconds(90));
            b.awaitReady(Duration.ofSeconds(90));

            List<String> ids = new ArrayList<>();
            for (SimulatedDevice d : fleet.devices()) {
                String id = "two-" + d.hostname();
                ids.add(id);
                topics.publishDevice(topics.device(id, Platform.PLATFORM_IOSXE, d.address().getHostString(),
                        d.address().getPort(), d.osVersion(), d.username(), d.password()).build());
            }
            ids.forEach(id -> topics.publishDesired(desired(id, url, sha, DesiredAppState.DESIRED_APP_STATE_RUNNING)));
            awaitAll(topics, ids, 1, HealthStatus.HEALTH_STATUS_HEALTHY);

            // Each device's steps came from one instance, and both instances had devices.
            Map<String, Set<String>> instancesByDevice = ids.stream().collect(Collectors.toMap(id -> id, id -> topics.events(id)
                    .stream().map(ReconcileEvent::getAdapterInstanceId).collect(Collectors.toSet())));
            assertThat(instancesByDevice.values()).allSatisfy(s -> assertThat(s).hasSize(1));
            assertThat(instancesByDevice.values().stream().flatMap(Set::stream).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder("adapter-a", "adapter-b");
            for (SimulatedDevice d : fleet.devices()) {
                assertThat(d.commandLog().lines().stream().filter(l -> l.startsWith("app-hosting install appid probe")).count())
                        .as(d.hostname()).isEqualTo(1);
            }

            // a leaves (scale-down): b gets its partitions and carries out the next change everywhere.
            a.stop();
            ids.forEach(id -> topics.publishDesired(desired(id, url, sha, DesiredAppState.DESIRED_APP_STATE_STOPPED)));
            awaitAll(topics, ids, 2, HealthStatus.HEALTH_STATUS_SUSPENDED);
            assertThat(ids).allSatisfy(id -> assertThat(topics.observed(id).orElseThrow().getAdapterInstanceId())
                    .isEqualTo("adapter-b"));
            assertThat(fleet.devices()).allSatisfy(d -> assertThat(d.iosxe().appHosting().state("probe"))
                    .isEqualTo(AppState.STOPPED));
        }
    }

    private static DesiredDeviceState.Builder desired(String id, String url, String sha, DesiredAppState state) {
        return DesiredDeviceState.newBuilder().setDeviceId(id).addApps(DesiredApp.newBuilder().setAppId("probe")
                .setDeploymentName("probes").setState(state)
                .setPackage(AppPackage.newBuilder().setUrl(url).setSha256(sha).setSizeBytes(32 * 1024)));
    }

    private static void awaitAll(FleetTopics topics, List<String> ids, long generation, HealthStatus health) {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).until(() -> ids.stream()
                .allMatch(id -> topics.observed(id).map(ObservedDeviceState.class::cast)
                        .filter(o -> o.getObservedDesiredGeneration() == generation && o.getSync() == SyncStatus.SYNC_STATUS_SYNCED
                                && o.getHealth() == health).isPresent()));
    }
}
