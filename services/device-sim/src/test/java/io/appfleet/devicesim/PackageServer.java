package io.appfleet.devicesim;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server (the JDK's) serving generated package files, for the simulator's
 * {@code copy http://...}; unknown paths get 404. Counts the GETs of each path.
 */
public final class PackageServer implements AutoCloseable {

    /** A served file and its digest. */
    public record Package(String path, byte[] bytes, String sha256) {
        public long size() {
            return bytes.length;
        }
    }

    private final HttpServer server;
    private final Map<String, Package> packages = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> gets = new ConcurrentHashMap<>();

    public PackageServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            gets.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Package p = packages.get(path);
            if (p == null) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, p.bytes().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(p.bytes());
            }
        });
        server.start();
    }

    /** Serves {@code size} pseudo-random bytes (fixed by {@code seed}) at {@code path}. */
    public Package add(String path, int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        Package p = new Package(path, bytes, sha256(bytes));
        packages.put(path, p);
        return p;
    }

    public String url(String path) {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + path;
    }

    public int gets(String path) {
        AtomicInteger n = gets.get(path);
        return n == null ? 0 : n.get();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
