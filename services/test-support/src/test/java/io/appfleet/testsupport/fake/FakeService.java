package io.appfleet.testsupport.fake;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for a Quarkus service in ServiceProcessIT: JDK only, so it can be packaged as a tiny runnable jar.
 * Serves /q/health/ready (503 for the first {@code fake.notReadyPolls} polls) and /config?key (the value it sees,
 * from a system property or from the environment as SmallRye Config would look it up).
 */
public final class FakeService {

    private static int polls;

    public static void main(String[] args) throws IOException {
        if (Boolean.getBoolean("fake.crash")) {
            System.out.println("fake service crashing on purpose");
            System.exit(7);
        }
        int port = Integer.parseInt(System.getProperty("quarkus.http.port"));
        String host = System.getProperty("quarkus.http.host");
        int notReady = Integer.getInteger("fake.notReadyPolls", 0);
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/q/health/ready", exchange -> {
            boolean ready = ++polls > notReady;
            reply(exchange, ready ? 200 : 503, ready ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}");
        });
        server.createContext("/config", exchange -> {
            String key = exchange.getRequestURI().getQuery();
            String value = System.getProperty(key);
            if (value == null) {
                value = System.getenv(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase());
            }
            reply(exchange, value == null ? 404 : 200, value == null ? "" : value);
        });
        server.start();
        System.out.println("fake service listening on " + host + ":" + port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake service stopping")));
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
