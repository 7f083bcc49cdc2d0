package io.appfleet.drivers.qga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A scripted agent behind in-memory streams. It decodes what the client writes (JSON requests, 0xFF
 * bytes) and answers each request with the chunks the test's handler returns; every chunk is one read
 * on the client side.
 */
final class FakeAgent implements QgaTransport {

    static final byte[] MARKER = {(byte) 0xFF};
    /** What qemu-ga 7.2 really answers to a 0xFF byte sent to it. */
    static final byte[] PARSE_ERROR =
            bytes("{\"error\": {\"class\": \"GenericError\", \"desc\": \"JSON parse error, stray '\\uFFFD'\"}}\n");

    private static final ObjectMapper JSON = new ObjectMapper();

    final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger markersReceived = new AtomicInteger();
    final AtomicInteger opens = new AtomicInteger();
    private volatile Function<JsonNode, List<byte[]>> handler;
    private volatile QueueInputStream toClient;

    FakeAgent(Function<JsonNode, List<byte[]>> handler) {
        this.handler = handler;
    }

    void handler(Function<JsonNode, List<byte[]>> handler) {
        this.handler = handler;
    }

    /** The well-behaved answer to a sync: the error for the 0xFF byte, then the marker and the id. */
    static List<byte[]> goodSync(JsonNode request) {
        return List.of(PARSE_ERROR, concat(MARKER, bytes("{\"return\": " + request.at("/arguments/id") + "}\n")));
    }

    static boolean isSync(JsonNode request) {
        return "guest-sync-delimited".equals(request.path("execute").asText());
    }

    static String command(JsonNode request) {
        return request.path("execute").asText();
    }

    long syncs() {
        return requests.stream().filter(FakeAgent::isSync).count();
    }

    /** Sends bytes that no request asked for (a late reply, noise). */
    void pushUnasked(byte[] chunk) {
        toClient.push(chunk);
    }

    /** The agent goes away: the client's current stream ends. */
    void hangUp() {
        toClient.hangUp();
    }

    @Override
    public QgaConnection open() {
        opens.incrementAndGet();
        QueueInputStream in = new QueueInputStream();
        toClient = in;
        return new StreamConnection(in, new RequestSink(in), null);
    }

    @Override
    public String describe() {
        return "fake-agent";
    }

    /** The agent's side of the client's output stream. */
    private final class RequestSink extends OutputStream {
        private final FrameDecoder decoder = new FrameDecoder();
        private final QueueInputStream replies;

        RequestSink(QueueInputStream replies) {
            this.replies = replies;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            decoder.feed(b, off, len);
            Frame frame;
            while ((frame = decoder.next()) != null) {
                if (frame instanceof Frame.Marker) {
                    markersReceived.incrementAndGet();
                } else {
                    JsonNode request = JSON.readTree(((Frame.Json) frame).bytes());
                    requests.add(request);
                    handler.apply(request).forEach(replies::push);
                }
            }
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        return QueueInputStream.concat(parts);
    }
}
