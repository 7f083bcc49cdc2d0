package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The client side of the calls to desired-state, against a stand-in HTTP server that answers as the contract says. */
class DesiredStateApiTest {

    private static final String AUTH = "Bearer aft_test";

    private HttpServer server;
    private final Map<String, String[]> replies = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + ex.getRequestHeaders()
                    .getFirst("Authorization") + " " + ex.getRequestHeaders().getFirst("Content-Type") + " " + body);
            String[] reply = replies.getOrDefault(ex.getRequestMethod() + " " + ex.getRequestURI().getPath(),
                    new String[] {"404", "{\"title\":\"Not Found\",\"status\":404}"});
            byte[] out = reply[1].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(Integer.parseInt(reply[0]), out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        }
    }

    private DesiredStateApi api() {
        return new DesiredStateApi("http://127.0.0.1:" + server.getAddress().getPort(), AUTH);
    }

    @Test
    void appliesYamlWithTheTokenAndExplainsARefusal() {
        replies.put("POST /api/v1/deployments", new String[] {"400", "{\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"invalid manifest\",\"errors\":[{\"field\":\"spec.targets\",\"message\":\"platforms and"
                + " selector match no device in inventory (3 devices known)\"}]}"});
        DesiredStateApi.Reply r = api().apply("kind: AppDeployment\n");
        assertEquals(400, r.status());
        assertTrue(r.targetsMatchNothing());
        assertEquals("HTTP 400: Bad Request; invalid manifest; spec.targets: platforms and selector match no device in"
                + " inventory (3 devices known)", r.describe());
        assertEquals("POST /api/v1/deployments " + AUTH + " application/yaml kind: AppDeployment\n", requests.get(0));

        replies.put("POST /api/v1/deployments", new String[] {"409", "{\"title\":\"Conflict\",\"status\":409,"
                + "\"errors\":[{\"field\":\"spec.app.id\",\"message\":\"probe is claimed by other\"}]}"});
        r = api().apply("x: y\n");
        assertFalse(r.targetsMatchNothing());
        assertEquals("HTTP 409: Conflict; spec.app.id: probe is claimed by other", r.describe());
    }

    @Test
    void aMissingRolloutFallsBackToTheDeploymentStatus() {
        replies.put("GET /api/v1/deployments/infix-web", new String[] {"200",
                "{\"name\":\"infix-web\",\"status\":{\"targeted\":6,\"applied\":6}}"});
        replies.put("GET /api/v1/deployments/acc-probe/rollout", new String[] {"200", "{\"revision\":1,\"state\":"
                + "\"Progressing\",\"currentWave\":1,\"waveCount\":3,\"waves\":[{\"index\":1,\"devices\":2,\"state\":"
                + "\"Open\"},{\"index\":2,\"devices\":9,\"state\":\"Waiting\"}]}"});
        replies.put("GET /api/v1/deployments/xr-probe/rollout", new String[] {"401", "{\"title\":\"Unauthorized\","
                + "\"status\":401,\"detail\":\"the API token is not known here\"}"});
        RolloutProgress progress = new RolloutProgress(List.of("acc-probe", "infix-web", "gone", "xr-probe"));
        List<String> problems = new ArrayList<>();
        List<String> lines = SimulatedFleetSteps.poll(api(), progress, problems);
        assertEquals(List.of("acc-probe: wave 1/3 open (2 devices)", "infix-web: applied to 6/6 targeted devices"),
                lines);
        assertEquals(List.of("rollout of xr-probe: HTTP 401: Unauthorized; the API token is not known here"), problems);
        assertEquals("acc-probe wave 1/3, infix-web 6/6 applied, gone deleted, xr-probe ?", progress.summary());
        assertTrue(requests.stream().allMatch(r -> r.contains(" " + AUTH + " ")), requests.toString());
    }

    @Test
    void noAnswerIsReportedNotThrown() {
        server.stop(0);
        DesiredStateApi.Reply r = api().rollout("acc-probe");
        assertEquals(-1, r.status());
        assertTrue(r.describe().startsWith("GET http://127.0.0.1:"), r.describe());
    }
}
