package io.appfleet.desired.it;

import static io.appfleet.desired.targeting.Devices.decommissioned;
import static io.appfleet.desired.targeting.Devices.device;
import static io.appfleet.desired.targeting.Devices.withCapacity;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.appfleet.desired.devicestate.ConfigDigest;
import io.appfleet.desired.it.FleetTopics.Desired;
import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.NetworkMode;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The deployments API against a real broker and database: manifests in, full desired device
 * states out on fleet.desired.v1 (decoded as the adapter decodes them). Every test uses its own
 * label and device ids so the tests cannot see each other's devices.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class DeploymentApiIT {

    static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final Duration WAIT = Duration.ofSeconds(30);

    static {
        // RestAssured encodes only the media types it knows; a YAML manifest is text.
        io.restassured.RestAssured.config = io.restassured.RestAssured.config().encoderConfig(
                io.restassured.config.EncoderConfig.encoderConfig().encodeContentTypeAs("application/yaml",
                        ContentType.TEXT));
    }

    @BeforeEach
    void ready() {
        // Every request of this class is an operator's; the roles themselves are ApiRolesIT's subject. Set here, not
        // statically: the spec takes the port Quarkus gives RestAssured when the test starts.
        io.restassured.RestAssured.requestSpecification = new io.restassured.builder.RequestSpecBuilder()
                .setPort(io.restassured.RestAssured.port)
                .addHeader("Authorization", io.appfleet.testsupport.TestAuth.OPERATOR).build();
        await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/q/health/ready").statusCode() == 200);
    }

    @org.junit.jupiter.api.AfterEach
    void anonymousAgain() {
        io.restassured.RestAssured.requestSpecification = null;
    }

    /**
     * A manifest whose rollout hands every device the revision at once (no adapter reports devices
     * healthy here, so a wave-by-wave rollout would never get past its first devices), unless
     * {@code extraSpec} sets its own rollout.
     */
    static String manifest(String name, String appId, String selectorOrTargets, String extraApp, String extraSpec) {
        return "apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: " + name + "}\nspec:\n"
                + "  app:\n    id: " + appId + "\n    package: {url: \"https://repo.example.net/" + appId + ".tar\","
                + " sha256: \"" + SHA + "\", sizeBytes: 1048576}\n" + extraApp
                + "  targets: " + selectorOrTargets + "\n" + extraSpec
                + (extraSpec.contains("rollout:") ? "" : "  rollout: {maxUnavailable: 100%}\n");
    }

    static Response post(String yaml) {
        return given().contentType("application/yaml").body(yaml).post("/api/v1/deployments");
    }

    /**
     * A request through the JDK's client. RestAssured mangles paths with a ':' action suffix
     * ({@code /deployments:diff}, {@code /deployments/x:rollback}): the server answered its requests 404
     * while the same request from this client and from curl succeeds.
     */
    record Raw(int status, String body) {
        io.restassured.path.json.JsonPath json() {
            return io.restassured.path.json.JsonPath.from(body);
        }
    }

    static Raw raw(String method, String path, String yaml) {
        try {
            var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
                    + io.restassured.RestAssured.port + path));
            request.method(method, yaml == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(yaml));
            request.header("Authorization", io.appfleet.testsupport.TestAuth.OPERATOR);
            if (yaml != null) {
                request.header("Content-Type", "application/yaml");
            }
            var r = java.net.http.HttpClient.newHttpClient().send(request.build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return new Raw(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Raw diff(String yaml) {
        return raw("POST", "/api/v1/deployments:diff", yaml);
    }

    /** Waits until the service's inventory view resolves {@code yaml} to {@code n} devices (dry-run). */
    static void awaitTargets(String yaml, int n) {
        Raw[] last = new Raw[1];
        try {
            await().atMost(WAIT).until(() -> {
                last[0] = diff(yaml);
                return last[0].status() == 200 && last[0].json().getInt("targeted") == n;
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the dry-run never targeted " + n + " devices; last answer: " + last[0], e);
        }
    }

    static Device iosxe(String id, String label, Map<String, String> more) {
        Map<String, String> labels = new java.util.HashMap<>(more);
        labels.put("it", label);
        return withCapacity(device(id, Platform.PLATFORM_IOSXE, "ams", labels), 7400, 2048, 4096);
    }

    static Desired last(List<Desired> records, String id) {
        Desired last = null;
        for (Desired d : records) {
            if (d.deviceId().equals(id)) {
                last = d;
            }
        }
        return last;
    }

    static List<Desired> awaitGeneration(String prefix, Map<String, Long> generations) {
        return FleetTopics.desired(k -> k.startsWith(prefix), l -> generations.entrySet().stream().allMatch(e -> {
            Desired d = last(l, e.getKey());
            return d != null && (e.getValue() == 0 ? d.state() == null
                    : d.state() != null && d.state().getGeneration() == e.getValue());
        }), WAIT);
    }

    @Test
    void applyUpdateAndDeletePublishEachDevicesFullState() {
        FleetTopics.publish(iosxe("ap-1", "apply", Map.of("role", "access")));
        FleetTopics.publish(iosxe("ap-2", "apply", Map.of("role", "access")));
        FleetTopics.publish(iosxe("ap-3", "apply", Map.of("role", "core")));
        String alpha = manifest("ap-alpha", "alpha", "{platforms: [iosxe], selector: {matchLabels: {it: apply, role: access}}}",
                "    resources: {cpuUnits: 1000, memoryMb: 256}\n    runOpts: [\"--cap-add=NET_ADMIN\"]\n"
                        + "    env: {MODE: probe}\n    network: {mode: appgigabit-trunk, interfaces: [{index: 0, vlan: 10,"
                        + " ipv4: 10.1.1.2/24, gateway: 10.1.1.1}]}\n",
                "  devicePolicy: {cppPolicers: {system-cpp-police-sys-data: disabled}}\n");
        awaitTargets(alpha, 2);

        post(alpha).then().statusCode(201).header("Location", containsString("/api/v1/deployments/ap-alpha"))
                .body("outcome", equalTo("created")).body("revision", equalTo(1))
                .body("status.targeted", equalTo(2)).body("status.applied", equalTo(2)).body("published", equalTo(2));
        List<Desired> first = awaitGeneration("ap-", Map.of("ap-1", 1L, "ap-2", 1L));
        assertThat(first).extracting(Desired::deviceId).doesNotContain("ap-3");
        Desired ap1 = last(first, "ap-1");
        DesiredApp app = ap1.state().getApps(0);
        assertThat(ap1.state().getDeviceId()).isEqualTo("ap-1");
        assertThat(app.getAppId()).isEqualTo("alpha");
        assertThat(app.getDeploymentName()).isEqualTo("ap-alpha");
        assertThat(app.getDeploymentRevision()).isEqualTo(1);
        assertThat(app.getState()).isEqualTo(DesiredAppState.DESIRED_APP_STATE_RUNNING);
        assertThat(app.getPackage().getUrl()).isEqualTo("https://repo.example.net/alpha.tar");
        assertThat(app.getPackage().getSizeBytes()).isEqualTo(1048576);
        assertThat(app.getResources().getCpuUnits()).isEqualTo(1000);
        assertThat(app.getRunOptsList()).containsExactly("--cap-add=NET_ADMIN");
        assertThat(app.getEnvMap()).containsEntry("MODE", "probe");
        assertThat(app.getNetwork().getMode()).isEqualTo(NetworkMode.NETWORK_MODE_APPGIGABIT_TRUNK);
        assertThat(app.getNetwork().getInterfaces(0).getIpv4PrefixLength()).isEqualTo(24);
        assertThat(app.getConfigDigest()).isEqualTo(ConfigDigest.of(app));
        assertThat(ap1.state().getSettings().getCppPolicers(0).getEnabled()).isFalse();
        assertThat(ap1.state().getSource().getRevision()).isEqualTo("ap-alpha@1");
        assertThat(ap1.state().getSource().getDeploymentNamesList()).containsExactly("ap-alpha");
        assertThat(ap1.header("ce_type")).isEqualTo("io.appfleet.desired.device.updated");
        assertThat(ap1.header("ce_source")).isEqualTo("/appfleet/desired-state");

        // A second deployment on ap-1: its record holds BOTH apps.
        post(manifest("ap-beta", "beta", "{devices: [ap-1, ap-unknown]}", "", "  state: stopped\n")).then()
                .statusCode(201).body("status.unknownDevices", hasItems("ap-unknown"));
        Desired both = last(awaitGeneration("ap-", Map.of("ap-1", 2L)), "ap-1");
        assertThat(both.state().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("alpha", "beta");
        assertThat(both.state().getApps(1).getState()).isEqualTo(DesiredAppState.DESIRED_APP_STATE_STOPPED);

        // An update (JSON this time) reaches both devices with the next generation.
        given().get("/api/v1/deployments/ap-alpha").then().statusCode(200).body("revision", equalTo(1))
                .body("manifest.spec.app.id", equalTo("alpha"))
                .body("manifest.spec.app.package.sha256", equalTo(SHA));
        String updated = alpha.replace("--cap-add=NET_ADMIN", "--cap-add=NET_RAW");
        given().contentType(ContentType.JSON).body(yamlToJson(updated)).put("/api/v1/deployments/ap-alpha").then()
                .statusCode(200).body("outcome", equalTo("updated")).body("revision", equalTo(2));
        List<Desired> after = awaitGeneration("ap-", Map.of("ap-1", 3L, "ap-2", 2L));
        assertThat(last(after, "ap-2").state().getApps(0).getRunOptsList()).containsExactly("--cap-add=NET_RAW");
        assertThat(last(after, "ap-2").state().getApps(0).getDeploymentRevision()).isEqualTo(2);
        assertThat(last(after, "ap-1").state().getAppsList()).extracting(DesiredApp::getAppId)
                .containsExactly("alpha", "beta");

        // Re-applying the same manifest makes no revision and no record.
        post(updated).then().statusCode(200).body("outcome", equalTo("unchanged")).body("revision", equalTo(2))
                .body("published", equalTo(0));
        given().get("/api/v1/deployments/ap-alpha/revisions").then().statusCode(200).body("size()", equalTo(2))
                .body("[0].revision", equalTo(2)).body("[0].principal", equalTo("it-operator"))
                .body("[0].source", equalTo("api")).body("[1].action", equalTo("apply"));
        int count = FleetTopics.desired(k -> k.startsWith("ap-")).size();

        // Delete: the app leaves every device's full state; a device left with nothing gets an empty list.
        given().delete("/api/v1/deployments/ap-alpha").then().statusCode(200).body("revision", equalTo(3));
        List<Desired> deleted = awaitGeneration("ap-", Map.of("ap-1", 4L, "ap-2", 3L));
        assertThat(deleted).hasSize(count + 2);
        assertThat(last(deleted, "ap-1").state().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("beta");
        assertThat(last(deleted, "ap-1").state().getSettings().getCppPolicersCount()).isZero();
        assertThat(last(deleted, "ap-2").state().getAppsCount()).isZero();
        given().get("/api/v1/deployments/ap-alpha").then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/api/v1/deployments/ap-alpha/revisions").then().statusCode(200).body("size()", equalTo(3))
                .body("[0].action", equalTo("delete"));
        given().delete("/api/v1/deployments/ap-alpha").then().statusCode(404);
    }

    @Test
    void rollbackRestoresAnEarlierRevisionAsANewOne() {
        FleetTopics.publish(iosxe("rb-1", "rollback", Map.of()));
        String v1 = manifest("rb", "rbapp", "{selector: {matchLabels: {it: rollback}}}", "    runOpts: [\"--v1\"]\n", "");
        awaitTargets(v1, 1);
        post(v1).then().statusCode(201);
        post(v1.replace("--v1", "--v2")).then().statusCode(200).body("revision", equalTo(2));
        post(v1.replace("--v1", "--v3")).then().statusCode(200).body("revision", equalTo(3));
        awaitGeneration("rb-", Map.of("rb-1", 3L));

        Raw back = raw("POST", "/api/v1/deployments/rb:rollback?revision=1", null);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().getInt("revision")).isEqualTo(4);
        assertThat(back.json().getString("outcome")).isEqualTo("updated");
        Desired d = last(awaitGeneration("rb-", Map.of("rb-1", 4L)), "rb-1");
        assertThat(d.state().getApps(0).getRunOptsList()).containsExactly("--v1");
        assertThat(d.state().getApps(0).getDeploymentRevision()).isEqualTo(4);
        given().get("/api/v1/deployments/rb/revisions").then().body("[0].action", equalTo("rollback"))
                .body("[0].rollbackOf", equalTo(1));
        given().get("/api/v1/deployments/rb/revisions/2").then().statusCode(200)
                .body("manifest.spec.app.runOpts[0]", equalTo("--v2"));

        assertThat(raw("POST", "/api/v1/deployments/rb:rollback?revision=4", null).json().getString("outcome"))
                .isEqualTo("unchanged");
        Raw zero = raw("POST", "/api/v1/deployments/rb:rollback?revision=0", null);
        assertThat(zero.status()).isEqualTo(400);
        assertThat(zero.json().getString("errors[0].field")).isEqualTo("revision");
        assertThat(raw("POST", "/api/v1/deployments/rb:rollback?revision=9", null).status()).isEqualTo(400);
        assertThat(raw("POST", "/api/v1/deployments/rb:rollback", null).status()).isEqualTo(400);
        assertThat(raw("POST", "/api/v1/deployments/nothing:rollback?revision=1", null).status()).isEqualTo(404);
        assertThat(raw("POST", "/api/v1/deployments/rb", null).status()).isEqualTo(405);
    }

    @Test
    void twoDeploymentsClaimingOneAppIdOnADeviceIsAConflictNamingBoth() {
        FleetTopics.publish(iosxe("cf-1", "conflict", Map.of()));
        FleetTopics.publish(iosxe("cf-2", "conflict", Map.of()));
        String first = manifest("cf-first", "gamma", "{selector: {matchLabels: {it: conflict}}}", "", "");
        awaitTargets(first, 2);
        post(first).then().statusCode(201);
        int records = FleetTopics.desired(k -> k.startsWith("cf-"), l -> l.size() >= 2, WAIT).size();

        post(manifest("cf-second", "gamma", "{devices: [cf-2]}", "", "")).then().statusCode(409)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("spec.app.id"))
                .body("errors[0].message", containsString("'cf-second' and 'cf-first' both claim app id 'gamma'"))
                .body("errors[0].message", containsString("cf-2"))
                .body("conflicts[0].deployments", hasItems("cf-first", "cf-second"));
        given().get("/api/v1/deployments/cf-second").then().statusCode(404);
        given().get("/api/v1/deployments/cf-second/revisions").then().statusCode(404);
        assertThat(FleetTopics.desired(k -> k.startsWith("cf-"))).hasSize(records);

        // A different app id on the same device is fine; so is the same app id elsewhere.
        post(manifest("cf-other", "delta", "{devices: [cf-2]}", "", "")).then().statusCode(201);
    }

    @Test
    void aDeviceWithoutRoomIsUnschedulableWithTheReason() {
        FleetTopics.publish(withCapacity(iosxe("us-small", "unsched", Map.of()), 1000, 512, 1024));
        FleetTopics.publish(iosxe("us-big", "unsched", Map.of()));
        String big = manifest("us-app", "heavy", "{selector: {matchLabels: {it: unsched}}}",
                "    resources: {cpuUnits: 5000, memoryMb: 1024}\n", "");
        awaitTargets(big, 2);
        post(big).then().statusCode(201).body("status.targeted", equalTo(2)).body("status.applied", equalTo(1))
                .body("status.unschedulable", equalTo(1)).body("status.succeeded", equalTo(0))
                .body("status.failed", equalTo(0));
        given().get("/api/v1/deployments/us-app/devices?phase=Unschedulable").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].deviceId", equalTo("us-small"))
                .body("items[0].reason", containsString("needs 5000 units of CPU, 1000 of 1000 units free"))
                .body("items[0].reason", containsString("needs 1024 MiB of memory, 512 of 512 MiB free"));
        given().get("/api/v1/deployments/us-app/devices?size=1&page=1").then().statusCode(200)
                .body("total", equalTo(2)).body("items.size()", equalTo(1)).body("items[0].deviceId", equalTo("us-small"));
        awaitGeneration("us-", Map.of("us-big", 1L));
        assertThat(FleetTopics.desired(k -> k.equals("us-small"))).as("nothing to tell a device that gets nothing")
                .isEmpty();
        given().get("/api/v1/deployments/us-app/devices?phase=Running").then().statusCode(400);
    }

    @Test
    void inventoryChangesAreReResolved() {
        FleetTopics.publish(iosxe("gr-1", "grow", Map.of()));
        String m = manifest("gr-app", "grower", "{selector: {matchLabels: {it: grow}}}", "", "");
        awaitTargets(m, 1);
        post(m).then().statusCode(201);
        awaitGeneration("gr-", Map.of("gr-1", 1L));

        // A new matching device gets the app: it joins the rollout, still in progress here (nothing reports
        // devices healthy without an adapter), which hands it the revision.
        FleetTopics.publish(iosxe("gr-2", "grow", Map.of()));
        Desired gr2 = last(awaitGeneration("gr-", Map.of("gr-2", 1L)), "gr-2");
        assertThat(gr2.state().getApps(0).getAppId()).isEqualTo("grower");
        assertThat(gr2.state().getSource().getRevision()).isEqualTo("gr-app@1");

        // A device losing the label loses the app; a decommissioned one is tombstoned.
        FleetTopics.publish(iosxe("gr-1", "elsewhere", Map.of()).toBuilder().setGeneration(2).build());
        FleetTopics.publish(decommissioned(iosxe("gr-2", "grow", Map.of())).toBuilder().setGeneration(2).build());
        List<Desired> after = awaitGeneration("gr-", Map.of("gr-1", 2L, "gr-2", 0L));
        assertThat(last(after, "gr-1").state().getAppsCount()).isZero();
        assertThat(last(after, "gr-2").header("ce_type")).isEqualTo("io.appfleet.desired.device.deleted");
        await().atMost(WAIT).untilAsserted(() -> given().get("/api/v1/deployments/gr-app").then()
                .body("status.targeted", equalTo(0)));

        // Back in service with the label: the generation continues after the tombstone.
        FleetTopics.publish(iosxe("gr-2", "grow", Map.of()).toBuilder().setGeneration(3).build());
        assertThat(last(awaitGeneration("gr-", Map.of("gr-2", 3L)), "gr-2").state().getAppsCount()).isEqualTo(1);
        // A deleted device (inventory tombstone) is tombstoned too.
        FleetTopics.tombstone("gr-2");
        awaitGeneration("gr-", Map.of("gr-2", 0L));
    }

    @Test
    void dryRunAnswersWhatWouldChangeAndChangesNothing() {
        FleetTopics.publish(iosxe("dr-1", "dryrun", Map.of()));
        FleetTopics.publish(withCapacity(iosxe("dr-2", "dryrun", Map.of()), 100, 100, 100));
        String v1 = manifest("dr-app", "dryer", "{selector: {matchLabels: {it: dryrun}}}", "", "");
        awaitTargets(v1, 2);
        post(v1).then().statusCode(201);
        awaitGeneration("dr-", Map.of("dr-1", 1L, "dr-2", 1L));
        List<Desired> before = FleetTopics.desired(k -> k.startsWith("dr-"));

        String v2 = v1.replace("sizeBytes: 1048576}", "sizeBytes: 1048576}\n    resources: {cpuUnits: 2000}")
                .replace("dryer.tar", "dryer-2.tar");
        Raw dry = diff(v2);
        assertThat(dry.status()).as(dry.body()).isEqualTo(200);
        var j = dry.json();
        assertThat(j.getString("outcome")).isEqualTo("updated");
        assertThat(j.getInt("revision")).isEqualTo(2);
        assertThat(j.getInt("targeted")).isEqualTo(2);
        assertThat(j.getInt("devicesChanged")).isEqualTo(1);
        assertThat(j.getString("changes[0].deviceId")).isEqualTo("dr-1");
        assertThat(j.getString("changes[0].apps[0].change")).isEqualTo("changed");
        assertThat(j.getInt("changes[0].apps[0].fromRevision")).isEqualTo(1);
        assertThat(j.getInt("changes[0].apps[0].toRevision")).isEqualTo(2);
        assertThat(j.getList("changes[0].steps", String.class)).containsExactly("stop dryer", "deactivate dryer",
                "uninstall dryer", "install dryer", "configure dryer", "activate dryer", "start dryer");
        assertThat(j.getString("refused[0].deviceId")).isEqualTo("dr-2");
        assertThat(j.getString("refused[0].phase")).isEqualTo("Unschedulable");
        assertThat(j.getString("refused[0].reason")).contains("keeps revision 1");
        Raw fresh = diff(manifest("dr-new", "fresh", "{devices: [dr-1]}", "", ""));
        assertThat(fresh.json().getString("outcome")).isEqualTo("created");
        assertThat(fresh.json().getString("changes[0].apps[0].change")).isEqualTo("added");
        assertThat(fresh.json().getList("changes[0].steps", String.class)).containsExactly("install fresh",
                "configure fresh", "activate fresh", "start fresh");
        Raw bad = diff(manifest("dr-bad", "Bad", "{devices: [dr-1]}", "", ""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().getString("errors[0].field")).isEqualTo("spec.app.id");

        given().get("/api/v1/deployments/dr-app").then().body("revision", equalTo(1));
        given().get("/api/v1/deployments/dr-app/revisions").then().body("size()", equalTo(1));
        given().get("/api/v1/deployments/dr-new").then().statusCode(404);
        assertThat(FleetTopics.desired(k -> k.startsWith("dr-"))).hasSameSizeAs(before);
    }

    @Test
    void badManifestsAre400NamingEveryField() {
        given().contentType("application/yaml").body(manifest("bad", "Bad", "{platforms: [iosxe]}",
                "    resources: {memoryMb: 1Gi}\n    runOpts: [\"ok\", \"x; reload\"]\n",
                "  rollout: {waves: [{percent: 50}, {percent: 20}]}\n  extra: 1\n"))
                .post("/api/v1/deployments").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid manifest"))
                .body("errors.field", hasItems("spec.app.id", "spec.app.resources.memoryMb", "spec.app.runOpts[1]",
                        "spec.rollout.waves[1].percent", "spec.extra"));
        given().contentType(ContentType.JSON).body("{\"apiVersion\": \"appfleet/v1\", \"kind\": \"AppDeployment\","
                + " \"metadata\": {\"name\": \"j\"}, \"spec\": {\"app\": {\"id\": \"j\", \"image\": {\"reference\":"
                + " \"x\\ny\"}}, \"targets\": {\"devices\": [\"a\"]}}}").post("/api/v1/deployments").then()
                .statusCode(400).body("errors[0].field", equalTo("spec.app.image.reference"));
        given().contentType(ContentType.JSON).body("{not json").post("/api/v1/deployments").then().statusCode(400)
                .body("errors[0].field", equalTo("body"));
        given().contentType(ContentType.TEXT).body("x").post("/api/v1/deployments").then().statusCode(415)
                .contentType("application/problem+json");
        post(manifest("nomatch", "nomatch", "{selector: {matchLabels: {it: no-such-label}}}", "", "")).then()
                .statusCode(400).body("errors[0].field", equalTo("spec.targets"))
                .body("errors[0].message", containsString("match no device"));
        given().get("/api/v1/deployments/nomatch").then().statusCode(404);
        given().contentType("application/yaml").body(manifest("named", "n", "{devices: [x]}", "", ""))
                .put("/api/v1/deployments/other-name").then().statusCode(400)
                .body("errors[0].field", equalTo("metadata.name"));
        given().contentType("application/yaml").body("x".repeat(1_100_000)).post("/api/v1/deployments").then()
                .statusCode(413);
        given().get("/api/v1/schema").then().statusCode(200)
                .body(containsString("https://json-schema.org/draft/2020-12/schema"))
                .body("properties.kind.const", equalTo("AppDeployment"));
        given().get("/api/v1/deployments?size=0").then().statusCode(400);
    }

    @Test
    void undecodableInventoryRecordsAreDeadLettered() {
        FleetTopics.send("fleet.inventory.v1", "dlq-1", new byte[] { 0x0a, (byte) 0xff, 0x01 },
                "io.appfleet.inventory.device.upserted");
        var records = FleetTopics.read("fleet.inventory.v1.dlq", "dlq-1"::equals, l -> l.stream().anyMatch(r ->
                r.headers().lastHeader(DeadLetters.H_CONSUMER) != null && new String(r.headers()
                        .lastHeader(DeadLetters.H_CONSUMER).value()).equals("desired-state-inventory")), WAIT);
        var r = records.stream().filter(x -> new String(x.headers().lastHeader(DeadLetters.H_CONSUMER).value())
                .equals("desired-state-inventory")).findFirst().orElseThrow();
        assertThat(new String(r.headers().lastHeader(DeadLetters.H_REASON).value())).contains("not a fleet.v1.Device");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void undecodableObservedRecordsAreDeadLettered() {
        FleetTopics.send("fleet.observed.v1", "dlq-obs", new byte[] { 0x0a, (byte) 0xff, 0x01 },
                "io.appfleet.adapter.device.observed");
        var records = FleetTopics.read("fleet.observed.v1.dlq", "dlq-obs"::equals, l -> l.stream().anyMatch(r ->
                r.headers().lastHeader(DeadLetters.H_CONSUMER) != null && new String(r.headers()
                        .lastHeader(DeadLetters.H_CONSUMER).value()).equals("desired-state-observed")), WAIT);
        var r = records.stream().filter(x -> new String(x.headers().lastHeader(DeadLetters.H_CONSUMER).value())
                .equals("desired-state-observed")).findFirst().orElseThrow();
        assertThat(new String(r.headers().lastHeader(DeadLetters.H_REASON).value()))
                .contains("not a fleet.v1.ObservedDeviceState");
    }

    @Test
    void listsDeployments() {
        FleetTopics.publish(iosxe("ls-1", "list", Map.of()));
        String m = manifest("ls-app", "lister", "{selector: {matchLabels: {it: list}}}", "", "");
        awaitTargets(m, 1);
        post(m).then().statusCode(201);
        Response page = given().get("/api/v1/deployments?size=1000");
        page.then().statusCode(200);
        assertThat(page.jsonPath().getList("items.name", String.class)).contains("ls-app");
        assertThat(page.jsonPath().getLong("total")).isGreaterThanOrEqualTo(1);
    }

    @jakarta.inject.Inject
    io.appfleet.desired.deployment.GitApplier git;

    @Test
    void aGitCommitAppliesFileByFileAndPrunesOnlyWhatGitMadeAndNoFileDeclares() {
        FleetTopics.publish(iosxe("git-1", "gitsrc", Map.of()));
        String one = manifest("git-one", "gitone", "{selector: {matchLabels: {it: gitsrc}}}", "", "");
        String two = manifest("git-two", "gittwo", "{devices: [git-1]}", "", "");
        awaitTargets(one, 1);
        post(manifest("git-api", "gitapi", "{devices: [git-1]}", "", "")).then().statusCode(201);
        String sha1 = "0123456789abcdef0123456789abcdef01234567";
        var first = git.applyCommit(sha1, "Ann <ann@example.net>", List.of(
                new io.appfleet.desired.deployment.GitApplier.SourceFile("apps/one.yaml", one),
                new io.appfleet.desired.deployment.GitApplier.SourceFile("apps/two.yml", two),
                new io.appfleet.desired.deployment.GitApplier.SourceFile("apps/bad.yaml", "kind: [")), true);
        assertThat(first.files()).extracting(f -> f.path() + "=" + f.outcome()).containsExactly(
                "apps/bad.yaml=REJECTED", "apps/one.yaml=APPLIED", "apps/two.yml=APPLIED");
        assertThat(first.files().get(0).reason()).contains("malformed YAML");
        assertThat(first.pruned()).isEmpty();
        Desired d = last(awaitGeneration("git-", Map.of("git-1", 3L)), "git-1");
        assertThat(d.state().getSource().getRevision()).isEqualTo(sha1);
        assertThat(d.state().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("gitapi", "gitone",
                "gittwo");
        given().get("/api/v1/deployments/git-one/revisions").then().body("[0].source", equalTo("git"))
                .body("[0].commitSha", equalTo(sha1)).body("[0].path", equalTo("apps/one.yaml"))
                .body("[0].principal", equalTo("Ann <ann@example.net>"));

        // The same commit again changes nothing.
        var again = git.applyCommit(sha1, "Ann <ann@example.net>", List.of(
                new io.appfleet.desired.deployment.GitApplier.SourceFile("apps/one.yaml", one),
                new io.appfleet.desired.deployment.GitApplier.SourceFile("apps/two.yml", two)), true);
        assertThat(again.files()).extracting(f -> f.outcome().name()).containsOnly("UNCHANGED");
        assertThat(again.pruned()).isEmpty();

        // two.yml deleted, one.yaml broken: git-two goes, git-one stays (a typo never uninstalls), git-api stays.
        String sha2 = "89abcdef0123456789abcdef0123456789abcdef";
        var second = git.applyCommit(sha2, null, List.of(
                new io.appfleet.desired.deployment.GitApplier.SourceFile("apps/one.yaml", one.replace("gitone",
                        "Git One"))), true);
        assertThat(second.files()).extracting(f -> f.outcome().name()).containsExactly("REJECTED");
        assertThat(second.files().get(0).reason()).contains("spec.app.id");
        assertThat(second.pruned()).containsExactly("git-two");
        Desired after = last(awaitGeneration("git-", Map.of("git-1", 4L)), "git-1");
        assertThat(after.state().getAppsList()).extracting(DesiredApp::getAppId).containsExactly("gitapi", "gitone");
        given().get("/api/v1/deployments/git-two/revisions").then().body("[0].action", equalTo("delete"))
                .body("[0].commitSha", equalTo(sha2));
        assertThat(git.applyCommit(sha2, null, List.of(), false).pruned()).isEmpty();
        given().get("/api/v1/deployments/git-one").then().statusCode(200);
    }

    static String yamlToJson(String yaml) {
        try {
            var tree = new com.fasterxml.jackson.databind.ObjectMapper(
                    new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml);
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(tree);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
