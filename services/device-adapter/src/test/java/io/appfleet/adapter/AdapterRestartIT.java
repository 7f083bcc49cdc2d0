package io.appfleet.adapter;

import io.appfleet.devicesim.Fleet;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.devicesim.iosxe.AppHosting;
import io.appfleet.devicesim.iosxe.AppState;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the adapter knows and no device shows survives a restart: a package of the same file name
 * with new content, desired while the adapter was down, is installed by the adapter that comes
 * back (it reads what it installed from its last fleet.observed.v1 record), not taken as applied.
 */
class AdapterRestartIT {

    private static final int SIZE = 64 * 1024;

    @Test
    void newContentBehindTheSameFileNameIsInstalledByTheRestartedAdapter() throws Exception {
        String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "." + ThreadLocalRandom.current().nextInt(200) + ".1";
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        try (Fleet fleet = Fleet.start(Fleet.Spec.iosxe(1, base, port).withOsVersions("17.9.4").withInstallMs(300));
             PackageServer packages = new PackageServer();
             FleetTopics topics = new FleetTopics(FleetInfra.shared().kafka().bootstrapServers());
             ServiceProcess adapter = AdapterProcesses.adapter("adapter-restart-it")) {
            SimulatedDevice d = fleet.device(0);
            d.iosxe().requireStagedPackages(true);
            String id = "restart-" + d.hostname() + "-" + base.replace('.', '-');
            adapter.start().awaitReady(Duration.ofSeconds(90));
            topics.publishDevice(topics.device(id, Platform.PLATFORM_IOSXE, d.address().getHostString(),
                    d.address().getPort(), d.osVersion(), d.username(), d.password()).build());

            String url = packages.add("same.tar", SIZE);
            String oldSha = packages.sha256("same.tar");
            long g1 = topics.publishDesired(desired(id, url, oldSha, SIZE, "same-1"));
            awaitSynced(topics, id, g1, "same-1");
            assertThat(d.iosxe().appHosting().find("probe").packageSha256()).isEqualTo(oldSha);

            adapter.kill();
            packages.add("same.tar", SIZE + 1024); // other bytes under the same name
            String newSha = packages.sha256("same.tar");
            long g2 = topics.publishDesired(desired(id, url, newSha, SIZE + 1024, "same-2"));
            adapter.start().awaitReady(Duration.ofSeconds(90));
            ObservedDeviceState done = awaitSynced(topics, id, g2, "same-2");

            AppHosting.App probe = d.iosxe().appHosting().find("probe");
            assertThat(probe.state()).isEqualTo(AppState.RUNNING);
            assertThat(probe.packageSha256()).as("the new content runs").isEqualTo(newSha);
            assertThat(done.getApps(0).getInstalledPackageSha256()).isEqualTo(newSha);
            assertThat(d.commandLog().lines().stream().filter(l -> l.startsWith("app-hosting install appid probe")).count())
                    .isEqualTo(2);
        }
    }

    private static DesiredDeviceState.Builder desired(String id, String url, String sha, int size, String digest) {
        return DesiredDeviceState.newBuilder().setDeviceId(id).addApps(DesiredApp.newBuilder().setAppId("probe")
                .setDeploymentName("probes").setDeploymentRevision(1).setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                .setPackage(AppPackage.newBuilder().setUrl(url).setSha256(sha).setSizeBytes(size))
                .setResources(AppResources.newBuilder().setVcpu(1).setCpuUnits(1000).setMemoryMib(256).setDiskMib(64))
                .setConfigDigest(digest));
    }

    private static ObservedDeviceState awaitSynced(FleetTopics topics, String id, long generation, String digest) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> topics.observed(id)
                .filter(o -> o.getObservedDesiredGeneration() == generation && o.getSync() == SyncStatus.SYNC_STATUS_SYNCED
                        && o.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY
                        && o.getAppsList().stream().anyMatch(a -> a.getAppliedConfigDigest().equals(digest)))
                .isPresent());
        return topics.observed(id).orElseThrow();
    }
}
