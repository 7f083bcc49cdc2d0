package io.appfleet.telemetry.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

/**
 * The NOC API against the real broker and PostgreSQL: a small fleet published as inventory, the
 * device-adapter and desired-state publish it (NocFleet), then every endpoint's answers, paging,
 * filters, series from the rollups the ingest wrote, and the 400 and 404 problems.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NocApiIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String API = "/api/v1/noc";
    private static final NocFleet FLEET = new NocFleet("noc-api");
    private static JsonPath before;

    @Inject
    FleetView view;

    /** Once, before the first test: RestAssured knows the test port only from then on. */
    @BeforeEach
    void publishTheFleetOnce() {
        if (before != null) {
            return;
        }
        before = summary();
        try (FleetRecords kafka = new FleetRecords()) {
            FLEET.publish(kafka);
        }
        await().atMost(WAIT).until(() -> summary().getLong("devices") == before.getLong("devices") + 3
                && summary().getLong("rollouts") == before.getLong("rollouts") + 1
                && given().get(API + "/devices/" + FLEET.a + "/events").then().extract().path("total").equals(3));
        // the ingest writes the last CPP minute once the sample 2 minutes in is stored
        // (no series at all until the first CPP rollup is stored)
        await().atMost(WAIT).until(() -> {
            List<Object> points = given().queryParam("metric", "cpp_drops").queryParam("from", FLEET.base.toString())
                    .get(API + "/devices/" + FLEET.b + "/series").then().extract().jsonPath().getList("series[0].points");
            return points != null && points.size() == 2;
        });
    }

    @AfterAll
    void forgetTheFleet() {
        try (FleetRecords kafka = new FleetRecords()) {
            FLEET.forget(kafka);
        }
        await().atMost(WAIT).until(() -> view.device(FLEET.a).isEmpty() && view.device(FLEET.c).isEmpty()
                && view.rollout(FLEET.rollout).isEmpty());
    }

    private static JsonPath summary() {
        return given().get(API + "/summary").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void theSummaryCountsTheNewDevicesAppsAndRollout() {
        JsonPath after = summary();
        assertThat(after.getBoolean("ready")).isTrue();
        Map<String, Long> delta = new TreeMap<>();
        for (String k : List.of("devices", "synced", "healthy", "unreachable", "appsRunning", "apps", "rollouts")) {
            delta.put(k, after.getLong(k) - before.getLong(k));
        }
        assertThat(delta).containsExactlyInAnyOrderEntriesOf(Map.of("devices", 3L, "synced", 1L, "healthy", 1L,
                "unreachable", 1L, "appsRunning", 1L, "apps", 3L, "rollouts", 1L));
        assertThat(after.getLong("byReachability.auth_failed") - before.getLong("byReachability.auth_failed")).isEqualTo(1);
        assertThat(after.getLong("bySync.out_of_sync") - before.getLong("bySync.out_of_sync")).isEqualTo(1);
        assertThat(after.getLong("byPlatform.iosxr") - before.getLong("byPlatform.iosxr")).isEqualTo(1);
        assertThat(after.getLong("rolloutsByState.progressing") - before.getLong("rolloutsByState.progressing"))
                .isEqualTo(1);
        assertThat(after.getMap("bySync")).containsOnlyKeys("synced", "out_of_sync", "unknown");
        // 500 + 200 frames/s from this fleet, within the last 5 minutes
        assertThat(after.getDouble("cppDrops.framesPerSecond")).isGreaterThanOrEqualTo(700.0);
        assertThat(after.getLong("cppDrops.devicesDropping")).isGreaterThanOrEqualTo(2);
        assertThat(after.getString("cppDrops.window")).isEqualTo("5m");
    }

    @Test
    void devicesAreFilteredAndPaged() {
        String suite = "suite=noc-api";
        devices(Map.of("label", suite)).body("total", equalTo(3)).body("page", equalTo(0)).body("size", equalTo(50))
                .body("items.id", contains(FLEET.a, FLEET.b, FLEET.c));
        devices(Map.of("label", suite, "size", "2")).body("total", equalTo(3)).body("items.id", contains(FLEET.a, FLEET.b));
        devices(Map.of("label", suite, "size", "2", "page", "1")).body("items.id", contains(FLEET.c))
                .body("page", equalTo(1));
        devices(Map.of("label", suite, "size", "2", "page", "5")).body("items", org.hamcrest.Matchers.empty())
                .body("total", equalTo(3));
        devices(Map.of("label", suite + ",role in (access,core)")).body("items.id", contains(FLEET.a, FLEET.b));
        devices(Map.of("label", suite + ",!role")).body("items.id", contains(FLEET.c));
        devices(Map.of("label", suite, "platform", "iosxr")).body("items.id", contains(FLEET.b));
        devices(Map.of("label", suite, "site", "ams")).body("items.id", contains(FLEET.a));
        devices(Map.of("label", suite, "site", "unknown")).body("items.id", contains(FLEET.c));
        devices(Map.of("label", suite, "sync", "out_of_sync")).body("items.id", contains(FLEET.b));
        devices(Map.of("label", suite, "health", "degraded")).body("items.id", contains(FLEET.b));
        devices(Map.of("label", suite, "reachability", "auth_failed")).body("items.id", contains(FLEET.c))
                .body("items[0].lastError.code", equalTo("DEVICE_UNREACHABLE"));
        devices(Map.of("label", "site=fra,suite=noc-api")).body("items.id", contains(FLEET.b))
                .body("items[0].apps", equalTo(1)).body("items[0].appsRunning", equalTo(0));
    }

    @Test
    void oneDeviceWithItsAppsAndLastError() {
        given().get(API + "/devices/" + FLEET.a).then().statusCode(200).body("id", equalTo(FLEET.a))
                .body("platform", equalTo("iosxe")).body("site", equalTo("ams")).body("labels.role", equalTo("access"))
                .body("reachability", equalTo("reachable")).body("sync", equalTo("synced"))
                .body("health", equalTo("healthy")).body("apps.appId", contains("legacy", "web"))
                .body("apps[1].state", equalTo("running")).body("apps[1].desiredState", equalTo("running"))
                .body("apps[1].version", equalTo("1.0")).body("apps[1].managed", equalTo(true))
                .body("apps[0].managed", equalTo(false)).body("apps[0].state", equalTo("stopped"))
                .body("$", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasKey("credentialsRef")));
        given().get(API + "/devices/" + FLEET.b).then().statusCode(200).body("apps[0].state", equalTo("error"))
                .body("apps[0].sync", equalTo("out_of_sync")).body("apps[0].lastError.code", equalTo("APP_CRASHED"))
                .body("apps[0].lastError.message", equalTo("web exited with status 137"));
    }

    @Test
    void eventsNewestFirstAndPaged() {
        given().queryParam("size", 2).get(API + "/devices/" + FLEET.a + "/events").then().statusCode(200)
                .body("total", equalTo(3)).body("size", equalTo(2)).body("items.step", contains("start", "copy_package"))
                .body("items[0].outcome", equalTo("failed")).body("items[0].errorCode", equalTo("DEVICE_REFUSED"))
                .body("items[0].errorMessage", equalTo("% start refused: <app web>"))
                .body("items[0].durationSeconds", equalTo(1.5f)).body("items[0].appId", equalTo("web"))
                .body("items[0].deploymentName", equalTo(FLEET.rollout))
                .body("items[0].finishedAt", equalTo(FLEET.eventTimes.get(2).toString()));
        given().queryParam("size", 2).queryParam("page", 1).get(API + "/devices/" + FLEET.a + "/events").then()
                .statusCode(200).body("items.step", contains("connect")).body("items[0].appId", equalTo(null));
        given().get(API + "/devices/" + FLEET.b + "/events").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void minuteSeriesComeFromTheRollups() {
        Instant from = FLEET.base;
        Instant to = FLEET.base.plus(Duration.ofMinutes(3));
        JsonPath cpu = series(FLEET.a, "cpu", from, to, "1m").body("device", equalTo(FLEET.a))
                .body("metric", equalTo("cpu")).body("unit", equalTo("percent")).body("step", equalTo("1m"))
                .body("from", equalTo(from.toString())).body("series.name", contains("web")).extract().jsonPath();
        assertThat(cpu.getList("series[0].points.t", String.class))
                .containsExactly(from.toString(), from.plusSeconds(60).toString());
        double[] expected = NocFleet.cpuMinuteAverages();
        assertThat(cpu.getDouble("series[0].points[0].v")).isEqualTo(expected[0]);
        assertThat(cpu.getDouble("series[0].points[1].v")).isEqualTo(expected[1]);

        JsonPath memory = series(FLEET.a, "memory", from, to, "1m").body("unit", equalTo("bytes")).extract().jsonPath();
        assertThat(memory.getDouble("series[0].points[0].v")).isEqualTo(101.0 * 1024 * 1024);

        JsonPath drops = series(FLEET.a, "cpp_drops", from, to, null).body("step", equalTo("1m"))
                .body("unit", equalTo("frames_per_second")).body("series.name", contains(NocFleet.CPP_CLASS))
                .extract().jsonPath();
        assertThat(drops.getList("series[0].points.t", String.class))
                .as("an increase counts in the minute of the reading that ends it")
                .containsExactly(from.plusSeconds(60).toString(), from.plusSeconds(120).toString());
        assertThat(drops.getList("series[0].points.v", Double.class)).containsExactly(500.0, 500.0);
        assertThat(series(FLEET.a, "cpp_drop_bytes", from, to, "1m").extract().jsonPath()
                .getList("series[0].points.v", Double.class)).containsExactly(32_000.0, 32_000.0);
        series(FLEET.c, "cpu", from, to, "1m").body("series", org.hamcrest.Matchers.empty());
    }

    @Test
    void hourSeriesAverageEverySampleOfTheHour() {
        Instant from = FLEET.base.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(1));
        Instant to = FLEET.base.truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(2));
        Map<Instant, double[]> byHour = new TreeMap<>();
        for (int i = 0; i < NocFleet.CPU.length; i++) {
            Instant hour = FLEET.base.plusSeconds(20L * i).truncatedTo(ChronoUnit.HOURS);
            byHour.computeIfAbsent(hour, h -> new double[2]);
            byHour.get(hour)[0] += NocFleet.CPU[i];
            byHour.get(hour)[1]++;
        }
        JsonPath cpu = series(FLEET.a, "cpu", from, to, "1h").body("step", equalTo("1h")).extract().jsonPath();
        assertThat(cpu.getList("series[0].points.t", String.class))
                .containsExactlyElementsOf(byHour.keySet().stream().map(Instant::toString).toList());
        int i = 0;
        for (double[] sumCount : byHour.values()) {
            assertThat(cpu.getDouble("series[0].points[" + i++ + "].v")).isEqualTo(sumCount[0] / sumCount[1]);
        }
        JsonPath drops = series(FLEET.b, "cpp_drops", from, to, "1h").extract().jsonPath();
        assertThat(drops.getList("series[0].points.v", Double.class)).allSatisfy(v -> assertThat(v).isEqualTo(200.0));
    }

    @Test
    void topDroppersRankClassesByDropRate() {
        JsonPath top = given().queryParam("window", "15m").queryParam("size", 100).get(API + "/cpp/top-droppers").then()
                .statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = top.getList("items");
        List<Map<String, Object>> ours = rows.stream().filter(r -> String.valueOf(r.get("device")).startsWith("noc-api-"))
                .toList();
        assertThat(ours).extracting(r -> r.get("device")).containsExactly(FLEET.a, FLEET.b);
        assertThat(rows.get(0).get("dropFramesPerSecond")).as("no test drops more than 500/s").isEqualTo(500.0f);
        assertThat(ours.get(0)).containsEntry("cppClass", NocFleet.CPP_CLASS).containsEntry("platform", "iosxe")
                .containsEntry("site", "ams").containsEntry("dropFramesPerSecond", 500.0f)
                .containsEntry("dropBytesPerSecond", 32_000.0f).containsEntry("dropFrames", 60_000.0f);
        assertThat(ours.get(1)).containsEntry("dropFramesPerSecond", 200.0f).containsEntry("platform", "iosxr");
        assertThat(rows).as("the first page of 100 of the whole ranking").hasSize((int) Math.min(100, top.getLong("total")));
        assertThat(top.getInt("page")).isZero();
        // Pages of one walk the same ranking.
        int at = rows.indexOf(ours.get(1));
        given().queryParam("window", "15m").queryParam("size", 1).queryParam("page", at).get(API + "/cpp/top-droppers")
                .then().statusCode(200).body("items.device", contains(FLEET.b)).body("size", equalTo(1));
        given().queryParam("size", 1).get(API + "/cpp/top-droppers").then().statusCode(200)
                .body("items.device", contains(String.valueOf(rows.get(0).get("device"))));
        given().queryParam("window", "15m").queryParam("page", 10_000).get(API + "/cpp/top-droppers").then()
                .statusCode(200).body("items", org.hamcrest.Matchers.empty()).body("page", equalTo(10_000));
        given().queryParam("window", "1d").queryParam("size", 100).get(API + "/cpp/top-droppers").then().statusCode(200)
                .body("items.device", hasItems(FLEET.a, FLEET.b));
    }

    @Test
    void rolloutsWithTheirWavesProgress() {
        given().get(API + "/rollouts/" + FLEET.rollout).then().statusCode(200).body("deployment", equalTo(FLEET.rollout))
                .body("state", equalTo("progressing")).body("revision", equalTo(4)).body("stableRevision", equalTo(3))
                .body("currentWave", equalTo(2)).body("waveCount", equalTo(3)).body("devices", equalTo(10))
                .body("succeeded", equalTo(3)).body("percentSucceeded", equalTo(30))
                .body("waves.state", contains("succeeded", "open", "waiting"))
                .body("waves[0].percentSucceeded", equalTo(100)).body("waves[1].devices", equalTo(4))
                .body("waves[1].released", equalTo(3)).body("waves[1].percentReleased", equalTo(75))
                .body("waves[1].percentSucceeded", equalTo(25)).body("waves[1].percentFailed", equalTo(25))
                .body("waves[1].progressing", equalTo(1)).body("waves[2].percentReleased", equalTo(0));
        JsonPath all = given().queryParam("size", 500).get(API + "/rollouts").then().statusCode(200).extract().jsonPath();
        assertThat(all.getList("items.deployment", String.class)).contains(FLEET.rollout).isSorted();
        int total = all.getInt("total");
        given().queryParam("size", 1).queryParam("page", total - 1).get(API + "/rollouts").then().statusCode(200)
                .body("items.size()", equalTo(1)).body("total", equalTo(total));
    }

    @Test
    void badParametersAre400ProblemsNamingThem() {
        problem(given().queryParam("sync", "fine").get(API + "/devices"), 400, "sync",
                "unknown value 'fine'; one of synced, out_of_sync, unknown");
        problem(given().queryParam("label", "role in (").get(API + "/devices"), 400, "label", null);
        problem(given().queryParam("page", "x").get(API + "/devices"), 400, "page", "not a whole number: 'x'");
        problem(given().queryParam("size", "5000").get(API + "/devices"), 400, "size",
                "must be between 1 and 1000, was 5000");
        problem(given().queryParam("size", "0").get(API + "/devices/" + FLEET.a + "/events"), 400, "size",
                "must be between 1 and 500, was 0");
        problem(given().get(API + "/devices/" + FLEET.a + "/series"), 400, "metric",
                "required; one of cpu, memory, cpp_drops, cpp_drop_bytes");
        problem(given().queryParam("metric", "cpu").queryParam("step", "5m").get(API + "/devices/" + FLEET.a + "/series"),
                400, "step", "unknown step '5m'; one of 1m, 1h");
        problem(given().queryParam("metric", "cpu").queryParam("from", "2025-01-03T00:00:00Z")
                .queryParam("to", "2025-01-01T00:00:00Z").get(API + "/devices/" + FLEET.a + "/series"), 400, "from",
                "must be before to (2025-01-01T00:00:00Z), was 2025-01-03T00:00:00Z");
        problem(given().queryParam("metric", "cpu").queryParam("from", "2025-01-01T00:00:00Z")
                .queryParam("to", "2025-01-03T00:00:00Z").queryParam("step", "1m")
                .get(API + "/devices/" + FLEET.a + "/series"), 400, "from", null);
        problem(given().queryParam("window", "a while").get(API + "/cpp/top-droppers"), 400, "window",
                "not a duration: 'a while'; write e.g. 15m, 6h, 7d or PT15M");
        problem(given().queryParam("size", "1000").get(API + "/cpp/top-droppers"), 400, "size",
                "must be between 1 and 100, was 1000");
        problem(given().queryParam("page", "-1").get(API + "/rollouts"), 400, "page", "must be 0 or more, was -1");
    }

    @Test
    void unknownDevicesAndRolloutsAre404Problems() {
        for (String path : List.of("/devices/noc-api-nope", "/devices/noc-api-nope/events",
                "/devices/noc-api-nope/series?metric=cpu")) {
            given().get(API + path).then().statusCode(404).contentType("application/problem+json")
                    .body("status", equalTo(404)).body("title", equalTo("Not found"))
                    .body("detail", equalTo("no device 'noc-api-nope' in inventory"));
        }
        given().get(API + "/rollouts/noc-api-nope").then().statusCode(404).contentType("application/problem+json")
                .body("detail", equalTo("no rollout of a deployment named 'noc-api-nope'"));
    }

    @Test
    void theApiIsDescribedInOpenApiAndItsMetricsStayBounded() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/noc/devices/{id}/series"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/noc/cpp/top-droppers"))
                .body("paths.'/api/v1/noc/summary'.get.summary", equalTo("The fleet at a glance"))
                .body("paths.'/api/v1/noc/devices'.get.parameters.name",
                        hasItems("platform", "site", "label", "sync", "health", "reachability", "page", "size"))
                .body("paths.'/api/v1/noc/devices/{id}'.get.responses.'404'.description",
                        containsString("no such device"));
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics.lines().filter(l -> l.startsWith("http_server_requests")))
                .as("one series per endpoint, not per device").noneMatch(l -> l.contains(FLEET.a))
                .anyMatch(l -> l.contains("uri=\"/api/v1/noc/devices/{id}"));
    }

    private static ValidatableResponse devices(Map<String, String> params) {
        return given().queryParams(params).get(API + "/devices").then().statusCode(200);
    }

    private static ValidatableResponse series(String device, String metric, Instant from, Instant to, String step) {
        var request = given().queryParam("metric", metric).queryParam("from", from.toString())
                .queryParam("to", to.toString());
        if (step != null) {
            request.queryParam("step", step);
        }
        return request.get(API + "/devices/" + device + "/series").then().statusCode(200);
    }

    private static void problem(io.restassured.response.Response r, int status, String field, String message) {
        ValidatableResponse v = r.then().statusCode(status).contentType("application/problem+json")
                .body("status", equalTo(status)).body("errors[0].field", equalTo(field));
        if (message != null) {
            v.body("errors[0].message", equalTo(message)).body("detail", equalTo(field + ": " + message));
        }
    }
}
