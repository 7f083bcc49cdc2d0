package io.appfleet.desired.gitops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.appfleet.testsupport.FleetInfraTestResource;
import io.appfleet.testsupport.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

/**
 * The webhook and the poller of the running service, against a real git repository, Kafka and PostgreSQL. The
 * poll interval is an hour: a push reaching the sink within seconds was fetched because of the webhook.
 */
@QuarkusTest
@TestProfile(GitOpsTestProfile.class)
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GitWebhookIT {

    private static final String WEBHOOK = "/api/v1/webhooks/git";
    // From https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries
    private static final String VECTOR_PAYLOAD = "Hello, World!";
    private static final String VECTOR_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    RecordingManifestSink sink;

    @TestHTTPResource(WEBHOOK)
    URI webhookUrl;

    @Test
    @Order(1)
    void theStartUpPollAppliesTheHeadCommit() {
        String first = GitOpsTestProfile.firstCommit();
        RecordingManifestSink.Call call = awaitCall(first);
        assertThat(call.paths()).containsExactly("fleet/a.yaml", "fleet/sub/b.json");
        assertThat(call.prune()).isTrue();
        await().atMost(30, TimeUnit.SECONDS).until(() -> first.equals(statusField("lastSyncedCommit")));
        status().body("state", equalTo("synced"))
                .body("branch", equalTo("main"))
                .body("path", equalTo("fleet"))
                .body("intervalSeconds", equalTo(3600))
                .body("prune", equalTo(true))
                .body("headCommit", equalTo(first))
                .body("lastReport.files.path", hasItem("fleet/a.yaml"))
                .body("lastReport.files.outcome", hasItem("APPLIED"));
    }

    @Test
    @Order(2)
    void theGithubDocumentationVectorIsAcceptedAndAChangedByteRejected() {
        github("ping", VECTOR_SIGNATURE).body(VECTOR_PAYLOAD.getBytes(StandardCharsets.UTF_8))
                .when().post(WEBHOOK)
                .then().statusCode(200).body("result", equalTo("pong")).body("provider", equalTo("github"));
        github("ping", VECTOR_SIGNATURE).body("Hello, World?".getBytes(StandardCharsets.UTF_8))
                .when().post(WEBHOOK)
                .then().statusCode(401).contentType("application/problem+json")
                .body("status", equalTo(401))
                .body("detail", containsString("X-Hub-Signature-256 does not match"));
        github("ping", VECTOR_SIGNATURE.replace("e17", "e18")).body(VECTOR_PAYLOAD.getBytes(StandardCharsets.UTF_8))
                .when().post(WEBHOOK)
                .then().statusCode(401).contentType("application/problem+json");
        // As a push, the signature passes and the body (not JSON) is what gets refused.
        github("push", VECTOR_SIGNATURE).body(VECTOR_PAYLOAD.getBytes(StandardCharsets.UTF_8))
                .when().post(WEBHOOK)
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("body"));
    }

    @Test
    @Order(3)
    void missingOrWrongSignaturesAndTokensAre401AndFetchNothing() throws Exception {
        long fetches = fetches();
        byte[] push = githubPush("refs/heads/main", GitOpsTestProfile.FULL_NAME, "0".repeat(40));
        given().header("X-GitHub-Event", "push").contentType("application/json").body(push)
                .when().post(WEBHOOK)
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", containsString("missing X-Hub-Signature-256"));
        given().header("X-GitHub-Event", "push").header("X-Hub-Signature", "sha1=0123456789abcdef0123456789abcdef01234567")
                .contentType("application/json").body(push)
                .when().post(WEBHOOK).then().statusCode(401);
        github("push", "sha256=" + WebhookSignatures.hex(WebhookSignatures.hmacSha256("not the secret", push)))
                .body(push).when().post(WEBHOOK).then().statusCode(401);
        github("push", "sha256=not-hex").body(push).when().post(WEBHOOK).then().statusCode(401);

        byte[] gitlab = gitlabPush("refs/heads/main", "0".repeat(40));
        given().header("X-Gitlab-Event", "Push Hook").contentType("application/json").body(gitlab)
                .when().post(WEBHOOK)
                .then().statusCode(401).body("detail", containsString("missing X-Gitlab-Token"));
        given().header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", GitOpsTestProfile.SECRET + "x")
                .contentType("application/json").body(gitlab)
                .when().post(WEBHOOK)
                .then().statusCode(401).body("detail", containsString("X-Gitlab-Token does not match"));

        byte[] gitea = giteaPush("refs/heads/main", "0".repeat(40));
        given().header("X-Gitea-Event", "push").header("X-Gitea-Signature", hmac(gitea).replace('a', 'b'))
                .contentType("application/json").body(gitea)
                .when().post(WEBHOOK).then().statusCode(401);
        given().header("X-Gitea-Event", "push").contentType("application/json").body(gitea)
                .when().post(WEBHOOK).then().statusCode(401).body("detail", containsString("missing X-Gitea-Signature"));

        Thread.sleep(500);
        assertThat(fetches()).as("nothing unauthenticated may cause a fetch").isEqualTo(fetches);
    }

    @Test
    @Order(4)
    void badRequestsAreRefusedWithAProblem() throws Exception {
        given().contentType("application/json").body("{}")
                .when().post(WEBHOOK)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("X-GitHub-Event"));
        byte[] malformed = "{\"ref\": \"refs/heads/main\", ".getBytes(StandardCharsets.UTF_8);
        github("push", sign(malformed)).body(malformed)
                .when().post(WEBHOOK)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("body"));
        byte[] noRef = "{\"repository\": {\"full_name\": \"acme/fleet-config\"}}".getBytes(StandardCharsets.UTF_8);
        github("push", sign(noRef)).body(noRef)
                .when().post(WEBHOOK)
                .then().statusCode(400).body("errors[0].field", equalTo("ref"));
        byte[] array = "[1, 2]".getBytes(StandardCharsets.UTF_8);
        github("push", sign(array)).body(array).when().post(WEBHOOK).then().statusCode(400);

        byte[] huge = ("{\"ref\": \"refs/heads/main\", \"pad\": \"" + "x".repeat(100_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
        github("push", sign(huge)).body(huge)
                .when().post(WEBHOOK)
                .then().statusCode(413).contentType("application/problem+json")
                .body("detail", containsString("appfleet.webhook.max-body"));
        given().header("X-GitHub-Event", "push").contentType("application/octet-stream").body(huge)
                .when().post(WEBHOOK)
                .then().statusCode(413);
        // Without a Content-Length (chunked) the limit holds while reading.
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(webhookUrl)
                .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", sign(huge))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).as(chunked.body()).isEqualTo(413);
        assertThat(chunked.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    }

    @Test
    @Order(5)
    void pushesElsewhereAndOtherEventsAreIgnoredWithAReason() throws Exception {
        long fetches = fetches();
        byte[] otherBranch = githubPush("refs/heads/dev", GitOpsTestProfile.FULL_NAME, "1".repeat(40));
        github("push", sign(otherBranch)).body(otherBranch)
                .when().post(WEBHOOK)
                .then().statusCode(202).body("result", equalTo("ignored"))
                .body("reason", containsString("refs/heads/dev"));
        byte[] tag = githubPush("refs/tags/v1", GitOpsTestProfile.FULL_NAME, "1".repeat(40));
        github("push", sign(tag)).body(tag).when().post(WEBHOOK).then().statusCode(202).body("result", equalTo("ignored"));
        byte[] otherRepo = githubPush("refs/heads/main", "mallory/fleet-config", "1".repeat(40));
        github("push", sign(otherRepo)).body(otherRepo)
                .when().post(WEBHOOK)
                .then().statusCode(202).body("result", equalTo("ignored"))
                .body("reason", containsString("mallory/fleet-config"));
        byte[] issue = "{\"action\": \"opened\"}".getBytes(StandardCharsets.UTF_8);
        github("issues", sign(issue)).body(issue)
                .when().post(WEBHOOK)
                .then().statusCode(202).body("result", equalTo("ignored")).body("event", equalTo("issues"));
        byte[] tagHook = gitlabPush("refs/tags/v1", "1".repeat(40));
        given().header("X-Gitlab-Event", "Tag Push Hook").header("X-Gitlab-Token", GitOpsTestProfile.SECRET)
                .contentType("application/json").body(tagHook)
                .when().post(WEBHOOK).then().statusCode(202).body("result", equalTo("ignored"));
        Thread.sleep(500);
        assertThat(fetches()).isEqualTo(fetches);
    }

    @Test
    @Order(6)
    void aGithubPushIsFetchedAtOnce() {
        String sha;
        try (TestGitRemote remote = GitOpsTestProfile.remote()) {
            sha = remote.write("fleet/a.yaml", "kind: AppDeployment # a v2\n").commitAndPush("a v2");
        }
        byte[] push = githubPush("refs/heads/main", GitOpsTestProfile.FULL_NAME, sha);
        github("push", sign(push)).header("X-GitHub-Delivery", "d-6").body(push)
                .when().post(WEBHOOK)
                .then().statusCode(202).body("result", equalTo("accepted")).body("provider", equalTo("github"))
                .body("delivery", equalTo("d-6")).body("after", equalTo(sha));
        RecordingManifestSink.Call call = awaitCall(sha);
        assertThat(call.text("fleet/a.yaml")).isEqualTo("kind: AppDeployment # a v2\n");
        await().atMost(30, TimeUnit.SECONDS).until(() -> sha.equals(statusField("lastSyncedCommit")));
    }

    @Test
    @Order(7)
    void aGitlabPushDeletingAFilePrunes() {
        String sha;
        try (TestGitRemote remote = GitOpsTestProfile.remote()) {
            sha = remote.delete("fleet/sub/b.json").commitAndPush("b gone");
        }
        byte[] push = gitlabPush("refs/heads/main", sha);
        given().header("X-Gitlab-Event", "Push Hook").header("X-Gitlab-Token", GitOpsTestProfile.SECRET)
                .contentType("application/json").body(push)
                .when().post(WEBHOOK)
                .then().statusCode(202).body("result", equalTo("accepted")).body("provider", equalTo("gitlab"));
        RecordingManifestSink.Call call = awaitCall(sha);
        assertThat(call.paths()).containsExactly("fleet/a.yaml");
        assertThat(call.prune()).isTrue();
        await().atMost(30, TimeUnit.SECONDS).until(() -> sha.equals(statusField("lastSyncedCommit")));
        status().body("lastReport.pruned", hasItem("b"));
    }

    @Test
    @Order(8)
    void giteaPushesWithEitherSignatureHeader() {
        String first;
        try (TestGitRemote remote = GitOpsTestProfile.remote()) {
            first = remote.write("fleet/c.yml", "kind: AppDeployment # c\n").commitAndPush("c");
        }
        byte[] push = giteaPush("refs/heads/main", first);
        // Gitea sends X-GitHub-Event too; its own headers decide.
        given().header("X-Gitea-Event", "push").header("X-GitHub-Event", "push")
                .header("X-Gitea-Signature", hmac(push)).contentType("application/json").body(push)
                .when().post(WEBHOOK)
                .then().statusCode(202).body("result", equalTo("accepted")).body("provider", equalTo("gitea"));
        awaitCall(first);

        String second;
        try (TestGitRemote remote = GitOpsTestProfile.remote()) {
            second = remote.write("fleet/c.yml", "kind: AppDeployment # c2\n").commitAndPush("c2");
        }
        byte[] push2 = giteaPush("refs/heads/main", second);
        given().header("X-Gitea-Event", "push").header("X-Hub-Signature-256", sign(push2))
                .contentType("application/json").body(push2)
                .when().post(WEBHOOK)
                .then().statusCode(202).body("result", equalTo("accepted"));
        awaitCall(second);
    }

    @Test
    @Order(9)
    void aFormEncodedGithubPushIsUnderstood() throws Exception {
        String sha;
        try (TestGitRemote remote = GitOpsTestProfile.remote()) {
            sha = remote.write("fleet/d.json", "{\"kind\": \"AppDeployment\", \"d\": 1}").commitAndPush("d");
        }
        byte[] form = ("payload=" + URLEncoder.encode(new String(githubPush("refs/heads/main",
                GitOpsTestProfile.FULL_NAME, sha), StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        // RestAssured re-encodes form bodies; the signature covers the exact bytes, so send them as they are.
        HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(webhookUrl)
                .header("X-GitHub-Event", "push").header("X-Hub-Signature-256", sign(form))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(202);
        assertThat(reply.body()).contains("\"result\":\"accepted\"");
        awaitCall(sha);
    }

    @Test
    @Order(10)
    void aBurstOfWebhooksDuringAFetchCausesOneMoreFetch() throws Exception {
        String sha;
        try (TestGitRemote remote = GitOpsTestProfile.remote()) {
            sha = remote.write("fleet/a.yaml", "kind: AppDeployment # a v3\n").commitAndPush("a v3");
        }
        CountDownLatch entered = sink.block();
        byte[] push = githubPush("refs/heads/main", GitOpsTestProfile.FULL_NAME, sha);
        try {
            github("push", sign(push)).body(push).when().post(WEBHOOK)
                    .then().statusCode(202).body("fetch", equalTo("queued"));
            assertThat(entered.await(20, TimeUnit.SECONDS)).as("the fetch reached the sink").isTrue();
            long during = fetches();
            List<String> results = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                results.add(github("push", sign(push)).body(push).when().post(WEBHOOK)
                        .then().statusCode(202).extract().path("fetch"));
            }
            assertThat(results.get(0)).isEqualTo("queued");
            assertThat(results.subList(1, 10)).containsOnly("coalesced");
            sink.open();
            await().atMost(30, TimeUnit.SECONDS).until(() -> fetches() == during + 1
                    && "synced".equals(statusField("state")) && "false".equals(statusField("syncing")));
            Thread.sleep(1000);
            assertThat(fetches()).isEqualTo(during + 1);
            assertThat(sink.callsFor(sha)).hasSize(1);
        } finally {
            sink.open();
        }
    }

    @Test
    @Order(11)
    void metricsCountSyncsAndWebhooks() {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("fleet_desired_git_syncs_total{outcome=\"applied\"}")
                .contains("fleet_desired_git_syncs_total{outcome=\"unchanged\"}")
                .contains("fleet_desired_git_last_success_timestamp_seconds")
                .contains("fleet_desired_git_sync_duration_seconds_count")
                .containsPattern("fleet_desired_webhooks_total\\{outcome=\"unauthorized\",provider=\"github\"} [1-9]")
                .containsPattern("fleet_desired_webhooks_total\\{outcome=\"accepted\",provider=\"gitlab\"} [1-9]")
                .containsPattern("fleet_desired_webhooks_total\\{outcome=\"too_large\",provider=\"github\"} [1-9]")
                .doesNotContain(GitOpsTestProfile.SECRET);
        assertThat(metrics.lines().filter(l -> l.startsWith("fleet_desired_git_syncs_total{outcome=\"failed\"}"))
                .findFirst().orElseThrow()).endsWith(" 0.0");
    }

    private RecordingManifestSink.Call awaitCall(String sha) {
        await().atMost(30, TimeUnit.SECONDS).until(() -> !sink.callsFor(sha).isEmpty());
        return sink.callsFor(sha).get(0);
    }

    private static ValidatableResponse status() {
        return given().header("Authorization", TestAuth.VIEWER).when().get("/api/v1/gitops/status").then()
                .statusCode(200);
    }

    private static long fetches() throws Exception {
        return Long.parseLong(statusField("fetches"));
    }

    /** One field of the status as text; read with Jackson (the first GPath use costs seconds on a busy machine). */
    private static String statusField(String name) throws Exception {
        String body = given().header("Authorization", TestAuth.VIEWER).when().get("/api/v1/gitops/status").then()
                .statusCode(200).extract().asString();
        JsonNode value = JSON.readTree(body).get(name);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static RequestSpecification github(String event, String signature) {
        return given().header("X-GitHub-Event", event).header("X-Hub-Signature-256", signature)
                .contentType("application/json");
    }

    private static String sign(byte[] body) {
        return "sha256=" + hmac(body);
    }

    private static String hmac(byte[] body) {
        return WebhookSignatures.hex(WebhookSignatures.hmacSha256(GitOpsTestProfile.SECRET, body));
    }

    static byte[] githubPush(String ref, String fullName, String after) {
        return """
                {"ref": "%s", "before": "%s", "after": "%s",
                 "repository": {"id": 1, "name": "fleet-config", "full_name": "%s",
                   "html_url": "https://github.com/%s", "clone_url": "https://github.com/%s.git"},
                 "pusher": {"name": "ops"}, "commits": [{"id": "%s", "added": ["fleet/evil.yaml"]}]}
                """.formatted(ref, "0".repeat(40), after, fullName, fullName, fullName, after)
                .getBytes(StandardCharsets.UTF_8);
    }

    static byte[] gitlabPush(String ref, String after) {
        return """
                {"object_kind": "push", "event_name": "push", "ref": "%s", "before": "%s", "after": "%s",
                 "project": {"id": 7, "path_with_namespace": "acme/fleet-config",
                   "git_http_url": "https://gitlab.example.net/acme/fleet-config.git",
                   "git_ssh_url": "git@gitlab.example.net:acme/fleet-config.git",
                   "web_url": "https://gitlab.example.net/acme/fleet-config"},
                 "repository": {"name": "fleet-config", "homepage": "https://gitlab.example.net/acme/fleet-config"}}
                """.formatted(ref, "0".repeat(40), after).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] giteaPush(String ref, String after) {
        return """
                {"ref": "%s", "before": "%s", "after": "%s",
                 "repository": {"id": 3, "name": "fleet-config", "full_name": "acme/fleet-config",
                   "html_url": "https://gitea.example.net/acme/fleet-config",
                   "clone_url": "https://gitea.example.net/acme/fleet-config.git"}}
                """.formatted(ref, "0".repeat(40), after).getBytes(StandardCharsets.UTF_8);
    }
}
