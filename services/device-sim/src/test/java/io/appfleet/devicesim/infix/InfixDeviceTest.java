package io.appfleet.devicesim.infix;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's RESTCONF surface, spoken to by a plain HTTP client that trusts its certificate. */
class InfixDeviceTest {

    private static final String C = "/restconf/data/infix-containers:containers";
    private static InfixDevice device;
    private static HttpClient http;
    private static String base;
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));

    @BeforeAll
    static void start() throws Exception {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        InetSocketAddress address = new InetSocketAddress("127." + (100 + r.nextInt(100)) + "." + r.nextInt(250) + ".7",
                20_000 + r.nextInt(20_000));
        device = InfixDevice.start("sim-infix-t", address, "admin", "pw");
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("device", device.certificate().certificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        // The certificate names the IP address, so even standard hostname verification passes.
        http = HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).build();
        base = "https://" + address.getHostString() + ":" + address.getPort();
    }

    @AfterAll
    static void stop() {
        device.close();
    }

    @BeforeEach
    void reset() {
        device.clearContainers();
        device.faults().clear();
        device.log().clear();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", AUTH)
                .header("Content-Type", InfixDevice.YANG_JSON)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String entry(String name, String extra) {
        return "{\"infix-containers:container\":[{\"name\":\"" + name + "\",\"image\":\"docker://busybox\"" + extra + "}]}";
    }

    @Test
    void configureActAndRead() throws Exception {
        assertThat(call("PUT", C + "/container=web", entry("web", ",\"resource-limit\":{\"memory\":\"1024\",\"cpu\":500}"))
                .statusCode()).isEqualTo(201);
        assertThat(call("PUT", C + "/container=web", entry("web", "")).statusCode()).isEqualTo(204);
        assertThat(device.running("web")).contains(true);
        assertThat(call("PUT", C + "/container=idle", entry("idle", ",\"manual\":true")).statusCode()).isEqualTo(201);
        assertThat(device.running("idle")).contains(false);

        assertThat(call("PATCH", C, "{\"infix-containers:containers\":{\"container\":[{\"name\":\"idle\",\"command\":\"sleep 9\"}]}}")
                .statusCode()).isEqualTo(204);
        assertThat(device.config("idle")).get().asString().contains("sleep 9", "busybox");

        assertThat(call("POST", C + "/container=idle/start", null).statusCode()).isEqualTo(204);
        assertThat(device.running("idle")).contains(true);
        assertThat(call("POST", C + "/container=idle/restart", null).statusCode()).isEqualTo(204);
        assertThat(call("POST", C + "/container=idle/stop", null).statusCode()).isEqualTo(204);
        assertThat(device.running("idle")).contains(false);

        HttpResponse<String> usage = call("GET", C + "/container=web/resource-usage", null);
        assertThat(usage.statusCode()).isEqualTo(200);
        assertThat(usage.body()).contains("\"infix-containers:containers\"", "\"pids\"", "\"net-io\"")
                .containsPattern("\"cpu\" : \"\\d+\\.\\d\\d\"");
        assertThat(call("GET", "/restconf/ds/ietf-datastores:operational/infix-containers:containers", null).body())
                .contains("\"status\" : \"Exited (0)", "\"status\" : \"Up ");
        assertThat(call("GET", "/restconf/ds/ietf-datastores:running/infix-containers:containers/container=idle", null)
                .body()).doesNotContain("\"running\"").contains("\"manual\" : true");

        assertThat(call("DELETE", C + "/container=idle", null).statusCode()).isEqualTo(204);
        assertThat(call("DELETE", C + "/container=idle", null).statusCode()).isEqualTo(404);
        assertThat(device.containerNames()).containsExactly("web");
        assertThat(device.requests("POST ")).hasSize(3);
    }

    @Test
    void badRequestsGetRestconfErrors() throws Exception {
        HttpResponse<String> noImage = call("PUT", C + "/container=web",
                "{\"infix-containers:container\":[{\"name\":\"web\"}]}");
        assertThat(noImage.statusCode()).isEqualTo(400);
        assertThat(noImage.body()).contains("\"error-tag\" : \"missing-element\"");
        assertThat(call("PUT", C + "/container=web", entry("other", "")).statusCode()).isEqualTo(400);
        assertThat(call("PUT", C + "/container=web", "not json").body()).contains("malformed-message");
        assertThat(call("PUT", C + "/container=web", entry("web", ",\"running\":true")).statusCode()).isEqualTo(400);
        assertThat(call("PUT", C + "/container=web",
                entry("web", ",\"network\":{\"host\":true,\"interface\":[{\"name\":\"veth0\"}]}")).statusCode()).isEqualTo(400);
        call("PUT", C + "/container=web", entry("web", ""));
        assertThat(call("POST", C + "/container=web/upgrade", null).body()).contains("operation-not-supported");
        assertThat(call("POST", C + "/container=nope/stop", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/restconf/data/ietf-system:system", null).statusCode()).isEqualTo(404);
        assertThat(call("PUT", "/restconf/ds/ietf-datastores:operational/infix-containers:containers/container=web",
                entry("web", "")).statusCode()).isEqualTo(405);
    }

    @Test
    void faultsAndCrash() throws Exception {
        call("PUT", C + "/container=web", entry("web", ""));
        device.faults().failNext(500, 2);
        assertThat(call("GET", C, null).statusCode()).isEqualTo(500);
        HttpResponse<String> second = call("GET", C, null);
        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(second.body()).contains("ietf-restconf:errors", "operation-failed");
        assertThat(call("GET", C, null).statusCode()).isEqualTo(200);

        device.faults().failNextWrites(503, 1);
        assertThat(call("GET", C, null).statusCode()).isEqualTo(200);
        assertThat(call("POST", C + "/container=web/stop", null).statusCode()).isEqualTo(503);
        assertThat(device.running("web")).contains(true);

        device.faults().latencyMs(300);
        long t0 = System.nanoTime();
        assertThat(call("GET", C, null).statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
        device.faults().latencyMs(0);

        assertThat(device.crash("web")).isTrue();
        assertThat(device.crash("web")).isFalse();
        assertThat(call("GET", C + "/container=web", null).body()).contains("\"running\" : false", "Exited (139)")
                .doesNotContain("resource-usage");
    }

    @Test
    void basicAuthIsRequired() throws Exception {
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(URI.create(base + C)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(none.body()).contains("access-denied");
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(URI.create(base + C)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString("admin:nope".getBytes(StandardCharsets.UTF_8))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(device.log().lines()).containsExactly("GET " + C, "GET " + C);
    }
}
