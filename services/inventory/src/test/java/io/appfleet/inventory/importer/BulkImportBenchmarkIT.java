package io.appfleet.inventory.importer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import io.appfleet.inventory.InventoryTopic;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
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

    @Test
    void tenThousandDevicesFromCsvReachKafka() throws Exception {
        StringBuilder csv = new StringBuilder("id,platform,osVersion,host,port,transport,site,labels,cpuUnits,memoryMib,storageMib\n");
        String[] platforms = { "iosxe", "iosxr", "infix" };
        for (int i = 0; i < DEVICES; i++) {
            String p = platforms[i % 3];
            csv.append("bulk-").append(i).append(',').append(p).append(',')
                    .append(p.equals("infix") ? "25.01.0" : "17.12.4").append(",127.1.")
                    .append(i / 250).append('.').append(i % 250 + 1).append(",,,")
                    .append(i % 2 == 0 ? "ams" : "fra").append(",role=access;fleet=bulk;rack=r").append(i % 40)
                    .append(",7400,2048,4096\n");
        }

        long start = System.nanoTime();
        given().urlEncodingEnabled(false).contentType("text/csv").body(csv.toString())
                .when().post("/api/v1/devices:import")
                .then().statusCode(200).body("accepted", equalTo(DEVICES)).body("created", equalTo(DEVICES));
        long imported = System.nanoTime();
        List<ConsumerRecord<String, byte[]>> records = InventoryTopic.await(k -> k.startsWith("bulk-"),
                l -> l.size() >= DEVICES, Duration.ofSeconds(120));
        long onKafka = System.nanoTime();
        assertThat(records.stream().map(ConsumerRecord::key).distinct().count()).isEqualTo(DEVICES);

        double rawRate = rawProducerRate(records);
        double importSeconds = (imported - start) / 1e9;
        double endToEndSeconds = (onKafka - start) / 1e9;
        String report = String.format(
                "bulk import: %d devices from CSV: HTTP import %.2f s (%.0f devices/s); all records on %s after %.2f s"
                        + " (%.0f records/s end to end); raw producer rate of the same broker, same records: %.0f records/s;"
                        + " end-to-end rate / raw rate = %.2f%n",
                DEVICES, importSeconds, DEVICES / importSeconds, "fleet.inventory.v1", endToEndSeconds,
                DEVICES / endToEndSeconds, rawRate, (DEVICES / endToEndSeconds) / rawRate);
        System.out.print(report);
        Path out = Path.of("target", "benchmarks", "bulk-import.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
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
