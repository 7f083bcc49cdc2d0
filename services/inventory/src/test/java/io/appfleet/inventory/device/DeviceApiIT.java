package io.appfleet.inventory.device;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;


import org.junit.jupiter.api.Test;

import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class DeviceApiIT {

    static String device(String id) {
        return """
                {"id": "%s", "platform": "iosxe", "osVersion": "17.12.4", "host": "127.0.10.1",
                 "labels": {"role": "access", "example.com/tier": "edge"}, "site": "ams",
                 "capacity": {"cpuUnits": 7400, "memoryMib": 2048, "storageMib": 4096}}
                """.formatted(id);
    }

    @Test
    void createGetUpdateDelete() {
        given().contentType(ContentType.JSON).body(device("api-crud-1"))
                .when().post("/api/v1/devices")
                .then().statusCode(201)
                .header("Location", containsString("/api/v1/devices/api-crud-1"))
                .header("ETag", "\"1\"")
                .body("id", equalTo("api-crud-1"))
                .body("transport", equalTo("ssh-cli"))
                .body("port", equalTo(22))
                .body("adminState", equalTo("managed"))
                .body("generation", equalTo(1))
                .body("capacity.cpuUnits", equalTo(7400))
                .body("labels.role", equalTo("access"));

        given().when().get("/api/v1/devices/api-crud-1")
                .then().statusCode(200).header("ETag", "\"1\"").body("site", equalTo("ams"));

        String changed = device("api-crud-1").replace("17.12.4", "17.15.1");
        given().contentType(ContentType.JSON).header("If-Match", "\"7\"").body(changed)
                .when().put("/api/v1/devices/api-crud-1")
                .then().statusCode(412).contentType("application/problem+json")
                .body("detail", containsString("generation 1"));
        given().contentType(ContentType.JSON).header("If-Match", "\"1\"").body(changed)
                .when().put("/api/v1/devices/api-crud-1")
                .then().statusCode(200).header("ETag", "\"2\"").body("osVersion", equalTo("17.15.1"));
        // The same content again is not a change: generation stays.
        given().contentType(ContentType.JSON).body(changed)
                .when().put("/api/v1/devices/api-crud-1")
                .then().statusCode(200).body("generation", equalTo(2));

        given().header("If-Match", "\"1\"").when().delete("/api/v1/devices/api-crud-1").then().statusCode(412);
        given().when().delete("/api/v1/devices/api-crud-1").then().statusCode(204);
        given().when().get("/api/v1/devices/api-crud-1")
                .then().statusCode(404).contentType("application/problem+json").body("status", equalTo(404));
        given().when().delete("/api/v1/devices/api-crud-1").then().statusCode(404);
    }

    @Test
    void duplicateIdIsAConflict() {
        given().contentType(ContentType.JSON).body(device("api-dup-1")).post("/api/v1/devices").then().statusCode(201);
        given().contentType(ContentType.JSON).body(device("api-dup-1"))
                .when().post("/api/v1/devices")
                .then().statusCode(409).contentType("application/problem+json")
                .body("errors[0].field", equalTo("id"));
    }

    @Test
    void badInputNamesTheFieldAndWritesNothing() {
        expect400(device("api-bad-1").replace("iosxe", "junos"), "platform");
        expect400(device("api-bad-2").replace("127.0.10.1", "127.0.0.1; reload"), "host");
        expect400(device("api-bad-3").replace("\"site\"", "\"port\": 70000, \"site\""), "port");
        expect400(device("api-bad-4").replace("\"site\"", "\"port\": \"ssh\", \"site\""), "port");
        expect400(device("api-bad-5").replace("\"role\"", "\"-role\""), "labels.-role");
        expect400(device("api-bad-6").replace("\"access\"", "\"acc ess\""), "labels.role");
        expect400(device("api-bad-7").replace("\"site\"", "\"colour\": \"red\", \"site\""), "colour");
        expect400(device("api-bad-8").replace("\"site\"", "\"transport\": \"restconf\", \"platform\": \"iosxr\", \"site\"")
                .replace("\"platform\": \"iosxe\", ", ""), "transport");
        expect400(device("API_BAD").replace("\"site\"", "\"adminState\": \"asleep\", \"site\""), "id");
        given().contentType(ContentType.JSON).body("{\"id\": \"api-bad-9\", ")
                .when().post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        for (int i = 1; i <= 9; i++) {
            given().when().get("/api/v1/devices/api-bad-" + i).then().statusCode(404);
        }
    }

    @Test
    void oversizedBodyIs413() {
        String huge = device("api-huge-1").replace("\"site\"", "\"osVersion\": \"" + "9".repeat(300_000) + "\", \"site\"");
        given().contentType(ContentType.JSON).body(huge)
                .when().post("/api/v1/devices")
                .then().statusCode(413).contentType("application/problem+json").body("status", equalTo(413));
        given().when().get("/api/v1/devices/api-huge-1").then().statusCode(404);
    }

    @Test
    void inlineCredentialsAreSealedAndNeverReturned() {
        String body = device("api-cred-1").replace("\"site\"",
                "\"credentials\": {\"username\": \"admin\", \"password\": \"Sup3r-Secret!\"}, \"site\"");
        String created = given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/devices")
                .then().statusCode(201)
                .body("hasCredentials", equalTo(true))
                .body("credentialsRef", equalTo("inline"))
                .body("credentials", nullValue())
                .extract().asString();
        org.assertj.core.api.Assertions.assertThat(created).doesNotContain("Sup3r-Secret!");
        String listed = given().when().get("/api/v1/devices?selector=role=access").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(listed).doesNotContain("Sup3r-Secret!");
        // A bad password is refused without being echoed.
        String bad = device("api-cred-2").replace("\"site\"",
                "\"credentials\": {\"username\": \"admin\", \"password\": \"evil\\npassword\"}, \"site\"");
        given().contentType(ContentType.JSON).body(bad)
                .when().post("/api/v1/devices")
                .then().statusCode(400).body("errors.field", hasItem("credentials.password"))
                .body(not(containsString("evil")));
    }

    @Test
    void listsBySelectorWithPagingAndSorting() {
        for (int i = 1; i <= 5; i++) {
            String body = device("sel-" + i)
                    .replace("\"role\": \"access\"", "\"role\": \"" + (i <= 3 ? "access" : "core") + "\", \"fleet\": \"sel\"")
                    .replace("\"site\": \"ams\"", "\"site\": \"" + (i % 2 == 0 ? "fra" : "ams") + "\"");
            given().contentType(ContentType.JSON).body(body).post("/api/v1/devices").then().statusCode(201);
        }
        given().queryParam("selector", "fleet=sel,role=access,site in (ams,fra)").queryParam("sort", "-id")
                .when().get("/api/v1/devices")
                .then().statusCode(200)
                .body("total", equalTo(3))
                .body("items.id", org.hamcrest.Matchers.contains("sel-3", "sel-2", "sel-1"));
        given().queryParam("selector", "fleet=sel,site notin (ams),role!=access")
                .when().get("/api/v1/devices")
                .then().statusCode(200).body("items.id", org.hamcrest.Matchers.contains("sel-4"));
        given().queryParam("selector", "fleet=sel,!nosuchlabel,example.com/tier").queryParam("size", 2)
                .queryParam("page", 2).queryParam("sort", "id")
                .when().get("/api/v1/devices")
                .then().statusCode(200).body("total", equalTo(5)).body("page", equalTo(2))
                .body("items", hasSize(1)).body("items[0].id", equalTo("sel-5"));
        given().queryParam("selector", "fleet=sel").queryParam("platform", "iosxr")
                .when().get("/api/v1/devices").then().statusCode(200).body("total", equalTo(0));

        given().queryParam("selector", "role in ams").when().get("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("selector"));
        given().queryParam("sort", "password").when().get("/api/v1/devices")
                .then().statusCode(400).body("errors[0].field", equalTo("sort"));
        given().queryParam("size", 100000).when().get("/api/v1/devices")
                .then().statusCode(400).body("errors[0].field", equalTo("size"));
    }

    @Test
    void servesOpenApiHealthAndMetrics() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/devices/{id}"));
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("fleet_outbox_pending_events"))
                .body(containsString("fleet_outbox_relayed_events_total"))
                .body(containsString("fleet_inventory_devices{admin_state=\"maintenance\",platform=\"infix\"}"));
    }

    @Test
    void deviceCountsFollowTheInventory() {
        double before = decommissionedIosxr();
        String body = device("api-metrics-1").replace("\"platform\": \"iosxe\"", "\"platform\": \"iosxr\"")
                .replace("\"site\"", "\"adminState\": \"decommissioned\", \"site\"");
        given().contentType(ContentType.JSON).body(body).post("/api/v1/devices").then().statusCode(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> decommissionedIosxr() == before + 1);
    }

    private static double decommissionedIosxr() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        String series = "fleet_inventory_devices{admin_state=\"decommissioned\",platform=\"iosxr\"} ";
        int at = metrics.indexOf(series);
        if (at < 0) {
            throw new AssertionError("no series " + series);
        }
        int end = metrics.indexOf('\n', at);
        return Double.parseDouble(metrics.substring(at + series.length(), end).trim());
    }

    private static void expect400(String body, String field) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/devices")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem(field));
    }

}
