package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

class PackageServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesTheSameBytesTheDigestIsOf() throws Exception {
        try (PackageServer server = PackageServer.start(0)) {
            PackageServer.Package p = server.add("probe-iox.tar", 4096);
            assertSame(p, server.add("probe-iox.tar", 4096));
            assertEquals(server.baseUrl() + "/packages/probe-iox.tar", p.url());
            HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(p.url())).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertEquals(4096, r.body().length);
            assertEquals(p.sha256(), PackageServer.sha256(r.body()));
            assertArrayEquals(PackageServer.content("probe-iox.tar", 4096), r.body(), "the same bytes on every run");
            assertEquals(1, server.downloads());

            assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/packages/other.tar"))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode());
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(p.url()))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode());
            assertThrows(IllegalArgumentException.class, () -> server.add("probe-iox.tar", 10));
            assertThrows(IllegalArgumentException.class, () -> server.add("empty.tar", 0));
        }
    }
}
