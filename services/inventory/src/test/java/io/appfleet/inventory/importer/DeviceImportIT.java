package io.appfleet.inventory.importer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class DeviceImportIT {

    private static final String HEADER = "id,platform,osVersion,host,port,transport,site,labels,cpuUnits,memoryMib,storageMib,adminState\n";

    @Test
    void importsCsvAndIsIdempotent() {
        String csv = HEADER
                + "imp-a-1,iosxe,17.12.4,127.0.20.1,22,ssh-cli,ams,role=access;fleet=imp-a,7400,2048,4096,managed\n"
                + "imp-a-2,iosxr,7.11.2,127.0.20.2,,,fra,role=core;fleet=imp-a,,,,\n"
                + "imp-a-3,infix,25.01.0,infix-3.lab.example.net,,,ams,fleet=imp-a,,,,maintenance\n";
        given().urlEncodingEnabled(false).contentType("text/csv").body(csv)
                .when().post("/api/v1/devices:import")
                .then().statusCode(200)
                .body("accepted", equalTo(3)).body("created", equalTo(3)).body("failed", hasSize(0));
        given().when().get("/api/v1/devices/imp-a-3").then().statusCode(200)
                .body("transport", equalTo("restconf")).body("port", equalTo(443))
                .body("adminState", equalTo("maintenance"));
        given().urlEncodingEnabled(false).contentType("text/csv").body(csv)
                .when().post("/api/v1/devices:import")
                .then().statusCode(200).body("unchanged", equalTo(3)).body("created", equalTo(0));
    }

    @Test
    void allOrNothingReportsEveryBadRow() {
        String csv = HEADER
                + "imp-b-1,iosxe,17.12.4,127.0.21.1,22,ssh-cli,ams,fleet=imp-b,,,,\n"
                + "imp-b-2,junos,17.12.4,127.0.21.2,22,ssh-cli,ams,fleet=imp-b,,,,\n"
                + "imp-b-3,iosxe,17.12.4,127.0.21.3,99999,ssh-cli,ams,fleet=imp-b,lots,,,\n"
                + "imp-b-1,iosxe,17.12.4,127.0.21.4,22,ssh-cli,ams,fleet=imp-b,,,,\n";
        given().urlEncodingEnabled(false).contentType("text/csv").body(csv)
                .when().post("/api/v1/devices:import")
                .then().statusCode(400).contentType("application/problem+json")
                .body("accepted", equalTo(0))
                .body("failed", hasSize(3))
                .body("failed[0].row", equalTo(2)).body("failed[0].errors[0].field", equalTo("platform"))
                .body("failed[1].row", equalTo(3)).body("failed[1].errors.field", hasItem("port"))
                .body("failed[1].errors.field", hasItem("capacity.cpuUnits"))
                .body("failed[2].row", equalTo(4)).body("failed[2].errors[0].message", containsString("first in row 1"));
        given().when().get("/api/v1/devices/imp-b-1").then().statusCode(404);

        given().urlEncodingEnabled(false).contentType("text/csv").queryParam("partial", true).body(csv)
                .when().post("/api/v1/devices:import")
                .then().statusCode(200).body("accepted", equalTo(1)).body("failed", hasSize(3));
        given().when().get("/api/v1/devices/imp-b-1").then().statusCode(200);
        given().when().get("/api/v1/devices/imp-b-3").then().statusCode(404);
    }

    @Test
    void importsYamlAndJson() {
        String yaml = """
                devices:
                  - id: imp-y-1
                    platform: iosxe
                    osVersion: 17.12.4
                    host: 127.0.22.1
                    labels: {role: access}
                    capacity: {cpuUnits: 7400, memoryMib: 2048, storageMib: 4096}
                  - id: imp-y-2
                    platform: infix
                    osVersion: 25.01.0
                    host: "::1"
                """;
        given().urlEncodingEnabled(false).contentType("application/yaml").body(yaml.getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/devices:import")
                .then().statusCode(200).body("accepted", equalTo(2));
        given().when().get("/api/v1/devices/imp-y-1").then().statusCode(200).body("capacity.memoryMib", equalTo(2048));

        String json = "[{\"id\": \"imp-j-1\", \"platform\": \"iosxr\", \"osVersion\": \"6.6.3\", \"host\": \"127.0.22.3\","
                + " \"flavour\": \"x\"}]";
        given().urlEncodingEnabled(false).contentType("application/json").body(json)
                .when().post("/api/v1/devices:import")
                .then().statusCode(400).body("failed[0].errors[0].field", equalTo("flavour"));
    }

    @Test
    void malformedFilesAreRefusedWhole() {
        given().urlEncodingEnabled(false).contentType("text/csv").body("id,platform,colour\nx,iosxe,red\n")
                .when().post("/api/v1/devices:import")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("header")).body("detail", containsString("colour"));
        given().urlEncodingEnabled(false).contentType("text/csv").body(HEADER + "imp-m-1,iosxe,\"17.12.4,127.0.23.1\n")
                .when().post("/api/v1/devices:import")
                .then().statusCode(400).contentType("application/problem+json");
        given().urlEncodingEnabled(false).contentType("application/yaml").body("devices:\n  - id: [unclosed\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/devices:import")
                .then().statusCode(400).body("detail", containsString("YAML"));
        given().urlEncodingEnabled(false).contentType("application/yaml").body("just: text\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/devices:import")
                .then().statusCode(400).body("errors[0].field", equalTo("devices"));
        given().urlEncodingEnabled(false).contentType("application/octet-stream").body("x".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/v1/devices:import")
                .then().statusCode(415).contentType("application/problem+json");
    }
}
