package io.appfleet.fleetctl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ApiExceptionTest {

    private static final String URL = "http://127.0.0.1:8082/api/v1/deployments";

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s);
    }

    @Test
    void aProblemIsStatusTitleDetailAndTheFieldErrorsTheDetailDoesNotAlreadyName() throws Exception {
        // The service's invalid-manifest detail already lists its fields; the third error is only in errors[].
        JsonNode problem = json("{\"type\":\"about:blank\",\"title\":\"Invalid manifest\",\"status\":400,"
                + "\"detail\":\"spec.app.id: must be lower case; spec.extra: unknown field\","
                + "\"errors\":[{\"field\":\"spec.app.id\",\"message\":\"must be lower case\"},"
                + "{\"field\":\"spec.extra\",\"message\":\"unknown field\"},"
                + "{\"field\":\"spec.rollout.waves[1].percent\",\"message\":\"must grow\"}]}");
        ApiException e = ApiException.of(400, "POST", URL, problem, null);
        assertThat(e.getMessage()).isEqualTo("400 Invalid manifest: spec.app.id: must be lower case; spec.extra:"
                + " unknown field; spec.rollout.waves[1].percent: must grow");
        assertThat(e.exitCode()).isEqualTo(3);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.unreachable()).isFalse();
    }

    @Test
    void fieldErrorsWithoutADetailAndATitleFromTheStatus() throws Exception {
        JsonNode problem = json("{\"status\":409,\"errors\":[{\"field\":\"spec.app.id\",\"message\":\"'a' and 'b'"
                + " both claim app id 'g'\"}]}");
        assertThat(ApiException.of(409, "POST", URL, problem, null).getMessage())
                .isEqualTo("409 Conflict: spec.app.id: 'a' and 'b' both claim app id 'g'");
    }

    @Test
    void serverErrorsAndMissingResourcesSayWhichRequest() throws Exception {
        ApiException e = ApiException.of(503, "POST", URL, json("{\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"loading the inventory\"}"), null);
        assertThat(e.getMessage()).isEqualTo("503 Service Unavailable: loading the inventory (POST " + URL + ")");
        assertThat(e.exitCode()).isEqualTo(4);
        // The framework's own 404 repeats the title as its detail: said once.
        ApiException notFound = ApiException.of(404, "GET", URL + "/x/rollout", json("{\"title\":\"Not Found\","
                + "\"status\":404,\"detail\":\"HTTP 404 Not Found\"}"), null);
        assertThat(notFound.getMessage()).isEqualTo("404 Not Found (GET " + URL + "/x/rollout)");
        assertThat(notFound.exitCode()).isEqualTo(3);
    }

    @Test
    void aReplyThatIsNotAProblemIsQuotedShortAndOnOneLine() {
        ApiException e = ApiException.of(502, "GET", URL, null, "<html>\n<body>Bad gateway</body>\n</html>"
                + "x".repeat(300));
        assertThat(e.getMessage()).startsWith("502 Bad Gateway: <html> <body>Bad gateway</body> </html>xxx")
                .contains("…").endsWith("(GET " + URL + ")").doesNotContain("\n");
        assertThat(ApiException.of(404, "GET", URL, null, "").getMessage()).isEqualTo("404 Not Found (GET " + URL
                + ")");
        assertThat(ApiException.of(418, "GET", URL, null, "").getMessage()).isEqualTo("418 HTTP error (GET " + URL
                + ")");
    }

    @Test
    void unreachableAndRefusedCodes() {
        ApiException down = ApiException.unreachable("http://127.0.0.1:1", "Connection refused");
        assertThat(down.getMessage()).isEqualTo("cannot connect to http://127.0.0.1:1: Connection refused");
        assertThat(down.exitCode()).isEqualTo(4);
        assertThat(down.unreachable()).isTrue();
        assertThat(ApiException.refused("nothing to undo").exitCode()).isEqualTo(3);
    }
}
