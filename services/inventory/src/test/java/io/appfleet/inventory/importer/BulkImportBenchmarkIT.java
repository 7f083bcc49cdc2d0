package io.appfleet.inventory.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Benchmark, not a timed test: imports 10,000 devices from CSV, waits until all 10,000 records
 * are on fleet.inventory.v1, and prints how long that took beside the raw producer rate of the
 * same broker for the same records. The assertions are about correctness only. The figures go
 * to target/benchmarks/bulk-import.txt and, by hand, to docs/benchmarks.md.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class BulkImportBenchmarkIT {

    private static final int DEVICES = 10_000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void tenThousandDevicesFromCsvReachKafka() throws Exception {
        // Round 1 runs on a cold JVM, round 2 on a warm one; both are reported.
        Round cold = importRound("bulk-a-");
        Round warm = importRound("bulk-b-");
        double rawRate = rawProducerRate(warm.records());
        StringBuilder report = new StringBuilder();
        for (Round r : List.of(cold, warm)) {
            report.append(String.format(
                    "bulk import (%s JVM): %d devices from CSV: HTTP import %.2f s (%.0f devices/s);"
                            + " all %d records on fleet.inventory.v1 %.2f s after the request started (%.0f records/s"
                            + " end to end; %.2f of the raw producer rate)%n",
                    r == cold ? "cold" : "warm", DEVICES, r.importSeconds(), DEVICES / r.importSeconds(), DEVICES,
                    r.endToEndSeconds(), DEVICES / r.endToEndSeconds(), (DEVICES / r.endToEndSeconds()) / rawRate));
        }
        report.append(String.format("raw producer rate of the same broker, same %d records (acks=all, idempotent):"
                + " %.0f records/s%n", DEVICES, rawRate));
        System.out.print(report);
        Path out = Path.of("target", "benchmarks", "bulk-import.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
    }

    private record Round(double importSeconds, double endToEndSeconds, List<ConsumerRecord<String, byte[]>> records) {
    }

    @TestHTTPResource("/api/v1/devices:import")
    URI importUri;

    private Round importRound(String prefix) throws Exception {
        String csv = csv(prefix);
        try (KafkaConsumer<String, byte[]> consumer = consumerAtEnd()) {
            long start = System.nanoTime();
            // A plain client: the figure is the service's, not a test library's warm-up.
            HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(importUri).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
            assertThat(reply.body()).contains("\"created\":" + DEVICES);
            long imported = System.nanoTime();
            Map<String, ConsumerRecord<String, byte[]>> seen = new HashMap<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (seen.size() < DEVICES && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    if (r.key().startsWith(prefix)) {
                        seen.putIfAbsent(r.key(), r);
                    }
                }
            }
            long onKafka = System.nanoTime();
            assertThat(seen).as("devices of %s on fleet.inventory.v1", prefix).hasSize(DEVICES);
            return new Round((imported - start) / 1e9, (onKafka - start) / 1e9, new ArrayList<>(seen.values()));
        }
    }

    private static String csv(String prefix) {
        StringBuilder csv = new StringBuilder("id,platform,osVersion,host,port,transport,site,labels,cpuUnits,memoryMib,storageMib\n");
        String[] platforms = { "iosxe", "iosxr", "infix" };
        for (int i = 0; i < DEVICES; i++) {
            String p = platforms[i % 3];
            csv.append(prefix).append(i).append(',').append(p).append(',')
                    .append(p.equals("infix") ? "25.01.0" : "17.12.4").append(",127.1.")
                    .append(i / 250).append('.').append(i % 250 + 1).append(",,,")
                    .append(i % 2 == 0 ? "ams" : "fra").append(",role=access;fleet=bulk;rack=r").append(i % 40)
                    .append(",7400,2048,4096\n");
        }
        return csv.toString();
    }

    /** A consumer positioned at the end of fleet.inventory.v1, so it sees only what comes next. */
    private static KafkaConsumer<String, byte[]> consumerAtEnd() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        // The topic exists once inventory relayed anything; the first round may have to wait for it.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (partitions.isEmpty() && System.nanoTime() < deadline) {
            try {
                consumer.partitionsFor(Topic.INVENTORY.topicName(), Duration.ofSeconds(2))
                        .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                // not there yet: created below
            }
            if (partitions.isEmpty()) {
                ensureTopic();
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void ensureTopic() {
        TopicAdmin.ensureTopics(FleetInfra.shared().kafka().bootstrapServers(), List.of(Topic.INVENTORY), 3, (short) 1,
                10_000);
    }

    /** Sends the same keys and values with a plain idempotent producer (acks=all) and returns records/s. */
    private static double rawProducerRate(List<ConsumerRecord<String, byte[]>> sample) throws Exception {
        String bootstrap = FleetInfra.shared().kafka().bootstrapServers();
        String topic = "bench.raw-producer";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            if (!admin.listTopics().names().get(10, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(10, TimeUnit.SECONDS);
            }
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            List<Future<RecordMetadata>> acks = new ArrayList<>(sample.size());
            for (ConsumerRecord<String, byte[]> r : sample) {
                acks.add(producer.send(new ProducerRecord<>(topic, r.key(), r.value())));
            }
            for (Future<RecordMetadata> f : acks) {
                f.get();
            }
            return sample.size() / ((System.nanoTime() - start) / 1e9);
        }
    }
}
