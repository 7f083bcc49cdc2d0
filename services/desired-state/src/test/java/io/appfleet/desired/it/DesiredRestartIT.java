package io.appfleet.desired.it;

import static io.appfleet.desired.targeting.Devices.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.it.FleetTopics.Desired;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;
import io.appfleet.testsupport.TestAuth;

/**
 * The packaged service as a process, killed and started again: per-device generations continue
 * from PostgreSQL, nothing is republished when nothing changed, and an inventory change made
 * while the service was down is picked up at start.
 */
class DesiredRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRestartContinuesGenerationsAndPublishesNothingNew() throws Exception {
        FleetInfra infra = FleetInfra.shared();
        // Its own database: the in-JVM test application must not share (and relay) this outbox.
        infra.postgres().createDatabase("desired_restart");
        FleetTopics.publish(device("rs-1", Platform.PLATFORM_IOSXE, "ams", Map.of("it", "restart")));
        FleetTopics.publish(device("rs-2", Platform.PLATFORM_IOSXE, "ams", Map.of("it", "restart")));
        Path moduleDir = Path.of(System.getProperty("appfleet.service.dir", "."));
        try (ServiceProcess service = ServiceProcess.forModule("desired-restart-it", moduleDir)
                .config("kafka.bootstrap.servers", infra.kafka().bootstrapServers())
                .config("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl("desired_restart"))
                .config("quarkus.datasource.username", infra.postgres().username())
                .config("quarkus.datasource.password", infra.postgres().password())
                .config("appfleet.kafka.partitions", "3")
                // Not config(): a key with "token" in it would go in as an environment variable, which cannot
                // carry the dash of the token's name. The hash of the public test token is no secret.
                .jvmArgs("-Dappfleet.auth.tokens.it-operator.sha256=" + TestAuth.OPERATOR_TOKEN_SHA256,
                        "-Dappfleet.auth.tokens.it-operator.role=operator")
                .build()) {
            service.start().awaitReady(Duration.ofSeconds(90));
            String manifest = DeploymentApiIT.manifest("rs-app", "restarter",
                    "{selector: {matchLabels: {it: restart}}}", "    runOpts: [\"--one\"]\n", "");
            await().atMost(Duration.ofSeconds(30)).until(() -> apply(service, manifest).statusCode() == 201);
            awaitGenerations(Map.of("rs-1", 1L, "rs-2", 1L));

            service.kill();
            FleetTopics.publish(device("rs-3", Platform.PLATFORM_IOSXE, "ams", Map.of("it", "restart")));
            service.start().awaitReady(Duration.ofSeconds(90));

            List<Desired> afterRestart = awaitGenerations(Map.of("rs-1", 1L, "rs-2", 1L, "rs-3", 1L));
            assertThat(afterRestart).as("only rs-3, which changed while the service was down, is published")
                    .hasSize(3);

            HttpResponse<String> update = apply(service, manifest.replace("--one", "--two"));
            assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
            assertThat(update.body()).contains("\"revision\":2");
            List<Desired> updated = awaitGenerations(Map.of("rs-1", 2L, "rs-2", 2L, "rs-3", 2L));
            assertThat(updated).hasSize(6);
            assertThat(updated.get(updated.size() - 1).state().getApps(0).getRunOptsList()).containsExactly("--two");
        }
    }

    private static List<Desired> awaitGenerations(Map<String, Long> generations) {
        return FleetTopics.desired(k -> k.startsWith("rs-"), l -> generations.entrySet().stream()
                .allMatch(e -> {
                    Desired d = DeploymentApiIT.last(l, e.getKey());
                    return d != null && d.state() != null && d.state().getGeneration() == e.getValue();
                }), Duration.ofSeconds(60));
    }

    private static HttpResponse<String> apply(ServiceProcess service, String yaml) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/deployments"))
                .header("Content-Type", "application/yaml").header("Authorization", TestAuth.OPERATOR)
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
