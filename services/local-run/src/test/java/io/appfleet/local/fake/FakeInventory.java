package io.appfleet.local.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Stands in for the inventory service in AppfleetLocalIT until the real one exists: JDK only, packaged as a
 * quarkus-run.jar by the test. It is ready only when the Kafka and PostgreSQL it was given accept TCP connections,
 * and answers the CSV import like inventory does (every data row accepted).
 */
public final class FakeInventory {

    public static void main(String[] args) throws IOException {
        String kafka = System.getProperty("kafka.bootstrap.servers");
        URI jdbc = URI.create(System.getProperty("quarkus.datasource.jdbc.url").substring("jdbc:".length()));
        boolean hasPassword = System.getenv("QUARKUS_DATASOURCE_PASSWORD") != null;
        System.out.println("fake inventory: kafka=" + kafka + " jdbc=" + jdbc + " password given=" + hasPassword);
        HttpServer server = HttpServer.create(new InetSocketAddress(System.getProperty("quarkus.http.host"),
                Integer.getInteger("quarkus.http.port")), 0);
        server.createContext("/q/health/ready", exchange -> {
            String[] hostPort = kafka.split(",")[0].split(":");
            boolean up = reachable(hostPort[0], Integer.parseInt(hostPort[1]))
                    && reachable(jdbc.getHost(), jdbc.getPort()) && hasPassword;
            reply(exchange, up ? 200 : 503, "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}");
        });
        server.createContext("/api/v1/devices:import", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !"partial=false".equals(query)
                    || type == null || !type.startsWith("text/csv") || !body.startsWith("id,platform,")) {
                reply(exchange, 400, "{\"error\":\"unexpected request\"}");
                return;
            }
            long rows = body.lines().skip(1).filter(l -> !l.isBlank()).count();
            reply(exchange, 200, "{\"accepted\":" + rows + ",\"failed\":[]}");
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake inventory: stopping")));
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
