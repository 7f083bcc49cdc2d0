package io.appfleet.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/** The calls the local run makes to desired-state, with the run's operator token. */
final class DesiredStateApi {

    /**
     * One answer.
     *
     * @param status HTTP status, or -1 when there was none (then {@code raw} says why)
     * @param body   the JSON body, or a missing node
     */
    record Reply(int status, JsonNode body, String raw) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** A problem+json reply in one line: title, detail and each field error. */
        String describe() {
            if (status < 0) {
                return raw;
            }
            List<String> parts = new ArrayList<>();
            if (body.hasNonNull("title")) {
                parts.add(body.get("title").asText());
            }
            if (body.hasNonNull("detail")) {
                parts.add(body.get("detail").asText());
            }
            for (JsonNode e : body.path("errors")) {
                parts.add(e.path("field").asText() + ": " + e.path("message").asText());
            }
            if (parts.isEmpty()) {
                String flat = raw == null ? "" : raw.replaceAll("\\s+", " ");
                parts.add(flat.length() > 300 ? flat.substring(0, 300) + "..." : flat);
            }
            return "HTTP " + status + ": " + String.join("; ", parts);
        }

        /** Whether this is the 400 of a selector that matches no device (yet). */
        boolean targetsMatchNothing() {
            if (status != 400) {
                return false;
            }
            for (JsonNode e : body.path("errors")) {
                if ("spec.targets".equals(e.path("field").asText()) && e.path("message").asText().contains("no device")) {
                    return true;
                }
            }
            return false;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    DesiredStateApi(String baseUrl, String authorization) {
        this.baseUrl = baseUrl;
        this.authorization = authorization;
    }

    String baseUrl() {
        return baseUrl;
    }

    /** {@code POST /api/v1/deployments} with a YAML manifest. */
    Reply apply(String yaml) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/v1/deployments"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml, StandardCharsets.UTF_8)));
    }

    /** {@code GET /api/v1/deployments/{name}/rollout}. */
    Reply rollout(String name) {
        return get("/api/v1/deployments/" + encode(name) + "/rollout");
    }

    /** {@code GET /api/v1/deployments/{name}}. */
    Reply deployment(String name) {
        return get("/api/v1/deployments/" + encode(name));
    }

    private Reply get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(5)).GET());
    }

    private Reply send(HttpRequest.Builder request) {
        HttpRequest r = request.header("Accept", "application/json").header("Authorization", authorization).build();
        try {
            HttpResponse<String> response = http.send(r, HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), parse(response.body()), response.body());
        } catch (IOException e) {
            return new Reply(-1, MissingNode.getInstance(), r.method() + " " + r.uri() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(-1, MissingNode.getInstance(), "interrupted");
        }
    }

    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance(); // not JSON: describe() shows the raw body
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8);
    }
}
