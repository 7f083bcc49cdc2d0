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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * Two adapter processes in one consumer group share a fleet: each device is worked on by exactly
 * one of them, a refresh works whichever of them it reaches, and when one leaves, the other takes
 * its devices over.
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

            refreshReachesTheOwnerWhicheverInstanceTakesIt(topics, fleet, ids, a, b);

            // a leaves (scale-down): b gets its partitions and carries out the next change everywhere.
            a.stop();
            ids.forEach(id -> topics.publishDesired(desired(id, url, sha, DesiredAppState.DESIRED_APP_STATE_STOPPED)));
            awaitAll(topics, ids, 2, HealthStatus.HEALTH_STATUS_SUSPENDED);
            assertThat(ids).allSatisfy(id -> assertThat(topics.observed(id).orElseThrow().getAdapterInstanceId())
                    .isEqualTo("adapter-b"));
            // b owns every device now: a refresh of one that a owned before is queued right there.
            String wasA = ids.stream().filter(id -> instancesByDevice.get(id).contains("adapter-a")).findFirst().orElseThrow();
            given().baseUri(b.baseUrl()).post("/api/v1/devices/{id}/refresh", wasA).then().statusCode(202)
                    .body("queued", equalTo(true)).body("adapterInstanceId", equalTo("adapter-b"));
            assertThat(fleet.devices()).allSatisfy(d -> assertThat(d.iosxe().appHosting().state("probe"))
                    .isEqualTo(AppState.STOPPED));
        }
    }

    /**
     * Both instances are up and every device is Synced and Healthy (nothing else will pass them for
     * the resync interval, 5 minutes): a refresh posted to b of a device a owns is routed to a, which
     * passes it; one of b's own is queued by b; one of a device inventory does not know is accepted
     * and its owner (whichever it is) logs that it does not know it; no other device is passed.
     */
    private static void refreshReachesTheOwnerWhicheverInstanceTakesIt(FleetTopics topics, Fleet fleet, List<String> ids,
                                                                      ServiceProcess a, ServiceProcess b) {
        String ofA = ids.stream().filter(id -> owner(topics, id).equals("adapter-a")).findFirst().orElseThrow();
        String ofB = ids.stream().filter(id -> owner(topics, id).equals("adapter-b")).findFirst().orElseThrow();
        String unknown = "two-unknown-device";
        Map<String, Integer> observedBefore = ids.stream().collect(Collectors.toMap(id -> id,
                id -> topics.observedHistory(id).size()));
        String lastPassOfA = topics.observed(ofA).orElseThrow().getReconcileId();
        SimulatedDevice simOfA = fleet.devices().get(ids.indexOf(ofA));
        int commandsOnA = simOfA.commandLog().lines().size();

        String requestId = given().baseUri(b.baseUrl()).post("/api/v1/devices/{id}/refresh", ofA).then().statusCode(202)
                .body("deviceId", equalTo(ofA)).body("queued", equalTo(false)).body("routed", equalTo(true))
                .extract().path("requestId");
        assertThat(requestId).isNotBlank();
        given().baseUri(b.baseUrl()).post("/api/v1/devices/{id}/refresh", ofB).then().statusCode(202)
                .body("queued", equalTo(true)).body("adapterInstanceId", equalTo("adapter-b"));
        given().baseUri(a.baseUrl()).post("/api/v1/devices/{id}/refresh", unknown).then().statusCode(202)
                .body("routed", equalTo(true));
        given().baseUri(a.baseUrl()).post("/api/v1/devices/{id}/refresh", "Not_A_Device").then().statusCode(400)
                .contentType("application/problem+json");

        // The owner passed the device: a new observed record from a, of a new pass that read the device again.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> topics.observed(ofA)
                .filter(o -> !o.getReconcileId().equals(lastPassOfA) && o.getAdapterInstanceId().equals("adapter-a"))
                .isPresent());
        assertThat(simOfA.commandLog().lines().size()).isGreaterThan(commandsOnA);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> commandCount(a, "unknown_device") + commandCount(b, "unknown_device") == 1);
        assertThat(commandCount(a, "queued")).isEqualTo(1); // ofA; ofB was queued by b without a command
        assertThat(commandCount(b, "queued")).isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.observedHistory(ofB).size() > observedBefore.get(ofB));
        assertThat(ids).filteredOn(id -> !id.equals(ofA) && !id.equals(ofB))
                .allSatisfy(id -> assertThat(topics.observedHistory(id)).as(id).hasSize(observedBefore.get(id)));
        assertThat(topics.observed(unknown)).isEmpty();
    }

    private static String owner(FleetTopics topics, String id) {
        return topics.observed(id).orElseThrow().getAdapterInstanceId();
    }

    /** fleet_adapter_device_commands_total of one outcome, from the instance's /q/metrics. */
    private static double commandCount(ServiceProcess adapter, String outcome) {
        return PromText.value(given().baseUri(adapter.baseUrl()).get("/q/metrics").then().statusCode(200).extract().asString(),
                "fleet_adapter_device_commands_total", "outcome", outcome);
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
