package io.appfleet.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.testsupport.EmbeddedKafka;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;

/**
 * The packaged service as a process: changes accepted while Kafka is down survive a SIGKILL of
 * the service and reach Kafka after both come back. Nothing accepted is lost.
 */
class InventoryRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void killedServiceLosesNothingItAccepted() throws Exception {
        FleetInfra infra = FleetInfra.shared();
        // Its own database: the in-JVM test app must not share (and relay) this outbox.
        infra.postgres().createDatabase("inventory_restart");
        Path moduleDir = Path.of(System.getProperty("appfleet.service.dir", "."));
        try (ServiceProcess inventory = ServiceProcess.forModule("inventory-restart-it", moduleDir)
                .config("kafka.bootstrap.servers", infra.kafka().bootstrapServers())
                .config("quarkus.datasource.jdbc.url", infra.postgres().jdbcUrl("inventory_restart"))
                .config("quarkus.datasource.username", infra.postgres().username())
                .config("quarkus.datasource.password", infra.postgres().password())
                .config("appfleet.kafka.partitions", "3")
                // Its own host-key consumer group: a killed member must not hold partitions of the in-JVM app's group.
                .config("appfleet.inventory.host-keys.group-id", "inventory-host-keys-restart-it")
                .build()) {
            inventory.start().awaitReady(Duration.ofSeconds(60));

            EmbeddedKafka kafka = infra.kafka();
            kafka.stop();
            StringBuilder csv = new StringBuilder("id,platform,osVersion,host,site,labels\n");
            for (int i = 1; i <= 50; i++) {
                csv.append("rs-").append(i).append(",iosxe,17.12.4,127.0.30.").append(i).append(",ams,fleet=restart\n");
            }
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(inventory.baseUrl()
                    + "/api/v1/devices:import")).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("\"accepted\":50");

            inventory.kill();
            kafka.restart();
            inventory.start().awaitReady(Duration.ofSeconds(60));

            List<ConsumerRecord<String, byte[]>> records = InventoryTopic.await(k -> k.startsWith("rs-"),
                    l -> l.stream().map(ConsumerRecord::key).distinct().count() >= 50, Duration.ofSeconds(60));
            assertThat(records.stream().map(ConsumerRecord::key).collect(Collectors.toSet())).hasSize(50);
            for (ConsumerRecord<String, byte[]> r : records) {
                Device d = Device.parseFrom(r.value());
                assertThat(d.getId()).isEqualTo(r.key());
                assertThat(d.getGeneration()).isEqualTo(1);
            }
            HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create(inventory.baseUrl()
                    + "/api/v1/devices?selector=fleet%3Drestart&size=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(list.body()).contains("\"total\":50");
        } finally {
            if (!infra.kafka().isRunning()) {
                infra.kafka().restart();
            }
        }
    }
}
