package io.appfleet.fleetctl;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * The desired-state REST API over the JDK's HTTP client: JSON replies as trees, every failure an
 * {@link ApiException} carrying the line to print and the exit code.
 */
final class ApiClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** An apply to a large fleet computes and publishes every device's state before it answers. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMinutes(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String server;
    private final String authorization;
    private final HttpClient http;

    /** {@code server} without a trailing slash; {@code token} null sends no credentials. */
    ApiClient(String server, String token) {
        this.server = server.endsWith("/") ? server.substring(0, server.length() - 1) : server;
        this.authorization = token == null ? null : "Bearer " + token;
        // Never follow redirects: the Authorization header must not travel to another host.
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    String server() {
        return server;
    }

    JsonNode get(String path) throws ApiException {
        return send("GET", path, null, null);
    }

    /** A POST; {@code body} null sends none (the rollout actions). */
    JsonNode post(String path, String body, String contentType) throws ApiException {
        return send("POST", path, body, contentType);
    }

    /** A deployment name as one path segment. */
    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode send(String method, String path, String body, String contentType) throws ApiException {
        String url = server + path;
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).header("Accept",
                    "application/json, application/problem+json");
        } catch (IllegalArgumentException e) {
            throw ApiException.unreachable(url, "not a valid URL");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", contentType);
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> reply;
        try {
            reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw ApiException.unreachable(server, "no connection within " + CONNECT_TIMEOUT.toSeconds() + " s");
        } catch (HttpTimeoutException e) {
            throw ApiException.unreachable(server, "no reply to " + method + " " + path + " within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (ConnectException e) {
            throw ApiException.unreachable(server, reason(e, "connection refused"));
        } catch (IOException e) {
            throw ApiException.unreachable(server, reason(e, e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unreachable(server, "interrupted");
        }
        String type = reply.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        JsonNode json = type.contains("json") ? parse(reply.body()) : null;
        int status = reply.statusCode();
        if (status >= 200 && status < 300) {
            if (json == null && !reply.body().isBlank()) {
                throw ApiException.badReply(method, url, "the reply is not JSON (content type "
                        + (type.isEmpty() ? "none" : Text.line(type)) + ")");
            }
            return json == null ? NullNode.getInstance() : json;
        }
        throw ApiException.of(status, method, url, json, reply.body());
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The innermost cause's message: the JDK wraps "Connection refused" in exceptions without one. */
    private static String reason(Throwable e, String fallback) {
        String message = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message == null ? fallback : Text.line(message);
    }
}
