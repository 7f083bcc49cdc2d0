package io.appfleet.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Posts an inventory import (the example CSV, the simulated fleet's JSON) to {@code POST /api/v1/devices:import?partial=false}. */
final class ExampleImport {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param status   HTTP status, or -1 if there was no answer
     * @param accepted {@code accepted} of the reply
     * @param failed   the {@code failed} entries of the reply, each as compact JSON
     * @param body     the raw reply (for errors)
     */
    record Result(int status, int accepted, List<String> failed, String body) {

        boolean ok() {
            return status / 100 == 2;
        }

        String describe() {
            if (status < 0) {
                return body;
            }
            String flat = body == null ? "" : body.replaceAll("\\s+", " ");
            return "HTTP " + status + (flat.isEmpty() ? "" : ": " + (flat.length() > 500 ? flat.substring(0, 500)
                    + "..." : flat));
        }
    }

    private ExampleImport() {
    }

    static Result postCsv(String baseUrl, Path csv) {
        return post(baseUrl, csv, "text/csv");
    }

    static Result post(String baseUrl, Path file, String contentType) {
        try {
            return post(baseUrl, HttpRequest.BodyPublishers.ofFile(file), contentType);
        } catch (IOException e) {
            return new Result(-1, 0, List.of(), "cannot read " + file + ": " + e);
        }
    }

    /** The body from memory: the simulated fleet's import holds logins, which never go back to disk. */
    static Result post(String baseUrl, byte[] body, String contentType) {
        return post(baseUrl, HttpRequest.BodyPublishers.ofByteArray(body), contentType);
    }

    private static Result post(String baseUrl, HttpRequest.BodyPublisher body, String contentType) {
        URI uri = URI.create(baseUrl + "/api/v1/devices:import?partial=false");
        try {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(120))
                    .header("Content-Type", contentType)
                    .header("Accept", "application/json")
                    .POST(body)
                    .build();
            HttpResponse<String> response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofString());
            return parse(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Result(-1, 0, List.of(), "POST " + uri + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, 0, List.of(), "interrupted");
        }
    }

    /** Reads {@code accepted} and {@code failed} when the body is the import reply; tolerant of anything else. */
    static Result parse(int status, String body) {
        int accepted = 0;
        List<String> failed = new ArrayList<>();
        try {
            JsonNode root = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
            accepted = root.path("accepted").asInt(0);
            for (JsonNode f : root.path("failed")) {
                failed.add(f.isTextual() ? f.asText() : f.toString());
            }
        } catch (IOException e) {
            // Not JSON (e.g. an HTML error page): the caller shows the body.
        }
        return new Result(status, accepted, failed, body);
    }
}
