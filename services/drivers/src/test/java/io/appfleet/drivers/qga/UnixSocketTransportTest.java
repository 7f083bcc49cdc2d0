package io.appfleet.drivers.qga;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The selector-based read deadline on a real UNIX socket, with a peer this test controls. */
class UnixSocketTransportTest {

    @TempDir
    Path dir;

    @Test
    void silentPeerTimesOutInsteadOfHanging() throws Exception {
        Path path = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<SocketChannel> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.accept(); // accepts, reads nothing, answers nothing
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            QgaClient client = new QgaClient(new UnixSocketTransport(path),
                    QgaClientOptions.defaults().withTimeouts(Duration.ofMillis(200), Duration.ofMillis(200)));
            long start = System.nanoTime();
            assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                    assertThatThrownBy(client::info).isInstanceOf(QgaTimeoutException.class)
                            .hasMessageContaining("unix:" + path));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150), Duration.ofSeconds(2));
            client.close();
            accepted.get(5, TimeUnit.SECONDS).close();
        }
    }

    @Test
    void replyInPiecesOverARealSocket() throws Exception {
        Path path = dir.resolve("slow.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(UnixDomainSocketAddress.of(path));
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (SocketChannel s = server.accept()) {
                    String sync = readObject(s); // 0xFF is dropped by readObject
                    long id = Long.parseLong(sync.replaceAll(".*\"id\":(\\d+).*", "$1"));
                    s.write(ByteBuffer.wrap(new byte[] {(byte) 0xFF}));
                    Thread.sleep(30);
                    s.write(ByteBuffer.wrap(("{\"return\": " + id + "}").getBytes(StandardCharsets.US_ASCII)));
                    readObject(s);
                    for (String piece : new String[] {"{\"return\": {\"load1m\"", ": 0.5, \"load5m\": 1", ".5}}\n"}) {
                        s.write(ByteBuffer.wrap(piece.getBytes(StandardCharsets.US_ASCII)));
                        Thread.sleep(30);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            try (QgaClient client = new QgaClient(new UnixSocketTransport(path))) {
                assertThat(client.load().orElseThrow()).isEqualTo(new GuestLoad(0.5, 1.5, null));
            }
            peer.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void missingSocketIsAConnectionError() {
        QgaClient client = new QgaClient(new UnixSocketTransport(dir.resolve("absent.sock")));
        assertThatThrownBy(client::info).isInstanceOf(QgaConnectionException.class).hasMessageContaining("absent.sock");
    }

    /** Reads one JSON object (up to the newline the client sends after each request). */
    private static String readObject(SocketChannel s) throws Exception {
        StringBuilder b = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (s.read(one) < 0) {
                throw new IllegalStateException("client closed");
            }
            char c = (char) (one.get(0) & 0xFF);
            if (c == '\n') {
                return b.toString();
            }
            if (c != 0xFF) {
                b.append(c);
            }
        }
    }
}
