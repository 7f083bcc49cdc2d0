package io.appfleet.drivers.qga;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One connection to an agent: writes requests and reads replies through a {@link FrameDecoder}, with a
 * deadline on every wait. It does not reconnect; {@link QgaClient} decides that.
 */
final class QgaSession implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QgaConnection connection;
    private final String peer;
    private final FrameDecoder decoder = new FrameDecoder();
    private final byte[] buffer = new byte[64 * 1024];

    QgaSession(QgaConnection connection, String peer) {
        this.connection = connection;
        this.peer = peer;
    }

    /**
     * Brings the stream to a known point. A leading 0xFF makes the agent drop any half-received request
     * (it answers that byte with a GenericError, which we skip). The agent then writes 0xFF and
     * {"return": id}; everything before that marker is a stale or stray reply and is discarded, and a
     * marker followed by another id (an older sync) is skipped too.
     */
    void sync(long id, Duration timeout) throws QgaException {
        decoder.reset();
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(0xFF);
        request.writeBytes(("{\"execute\":\"guest-sync-delimited\",\"arguments\":{\"id\":" + id + "}}\n")
                .getBytes(StandardCharsets.US_ASCII));
        write(request.toByteArray(), "guest-sync-delimited");
        Deadline deadline = Deadline.after(timeout);
        boolean afterMarker = false;
        while (true) {
            Frame frame = nextFrame(deadline, "guest-sync-delimited");
            if (frame instanceof Frame.Marker) {
                afterMarker = true;
            } else if (afterMarker && isSyncReply(((Frame.Json) frame).bytes(), id)) {
                return;
            } else {
                afterMarker = false;
            }
        }
    }

    /**
     * Sends one command and returns the first reply object that has "return" or "error". Stray markers
     * are skipped. An object that is not JSON means the stream is out of step: the caller must resync.
     */
    JsonNode execute(String command, Duration timeout) throws QgaException {
        write(("{\"execute\":" + JSON.valueToTree(command) + "}\n").getBytes(StandardCharsets.UTF_8), command);
        Deadline deadline = Deadline.after(timeout);
        while (true) {
            Frame frame = nextFrame(deadline, command);
            if (frame instanceof Frame.Json json) {
                JsonNode reply = readJson(json);
                if (reply.has("return") || reply.has("error")) {
                    return reply;
                }
            }
        }
    }

    private static boolean isSyncReply(byte[] bytes, long id) {
        try {
            JsonNode value = JSON.readTree(bytes).get("return");
            return value != null && value.isIntegralNumber() && value.canConvertToLong() && value.longValue() == id;
        } catch (IOException e) {
            return false; // garbage before the sync reply is expected; keep looking
        }
    }

    private JsonNode readJson(Frame.Json json) throws QgaProtocolException {
        try {
            JsonNode node = JSON.readTree(json.bytes());
            if (node != null && node.isObject()) {
                return node;
            }
        } catch (IOException e) {
            throw new QgaProtocolException(peer + ": unreadable reply: " + abbreviate(json.text()), e);
        }
        throw new QgaProtocolException(peer + ": reply is not an object: " + abbreviate(json.text()));
    }

    private Frame nextFrame(Deadline deadline, String command) throws QgaException {
        while (true) {
            Frame frame = decoder.next();
            if (frame != null) {
                return frame;
            }
            Duration left = deadline.remaining();
            if (left.isZero()) {
                throw new QgaTimeoutException(peer + ": no reply to " + command + " within " + deadline.total().toMillis() + " ms");
            }
            int n;
            try {
                n = connection.read(buffer, left);
            } catch (IOException e) {
                throw new QgaConnectionException(peer + ": reading the reply to " + command + " failed: " + e.getMessage(), e);
            }
            if (n < 0) {
                throw new QgaConnectionException(peer + ": agent closed the stream while " + command + " was pending", null);
            }
            decoder.feed(buffer, 0, n);
        }
    }

    private void write(byte[] request, String command) throws QgaConnectionException {
        try {
            connection.write(request);
        } catch (IOException e) {
            throw new QgaConnectionException(peer + ": sending " + command + " failed: " + e.getMessage(), e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public void close() throws IOException {
        connection.close();
    }
}
