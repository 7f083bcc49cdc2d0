package io.appfleet.inventory.device;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.appfleet.inventory.InventoryTopic;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** The records inventory publishes, read back from the real broker. */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class DeviceEventsIT {

    @Test
    void createUpdateDeleteGiveOrderedRecordsAndATombstone() throws Exception {
        String id = "ev-order-1";
        given().contentType(ContentType.JSON).body(DeviceApiIT.device(id)).post("/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(DeviceApiIT.device(id).replace("17.12.4", "17.15.1"))
                .put("/api/v1/devices/" + id).then().statusCode(200);
        given().contentType(ContentType.JSON)
                .body(DeviceApiIT.device(id).replace("17.12.4", "17.15.1").replace("\"site\"", "\"adminState\": \"maintenance\", \"site\""))
                .put("/api/v1/devices/" + id).then().statusCode(200);
        given().delete("/api/v1/devices/" + id).then().statusCode(204);

        List<ConsumerRecord<String, byte[]>> records = InventoryTopic.await(id::equals, l -> l.size() >= 4,
                Duration.ofSeconds(30));
        assertThat(records).hasSize(4);
        Device first = Device.parseFrom(records.get(0).value());
        assertThat(first.getId()).isEqualTo(id);
        assertThat(first.getPlatform()).isEqualTo(Platform.PLATFORM_IOSXE);
        assertThat(first.getGeneration()).isEqualTo(1);
        assertThat(first.getLabelsMap()).containsEntry("role", "access");
        assertThat(first.getCapacity().getCpuUnits()).isEqualTo(7400);
        assertThat(Device.parseFrom(records.get(1).value()).getOsVersion()).isEqualTo("17.15.1");
        Device third = Device.parseFrom(records.get(2).value());
        assertThat(third.getGeneration()).isEqualTo(3);
        assertThat(third.getAdminState()).isEqualTo(AdminState.ADMIN_STATE_MAINTENANCE);
        assertThat(records.get(3).value()).as("delete publishes a tombstone").isNull();

        for (ConsumerRecord<String, byte[]> r : records) {
            assertThat(InventoryTopic.header(r, "ce_specversion")).isEqualTo("1.0");
            assertThat(InventoryTopic.header(r, "ce_source")).isEqualTo("/appfleet/inventory");
            assertThat(InventoryTopic.header(r, "ce_subject")).isEqualTo(id);
            assertThat(InventoryTopic.header(r, "ce_id")).hasSize(36);
            assertThat(Instant.parse(InventoryTopic.header(r, "ce_time"))).isBefore(Instant.now());
        }
        assertThat(InventoryTopic.header(records.get(0), "ce_type")).isEqualTo("io.appfleet.inventory.device.upserted");
        assertThat(InventoryTopic.header(records.get(0), "content-type")).isEqualTo("application/protobuf");
        assertThat(InventoryTopic.header(records.get(3), "ce_type")).isEqualTo("io.appfleet.inventory.device.deleted");
        assertThat(records.stream().map(r -> InventoryTopic.header(r, "ce_id")).collect(Collectors.toSet())).hasSize(4);
    }

    @Test
    void aStoppedBrokerDelaysButDoesNotLoseRecords() {
        var kafka = FleetInfra.shared().kafka();
        kafka.stop();
        try {
            for (int i = 1; i <= 20; i++) {
                given().contentType(ContentType.JSON).body(DeviceApiIT.device("ev-outage-" + i))
                        .post("/api/v1/devices").then().statusCode(201);
            }
            given().delete("/api/v1/devices/ev-outage-20").then().statusCode(204);
            given().when().get("/q/health/ready").then().statusCode(200);
        } finally {
            kafka.restart();
        }
        List<ConsumerRecord<String, byte[]>> records = InventoryTopic.await(k -> k.startsWith("ev-outage-"),
                l -> l.size() >= 21, Duration.ofSeconds(90));
        assertThat(records.stream().map(ConsumerRecord::key).distinct()).hasSize(20);
        List<ConsumerRecord<String, byte[]>> last = records.stream().filter(r -> r.key().equals("ev-outage-20")).toList();
        // At least once: a resend after a lost acknowledgement may repeat a record, never reorder one device's.
        assertThat(last.get(0).value()).isNotNull();
        assertThat(last.get(last.size() - 1).value()).isNull();
    }
}
