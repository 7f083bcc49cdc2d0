package io.appfleet.telemetry.it;

import static io.appfleet.telemetry.fleet.FleetFixtures.device;
import static io.appfleet.telemetry.fleet.FleetFixtures.observed;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.telemetry.fleet.FleetView;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.appfleet.testsupport.HeadlessChromium;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/**
 * The NOC page in a real browser (headless Chromium) served by the running service, with a fleet
 * published on the real broker: the tiles, a rollout's wave progress, the device table, a device's
 * apps, events and charts, a live update after a change on Kafka, and HTML escaping of what producers
 * send. Screenshots stay in target/noc-screenshots/.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NocPageIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    static final Path SHOTS = Path.of("target", "noc-screenshots");
    private static final NocFleet FLEET = new NocFleet("noc-page");
    private static final String EVIL_ID = "noc-page-<b>bold</b>";
    private static final String EVIL_LABEL = "<img src=x onerror=\"window.__xss=1\">";
    private static boolean published;

    @TestHTTPResource("/")
    URL root;
    @Inject
    FleetView view;

    @BeforeEach
    void publishTheFleetOnce() {
        HeadlessChromium.require();
        if (published) {
            return;
        }
        try (FleetRecords kafka = new FleetRecords()) {
            FLEET.publish(kafka);
            kafka.device(device(EVIL_ID, Platform.PLATFORM_IOSXE, "<i>site</i>",
                    Map.of("suite", "noc-page-evil", "note", EVIL_LABEL), AdminState.ADMIN_STATE_MANAGED, 1));
        }
        await().atMost(WAIT).until(() -> devices("suite=noc-page").getInt("total") == 3
                && devices("suite=noc-page-evil").getInt("total") == 1
                && given().get("/api/v1/noc/devices/" + FLEET.a + "/events").then().extract().path("total").equals(3)
                && given().get("/api/v1/noc/rollouts/" + FLEET.rollout).statusCode() == 200);
        // No series at all until the ingest stored the device's first CPP rollup.
        await().atMost(WAIT).until(() -> {
            List<Object> points = given().queryParam("metric", "cpp_drops").queryParam("from", FLEET.base.toString())
                    .get("/api/v1/noc/devices/" + FLEET.a + "/series").then().extract().jsonPath()
                    .getList("series[0].points");
            return points != null && points.size() == 2;
        });
        published = true;
    }

    @AfterAll
    void forgetTheFleet() {
        try (FleetRecords kafka = new FleetRecords()) {
            FLEET.forget(kafka, EVIL_ID, FLEET.prefix + "-d");
        }
        await().atMost(WAIT).until(() -> view.device(FLEET.a).isEmpty() && view.device(EVIL_ID).isEmpty()
                && view.device(FLEET.prefix + "-d").isEmpty() && view.rollout(FLEET.rollout).isEmpty());
    }

    @Test
    void theFleetPageShowsTheFleetAndFollowsKafkaLive() throws Exception {
        URI page = uri("noc?label=" + URLEncoder.encode("suite=noc-page", StandardCharsets.UTF_8));

        // Without script the first render is complete: the tiles and the table come from the server.
        String html = HttpClient.newHttpClient().send(HttpRequest.newBuilder(page).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(html).contains("data-tile=\"devices\"", "data-device=\"" + FLEET.a + "\"",
                "data-rollout=\"" + FLEET.rollout + "\"", "<noscript><meta http-equiv=\"refresh\"");

        try (HeadlessChromium.Session s = HeadlessChromium.open(page, 1600, 1000)) {
            s.await("document.getElementById('live-status').dataset.state", "ok"::equals, WAIT);
            // The tiles show the API's summary (nothing else changes the fleet meanwhile).
            JsonPath summary = given().get("/api/v1/noc/summary").then().extract().jsonPath();
            s.await(tile("devices"), String.format("%,d", summary.getLong("devices"))::equals, WAIT);
            assertThat(s.text(tile("synced"))).isEqualTo(String.format("%,d", summary.getLong("synced")));
            assertThat(s.text(tile("healthy"))).isEqualTo(String.format("%,d", summary.getLong("healthy")));
            assertThat(s.text(tile("unreachable"))).isEqualTo(String.format("%,d", summary.getLong("unreachable")));
            assertThat(s.text(tile("apps-running"))).isEqualTo(String.format("%,d", summary.getLong("appsRunning")));
            assertThat(s.text(tile("cpp-drops"))).endsWith("/s").isNotEqualTo("0/s");

            // The rollout: wave 2 has 1 of 4 succeeded, 1 failed, 1 in progress.
            String wave2 = "document.querySelector('[data-rollout=\"" + FLEET.rollout + "\"] [data-wave=\"2\"]')";
            assertThat(s.text(wave2 + ".querySelector('[data-progress]').textContent")).isEqualTo("1/4");
            assertThat(s.text("[..." + wave2 + ".querySelectorAll('.seg')].map(e => e.style.width).join(' ')"))
                    .isEqualTo("25% 25% 25%");
            assertThat(s.text(wave2 + ".querySelector('.bar').getAttribute('aria-label')")).isEqualTo(
                    "Wave 2 of noc-page-web: Open, 1 of 4 succeeded, 1 failed, 1 in progress");

            // The filtered table: our three devices with their statuses, linked to their pages.
            assertThat(rows(s)).containsExactly(FLEET.a, FLEET.b, FLEET.c);
            assertThat(s.text(cell(FLEET.b, 5))).isEqualTo("Out of sync");
            assertThat(s.text(cell(FLEET.b, 6))).isEqualTo("Degraded");
            assertThat(s.text(cell(FLEET.c, 4))).isEqualTo("Auth failed");
            assertThat(s.text(cell(FLEET.a, 7))).as("web running, legacy stopped").isEqualTo("1/2");
            assertThat(s.text("document.querySelector('tr[data-device=\"" + FLEET.a + "\"] a').getAttribute('href')"))
                    .isEqualTo("/noc/devices/" + FLEET.a);
            assertThat(s.text("document.querySelector('[data-range]').textContent")).isEqualTo("1–3 of 3");
            // The filter form shows what is applied, every input has a label.
            assertThat(s.text("document.querySelector('input[name=label]').value")).isEqualTo("suite=noc-page");
            assertThat(s.evaluate("[...document.querySelectorAll('form.filters select, form.filters input')]"
                    + ".every(e => e.closest('label') !== null)").asBoolean()).isTrue();
            s.screenshot(SHOTS.resolve("noc-fleet.png"), false);
            s.screenshot(SHOTS.resolve("noc-fleet-full.png"), true);

            // Live: a new device and rollout progress on Kafka show up without a reload.
            s.evaluate("window.__sameDocument = 'yes'");
            long devicesBefore = summary.getLong("devices");
            try (FleetRecords kafka = new FleetRecords()) {
                kafka.device(device(FLEET.prefix + "-d", Platform.PLATFORM_INFIX, "ams", FLEET.labels("edge"),
                        AdminState.ADMIN_STATE_MANAGED, 1));
                kafka.observed(observed(FLEET.prefix + "-d", Reachability.REACHABILITY_REACHABLE,
                        SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY, Instant.now()));
                kafka.rollout(FLEET.rollout(2, 3));
            }
            s.await(tile("devices"), String.format("%,d", devicesBefore + 1)::equals, WAIT);
            s.await("[...document.querySelectorAll('tr[data-device]')].map(r => r.dataset.device).join(',')",
                    (FLEET.a + "," + FLEET.b + "," + FLEET.c + "," + FLEET.prefix + "-d")::equals, WAIT);
            s.await(wave2 + ".querySelector('[data-progress]').textContent", "3/4"::equals, WAIT);
            assertThat(s.text("window.__sameDocument")).as("updated in place, not reloaded").isEqualTo("yes");
            s.screenshot(SHOTS.resolve("noc-fleet-after-update.png"), false);

            // Keyboard: the first Tab reaches the skip link, which leads to the device table.
            s.evaluate("document.activeElement.blur()");
            key(s, "Tab", 9);
            assertThat(s.text("document.activeElement.className")).isEqualTo("skip");
            assertThat(s.text("document.activeElement.getAttribute('href')")).isEqualTo("#devices");
        }
    }

    @Test
    void aDevicePageShowsItsAppsEventsAndCharts() {
        URI page = uri("noc/devices/" + FLEET.a);
        try (HeadlessChromium.Session s = HeadlessChromium.open(page, 1600, 1000)) {
            s.await("document.getElementById('live-status').dataset.state", "ok"::equals, WAIT);
            assertThat(s.text("document.querySelector('[data-device-id]').textContent")).isEqualTo(FLEET.a);
            assertThat(s.text("document.querySelector('[data-status=sync]').textContent")).isEqualTo("Synced");
            assertThat(s.text("[...document.querySelectorAll('tr[data-app]')].map(r => r.dataset.app).join(',')"))
                    .isEqualTo("legacy,web");
            assertThat(s.text("document.querySelector('tr[data-app=web] td .badge').textContent")).isEqualTo("Running");
            assertThat(s.text("document.querySelector('tr[data-app=legacy] .tag').textContent")).isEqualTo("unmanaged");

            assertThat(s.evaluate("document.querySelectorAll('tr[data-event]').length").asInt()).isEqualTo(3);
            assertThat(s.text("[...document.querySelectorAll('tr[data-event]')].map(r => r.children[1].textContent)"
                    + ".join(',')")).isEqualTo("Start,Copy package,Connect");
            assertThat(s.text("document.querySelector('tr[data-event] .err').textContent"))
                    .isEqualTo("DEVICE_REFUSED: % start refused: <app web>");

            // Charts: SVG polylines with a point per minute of samples.
            JsonNode cpu = s.evaluate("[...document.querySelectorAll('[data-chart=cpu] polyline')]"
                    + ".map(p => ({series: p.dataset.series, points: p.getAttribute('points').trim().split(' ').length}))");
            assertThat(cpu).hasSize(1);
            assertThat(cpu.get(0).get("series").asText()).isEqualTo("web");
            assertThat(cpu.get(0).get("points").asInt()).isEqualTo(2);
            assertThat(s.text("document.querySelector('[data-chart=cpu] .legend').textContent")).contains("web", "50%");
            JsonNode drops = s.evaluate("[...document.querySelectorAll('[data-chart=cpp-drops] polyline')]"
                    + ".map(p => p.dataset.series)");
            assertThat(drops).hasSize(1);
            assertThat(drops.get(0).asText()).isEqualTo(NocFleet.CPP_CLASS);
            assertThat(s.text("document.querySelector('[data-chart=cpp-drops] .legend').textContent")).contains("500/s");
            assertThat(s.evaluate("document.querySelectorAll('[data-chart=memory] polyline').length").asInt()).isEqualTo(1);
            s.screenshot(SHOTS.resolve("noc-device.png"), false);
            s.screenshot(SHOTS.resolve("noc-device-full.png"), true);
        }
        // The DOM after the script ran, from --dump-dom with virtual time.
        String dom = HeadlessChromium.dumpDom(page, Duration.ofSeconds(5));
        assertThat(dom).contains("data-state=\"ok\"", "data-chart=\"cpu\"");
    }

    @Test
    void whatProducersAndUsersSendIsEscapedEverywhere() throws Exception {
        try (HeadlessChromium.Session s = HeadlessChromium.open(uri("noc?label="
                + URLEncoder.encode("suite=noc-page-evil", StandardCharsets.UTF_8)), 1600, 1000)) {
            assertThat(rows(s)).containsExactly(EVIL_ID);
            assertThat(s.text("document.querySelector('tr[data-device] th').textContent")).isEqualTo(EVIL_ID);
            assertThat(s.text("document.querySelector('tr[data-device] td:nth-child(3)').textContent"))
                    .isEqualTo("<i>site</i>");
            assertThat(s.evaluate("document.querySelectorAll('main b, main i').length").asInt()).isZero();

            s.navigate(uri("noc/devices/" + URLEncoder.encode(EVIL_ID, StandardCharsets.UTF_8).replace("+", "%20")));
            assertThat(s.text("document.querySelector('[data-device-id]').textContent")).isEqualTo(EVIL_ID);
            assertThat(s.text("document.querySelector('.facts').textContent")).contains("note=" + EVIL_LABEL);
            assertThat(s.evaluate("document.querySelectorAll('img').length").asInt()).isZero();

            String script = "<script>window.__xss=2</script>";
            s.navigate(uri("noc?site=" + URLEncoder.encode(script, StandardCharsets.UTF_8)));
            assertThat(s.text("document.querySelector('input[name=site]').value")).isEqualTo(script);
            assertThat(s.evaluate("document.scripts.length").asInt()).isEqualTo(1);

            s.navigate(uri("noc/devices/" + URLEncoder.encode("<script>x</script>", StandardCharsets.UTF_8)));
            assertThat(s.text("document.querySelector('h1').textContent")).isEqualTo("No device “<script>x</script>”");
            assertThat(s.evaluate("document.scripts.length").asInt()).isEqualTo(1);

            s.navigate(uri("noc?sync=fine"));
            assertThat(s.text("document.querySelector('[role=alert]').textContent"))
                    .isEqualTo("Cannot filter: sync: unknown value 'fine'; one of synced, out_of_sync, unknown");
            assertThat(s.text("window.__xss")).isNull();
        }
        assertThat(given().get("/noc/devices/noc-page-nope").then().extract().statusCode()).isEqualTo(404);
        assertThat(given().queryParam("sync", "fine").get("/noc").then().extract().statusCode()).isEqualTo(400);
        assertThat(given().get("/noc/noc.css").then().extract().contentType()).startsWith("text/css");
    }

    private URI uri(String path) {
        return URI.create(root.toString()).resolve(path);
    }

    private static JsonPath devices(String selector) {
        return given().queryParam("label", selector).get("/api/v1/noc/devices").then().statusCode(200).extract()
                .jsonPath();
    }

    private static String tile(String key) {
        return "document.querySelector('[data-tile=\"" + key + "\"] [data-value]').textContent";
    }

    private static String cell(String device, int column) {
        return "document.querySelector('tr[data-device=\"" + device + "\"] > :nth-child(" + column + ")').textContent";
    }

    private static List<String> rows(HeadlessChromium.Session s) {
        return List.of(s.text("[...document.querySelectorAll('tr[data-device]')].map(r => r.dataset.device).join('\\n')")
                .split("\n"));
    }

    private static void key(HeadlessChromium.Session s, String key, int code) {
        for (String type : List.of("keyDown", "keyUp")) {
            s.call("Input.dispatchKeyEvent", Map.of("type", type, "key", key, "code", key,
                    "windowsVirtualKeyCode", code, "nativeVirtualKeyCode", code));
        }
    }
}
