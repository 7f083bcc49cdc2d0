package io.appfleet.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.appfleet.devicesim.Fleet;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.devicesim.iosxe.AppState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;
import io.appfleet.testsupport.TestAuth;

/**
 * A health-gated rollout end to end: the packaged desired-state and device-adapter as processes,
 * nine simulated Catalyst switches over SSH, three waves (1, then up to 4, then all). Waves open
 * only after the previous one is Synced and Healthy for {@code healthyFor}; desired-state killed
 * in wave 2 resumes at wave 2; a revision whose installs fail breaches the threshold in wave 2 and
 * is rolled back automatically, with the last wave's devices never touched; deleting the
 * deployment removes the app. Needs desired-state packaged first (it is, earlier in the reactor).
 */
class RolloutWavesIT {

    private static final int DEVICES = 9;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void wavesOpenInTurnSurviveARestartAndAFailingRevisionRollsBack() throws Exception {
        Path desiredModule = Path.of(System.getProperty("appfleet.service.dir", ".")).resolve("../desired-state")
                .normalize();
        assertThat(ServiceProcess.quarkusRunJar(desiredModule)).as("desired-state must be packaged before this test"
                + " (./mvnw verify builds it earlier in the reactor)").exists();
        FleetInfra infra = FleetInfra.shared();
        infra.postgres().createDatabase("desired_rollout_it");
        String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "."
                + ThreadLocalRandom.current().nextInt(200) + ".1";
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        try (Fleet fleet = Fleet.start(Fleet.Spec.iosxe(DEVICES, base, port).withLatencyMs(5)
                .withOsVersions("16.12.5"));
             PackageServer packages = new PackageServer();
             FleetTopics topics = new FleetTopics(infra.kafka().bootstrapServers());
             ServiceProcess adapter = AdapterProcesses.adapter("rollout-it-adapter");
             ServiceProcess desired = ServiceProcess.forModule("rollout-it-desired", desiredModule)
                     .config("kafka.bootstrap.servers", infra.kafka().bootstrapServers())
                     .config("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl("desired_rollout_it"))
                     .config("quarkus.datasource.username", infra.postgres().username())
                     .config("quarkus.datasource.password", infra.postgres().password())
                     .config("appfleet.kafka.partitions", "6")
                     .config("appfleet.desired.rollout.interval", "1s")
                     .config("quarkus.log.console.json.enabled", "false")
                     .jvmArgs("-Dappfleet.auth.tokens.it-operator.sha256=" + TestAuth.OPERATOR_TOKEN_SHA256,
                             "-Dappfleet.auth.tokens.it-operator.role=operator")
                     .build()) {
            String v1 = packages.add("probe-v1.tar", 64 * 1024);
            String v2 = packages.add("probe-v2.tar", 64 * 1024);
            adapter.start();
            desired.start();
            adapter.awaitReady(Duration.ofSeconds(120));
            desired.awaitReady(Duration.ofSeconds(120));
            List<String> ids = new ArrayList<>();
            for (SimulatedDevice d : fleet.devices()) {
                String id = "wave-" + d.hostname();
                ids.add(id);
                topics.publishDevice(topics.device(id, Platform.PLATFORM_IOSXE, d.address().getHostString(),
                        d.address().getPort(), d.osVersion(), d.username(), d.password()).putLabels("it", "waves")
                        .build());
            }

            // Revision 1: waves of 1, 4 and 9 devices, 5 s healthy between waves.
            await().atMost(Duration.ofSeconds(60)).until(() -> apply(desired, manifest(v1,
                    packages.sha256("probe-v1.tar"))).statusCode() == 201);
            AtomicReference<JsonNode> seen = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> {
                JsonNode r = rollout(desired);
                seen.set(r);
                return r.path("waves").path(0).path("succeeded").asInt() == 1 || r.path("currentWave").asInt() > 1;
            });
            assertThat(seen.get().path("currentWave").asInt()).as("wave 1 done, held for healthyFor: %s", seen.get())
                    .isEqualTo(1);
            assertThat(devicesThatInstalled(fleet, "probe-v1")).as("only wave 1's device was given the app").isEqualTo(1);

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                    .until(() -> rollout(desired).path("currentWave").asInt() == 2);
            desired.kill();
            desired.start().awaitReady(Duration.ofSeconds(120));
            JsonNode resumed = rollout(desired);
            assertThat(resumed.path("currentWave").asInt()).as("resumed where it was: %s", resumed).isGreaterThanOrEqualTo(2);
            assertThat(events(resumed, "Started")).as("the restart started nothing over").hasSize(1);

            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> rollout(desired).path("state").asText().equals("Succeeded"));
            JsonNode done = rollout(desired);
            assertThat(done.path("succeeded").asInt()).isEqualTo(DEVICES);
            assertThat(events(done, "WaveOpened")).extracting(e -> e.path("wave").asInt()).containsExactly(2, 3);
            awaitAllRunning(fleet, topics, ids);
            for (SimulatedDevice d : fleet.devices()) {
                assertThat(d.commandLog().lines().stream().filter(l -> l.startsWith("app-hosting install appid probe"))
                        .count()).as("%s installed once", d.hostname()).isEqualTo(1);
            }

            // Revision 2: every install of its package fails. Wave 1's failure is within the threshold of 1; wave 2's
            // are not. Only the new package fails, as a broken build would: the rollback's reinstall of revision 1 may
            // reach a device before the test clears the fault.
            fleet.devices().forEach(d -> d.faults().installFailureOf("probe-v2"));
            HttpResponse<String> update = apply(desired, manifest(v2, packages.sha256("probe-v2.tar")));
            assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> revisions(desired).size() == 3);
            JsonNode rollback = revisions(desired).get(0);
            assertThat(rollback.path("action").asText()).isEqualTo("rollback");
            assertThat(rollback.path("rollbackOf").asInt()).isEqualTo(1);
            assertThat(rollback.path("principal").asText()).isEqualTo("appfleet-auto-rollback");
            JsonNode rolledBack = rollout(desired);
            assertThat(events(rolledBack, "RolledBack")).singleElement().satisfies(e -> {
                assertThat(e.path("wave").asInt()).isEqualTo(2);
                assertThat(e.path("message").asText()).startsWith("wave 2: ").contains("COMMAND_REJECTED")
                        .contains("rolling back to revision 1");
            });

            fleet.devices().forEach(d -> d.faults().installFailureOf(null));
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300))
                    .until(() -> rollout(desired).path("state").asText().equals("Succeeded"));
            awaitAllRunning(fleet, topics, ids);
            int triedV2 = devicesThatInstalled(fleet, "probe-v2");
            assertThat(triedV2).as("waves 1 and 2 only (4 devices); the last wave's 5 never saw revision 2")
                    .isBetween(2, 4);
            for (SimulatedDevice d : fleet.devices()) {
                List<String> installs = d.commandLog().lines().stream()
                        .filter(l -> l.startsWith("app-hosting install appid probe")).toList();
                assertThat(installs.get(installs.size() - 1)).as("%s ends on revision 1's package", d.hostname())
                        .contains("probe-v1");
            }

            // Deleting the deployment takes the app off every device.
            HttpResponse<String> deleted = send(desired, "DELETE", "/api/v1/deployments/probes", null);
            assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> fleet.devices()
                    .stream().allMatch(d -> d.iosxe().appHosting().find("probe") == null));
        }
    }

    private static String manifest(String url, String sha256) {
        return """
                apiVersion: appfleet/v1
                kind: AppDeployment
                metadata: {name: probes}
                spec:
                  app:
                    id: probe
                    package: {url: "%s", sha256: "%s", sizeBytes: 65536}
                    resources: {cpuUnits: 500, memoryMb: 128}
                  targets: {selector: {matchLabels: {it: waves}}}
                  rollout:
                    waves: [{count: 1}, {count: 4}, {percent: 100}]
                    maxUnavailable: 100%%
                    failureThreshold: 1
                    healthyFor: 5s
                    autoRollback: true
                """.formatted(url, sha256);
    }

    private static int devicesThatInstalled(Fleet fleet, String packageName) {
        return (int) fleet.devices().stream().filter(d -> d.commandLog().lines().stream()
                .anyMatch(l -> l.startsWith("app-hosting install appid probe") && l.contains(packageName))).count();
    }

    private static void awaitAllRunning(Fleet fleet, FleetTopics topics, List<String> ids) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(300)).until(() -> fleet.devices()
                .stream().allMatch(d -> d.iosxe().appHosting().state("probe") == AppState.RUNNING)
                && ids.stream().allMatch(id -> topics.observed(id).filter(o -> o.getSync() == SyncStatus.SYNC_STATUS_SYNCED
                        && o.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY).isPresent()));
    }

    private static List<JsonNode> events(JsonNode rollout, String type) {
        List<JsonNode> out = new ArrayList<>();
        rollout.path("events").forEach(e -> {
            if (e.path("type").asText().equals(type)) {
                out.add(e);
            }
        });
        return out;
    }

    private static JsonNode rollout(ServiceProcess desired) throws Exception {
        HttpResponse<String> r = send(desired, "GET", "/api/v1/deployments/probes/rollout", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<JsonNode> revisions(ServiceProcess desired) throws Exception {
        HttpResponse<String> r = send(desired, "GET", "/api/v1/deployments/probes/revisions", null);
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(r.body()).forEach(out::add);
        return out;
    }

    private static HttpResponse<String> apply(ServiceProcess desired, String yaml) throws Exception {
        return send(desired, "POST", "/api/v1/deployments", yaml);
    }

    private static HttpResponse<String> send(ServiceProcess service, String method, String path, String yaml)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", TestAuth.OPERATOR)
                .method(method, yaml == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(yaml));
        if (yaml != null) {
            b.header("Content-Type", "application/yaml");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
