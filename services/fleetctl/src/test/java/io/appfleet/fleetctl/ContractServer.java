package io.appfleet.fleetctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An HTTP server on a free loopback port that answers with replies shaped like the API contract's
 * (prompts/rollout-api.md, the service's DeploymentViews) and records every request, so the unit
 * tests can check what fleetctl sends (method, path, query, headers, body) and what it makes of a
 * reply, including endpoints the service does not have yet. The real service is FleetctlIT's.
 */
final class ContractServer implements AutoCloseable {

    record Request(String method, String target, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Reply(int status, String contentType, String body) {
    }

    private final HttpServer server;
    private final Map<String, Deque<Reply>> replies = new HashMap<>();
    private final List<Request> requests = new ArrayList<>();

    ContractServer() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Replies to {@code "GET /api/v1/deployments?page=0&size=1000"}; several replies are given in turn, the last repeats. */
    synchronized ContractServer on(String request, int status, String json) {
        String type = status >= 400 ? "application/problem+json" : "application/json";
        replies.computeIfAbsent(request, k -> new ArrayDeque<>()).add(new Reply(status, type, json));
        return this;
    }

    synchronized ContractServer onRaw(String request, int status, String contentType, String body) {
        replies.computeIfAbsent(request, k -> new ArrayDeque<>()).add(new Reply(status, contentType, body));
        return this;
    }

    synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    static String sample(String name) {
        try (InputStream in = ContractServer.class.getResourceAsStream("/api/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String target = exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
        String key = exchange.getRequestMethod() + " " + target;
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Reply reply;
        synchronized (this) {
            requests.add(new Request(exchange.getRequestMethod(), target, headers, body));
            Deque<Reply> queue = replies.get(key);
            reply = queue == null ? new Reply(599, "text/plain", "no reply for " + key)
                    : queue.size() > 1 ? queue.poll() : queue.peek();
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
