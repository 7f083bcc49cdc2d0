package io.appfleet.adapter;

import io.appfleet.devicesim.Fleet;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.drivers.qga.AgentProcess;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.GuestAgent;
import io.appfleet.proto.fleet.v1.GuestNetworkInterface;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Guest stats of KVM apps end to end: the real broker, a simulated IOS-XE device over SSH whose
 * server runs the real socat, and real qemu-ga processes behind it. Telemetry rounds are 2 s here.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestAgentTelemetryIT {

    private Fleet iosxe;
    private FleetTopics topics;
    private PackageServer packages;
    private String packageUrl;
    private Path dirs;
    private AgentProcess open;
    private AgentProcess restricted;

    @BeforeAll
    void start() throws Exception {
        String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "." + ThreadLocalRandom.current().nextInt(200) + ".1";
        iosxe = Fleet.start(Fleet.Spec.iosxe(1, base, 20_000 + ThreadLocalRandom.current().nextInt(20_000)).withInstallMs(100));
        packages = new PackageServer();
        packageUrl = packages.add("vm.tar", 16 * 1024);
        dirs = Files.createTempDirectory("qga-it");
        open = AgentProcess.start(Files.createDirectories(dirs.resolve("vm1")));
        // The operator blocked one command (qemu-ga -b): the agent says so, and the other stats still come.
        restricted = AgentProcess.start(Files.createDirectories(dirs.resolve("vm2")), "guest-get-diskstats");
        topics = new FleetTopics(FleetInfra.shared().kafka().bootstrapServers());
    }

    @AfterAll
    void stop() throws Exception {
        topics.close();
        packages.close();
        iosxe.close();
        if (open != null) {
            open.close();
        }
        restricted.close();
    }

    private DesiredApp.Builder kvm(String appId, Path socket) {
        return DesiredApp.newBuilder().setAppId(appId).setDeploymentName("vms").setDeploymentRevision(1)
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING).setConfigDigest("d-" + appId)
                .setPackage(AppPackage.newBuilder().setUrl(packageUrl).setSha256(packages.sha256("vm.tar")))
                .setGuestAgent(GuestAgent.newBuilder().setSocket(socket.toString()));
    }

    private List<GuestStats> guestStats(String deviceId, String appId, Instant after) {
        return topics.telemetry(deviceId).stream().filter(TelemetrySample::hasGuestStats)
                .filter(t -> t.getGuestStats().getAppId().equals(appId))
                .filter(t -> t.getSampledAt().getSeconds() * 1000 + t.getSampledAt().getNanos() / 1_000_000 > after.toEpochMilli())
                .map(TelemetrySample::getGuestStats).toList();
    }

    private long deviceSamples(String deviceId, Instant after) {
        return topics.telemetry(deviceId).stream().filter(t -> t.hasCppPolicerStats() || t.hasAppUtilization())
                .filter(t -> t.getSampledAt().getSeconds() * 1000 + t.getSampledAt().getNanos() / 1_000_000 > after.toEpochMilli())
                .count();
    }

    @Test
    void guestStatsFlowStopWithTheAgentWhileTheDevicesOtherTelemetryGoesOnAndResume() throws Exception {
        SimulatedDevice d = iosxe.device(0);
        String id = d.hostname() + "-qga-" + ThreadLocalRandom.current().nextInt(1_000_000);
        topics.publishDevice(topics.device(id, Platform.PLATFORM_IOSXE, d.address().getHostString(), d.address().getPort(),
                d.osVersion(), d.username(), d.password()).build());
        long g = topics.publishDesired(DesiredDeviceState.newBuilder().setDeviceId(id)
                .addApps(kvm("vm1", open.socket)).addApps(kvm("vm2", restricted.socket)));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> topics.observed(id)
                .filter(o -> o.getObservedDesiredGeneration() == g && o.getSync() == SyncStatus.SYNC_STATUS_SYNCED
                        && o.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY).isPresent());

        Instant begin = Instant.EPOCH;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !guestStats(id, "vm1", begin).isEmpty() && !guestStats(id, "vm2", begin).isEmpty());
        GuestStats vm1 = guestStats(id, "vm1", begin).get(0);
        assertThat(vm1.getAgentVersion()).isNotBlank();
        assertThat(vm1.getCpusCount()).isPositive();
        assertThat(vm1.getInterfacesList()).extracting(GuestNetworkInterface::getName).contains("lo");
        assertThat(vm1.getOsInfo().getKernelRelease()).isEqualTo(System.getProperty("os.version"));
        assertThat(vm1.getDisabledCommandsList()).doesNotContain("guest-get-diskstats");
        GuestStats vm2 = guestStats(id, "vm2", begin).get(0);
        assertThat(vm2.getDisabledCommandsList()).contains("guest-get-diskstats");
        assertThat(vm2.getDisksList()).isEmpty();
        assertThat(vm2.getCpusCount()).as("the rest is still read").isPositive();
        if (vm2.getUnsupportedCommandsList().contains("guest-get-load")) {
            assertThat(vm2.hasLoad()).as("qemu-ga before 10.0 has no guest-get-load").isFalse();
        }
        assertThat(d.commandLog().lines()).contains("socat - UNIX-CONNECT:" + open.socket);

        // vm1's agent stops: no sample for it, while vm2 and the device's own telemetry go on.
        open.close();
        open = null;
        Instant stopped = Instant.now().plusMillis(500);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> guestStats(id, "vm2", stopped).size() >= 2 && deviceSamples(id, stopped) >= 2);
        assertThat(guestStats(id, "vm1", stopped)).isEmpty();

        // Back on the same socket: the adapter reconnects and samples resume.
        Files.deleteIfExists(dirs.resolve("vm1/qga.sock"));
        open = AgentProcess.start(dirs.resolve("vm1"));
        Instant restarted = Instant.now();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> !guestStats(id, "vm1", restarted).isEmpty());
        assertThat(guestStats(id, "vm1", restarted).get(0).getCpusCount()).isPositive();
    }
}
