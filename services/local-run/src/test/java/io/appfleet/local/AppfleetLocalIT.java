package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;

/**
 * The README's first command, {@code up}, end to end with the real inventory service built by this
 * reactor and the real example fleet: once with embedded Kafka and PostgreSQL, once against existing
 * ones given by URL.
 */
class AppfleetLocalIT {

    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path EXAMPLES = REPO.resolve("deploy/examples/inventory/devices.csv");

    @Test
    void upWithEmbeddedInfrastructureImportsTheExampleFleetAndStopsInOrder(@TempDir Path data) throws Exception {
        int port = ServiceProcess.freePort();
        String out = up(0, "--http-port-base=" + port, "--data-dir=" + data);

        assertTrue(out.contains("imported " + exampleIds().size() + " devices"), out);
        assertTrue(out.contains("http://127.0.0.1:" + port + "/api/v1/devices"), out);
        assertTrue(out.contains("http://127.0.0.1:" + port + "/q/swagger-ui"), out);
        assertTrue(out.contains("/q/metrics"), out);
        int services = out.indexOf("stopped inventory");
        int kafka = out.indexOf("stopped Kafka");
        int pg = out.indexOf("stopped PostgreSQL");
        assertTrue(services > 0 && kafka > services && pg > kafka, "stop order services, Kafka, PostgreSQL:\n" + out);
        String log = Files.readString(data.resolve("logs/inventory.log"));
        assertTrue(log.contains("import format=CSV rows=" + exampleIds().size()), log);
        assertFalse(log.contains("appfleet.credentials.key"), "the sealing key stays out of the log");
        assertTrue(Files.isRegularFile(data.resolve("kafka/broker.log")), "--data-dir keeps Kafka");
        assertTrue(Files.isDirectory(data.resolve("postgres/pgdata")), "--data-dir keeps PostgreSQL");
    }

    @Test
    void upAgainstExistingKafkaAndPostgresPublishesTheFleet(@TempDir Path data) throws Exception {
        FleetInfra infra = FleetInfra.shared();
        infra.postgres().createDatabase("localrun_existing");
        String out = up(0, "--http-port-base=" + ServiceProcess.freePort(), "--data-dir=" + data,
                "--kafka=" + infra.kafka().bootstrapServers(),
                "--postgres=" + infra.postgres().jdbcUrl("localrun_existing"),
                "--postgres-user=" + infra.postgres().username(),
                "--postgres-password=" + infra.postgres().password());

        assertTrue(out.contains("imported " + exampleIds().size() + " devices"), out);
        assertFalse(out.contains("stopped Kafka"), "an existing Kafka is not ours to stop:\n" + out);
        assertFalse(out.contains("password=" + infra.postgres().password()), out);
        assertEquals(exampleIds(), keysOnInventoryTopic(infra.kafka().bootstrapServers(), exampleIds()));
    }

    private static String up(int expectedExit, String... options) {
        List<String> args = new ArrayList<>(List.of("up", "--repo-root=" + REPO, "--exit-after-import"));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        assertEquals(expectedExit, rc, out + "\n" + err);
        return out.toString();
    }

    private static Set<String> exampleIds() throws Exception {
        Set<String> ids = new HashSet<>();
        List<String> lines = Files.readAllLines(EXAMPLES, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                ids.add(line.substring(0, line.indexOf(',')));
            }
        }
        return ids;
    }

    private static Set<String> keysOnInventoryTopic(String bootstrap, Set<String> wanted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("fleet.inventory.v1", Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.containsAll(wanted) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.contains(r.key()) && r.value() != null) {
                        seen.add(r.key());
                    }
                }
            }
        }
        return seen;
    }
}
