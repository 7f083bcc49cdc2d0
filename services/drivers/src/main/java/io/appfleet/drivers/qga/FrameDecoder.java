package io.appfleet.drivers.qga;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Cuts the agent's byte stream into JSON objects and 0xFF markers.
 *
 * <p>The agent does not promise one object per line or per read, so this counts braces (outside JSON
 * strings) instead of looking for newlines. Bytes between objects that are not whitespace are garbage
 * and dropped. 0xFF never occurs in UTF-8 JSON, so it is always the sync marker, even inside an object:
 * the object before it was cut short and is dropped. A truncated object without a following marker keeps
 * the decoder waiting; the client then times out and resyncs, and the marker of the sync reply
 * resets the decoder.
 */
final class FrameDecoder {

    /** libvirt caps a reply at 10 MB (QEMU_AGENT_MAX_RESPONSE); an endless object must not eat the heap. */
    static final int MAX_FRAME_BYTES = 10 * 1024 * 1024;

    private final Deque<Frame> ready = new ArrayDeque<>();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int depth;
    private boolean inString;
    private boolean escaped;
    private long garbageBytes;

    /** Feeds bytes just read; complete frames become available through {@link #next()}. */
    void feed(byte[] data, int offset, int length) throws QgaProtocolException {
        for (int i = offset; i < offset + length; i++) {
            accept(data[i]);
        }
    }

    /** The next complete frame, or null when more bytes are needed. */
    Frame next() {
        return ready.poll();
    }

    /** Forgets a partly received object and queued frames (used before a resync). */
    void reset() {
        ready.clear();
        restartObject();
    }

    /** Bytes skipped outside any object so far (for diagnostics and tests). */
    long garbageBytes() {
        return garbageBytes;
    }

    private void accept(byte b) throws QgaProtocolException {
        if (b == (byte) 0xFF) {
            restartObject();
            ready.add(new Frame.Marker());
            return;
        }
        if (depth == 0) {
            if (b == '{') {
                depth = 1;
                current.write(b);
            } else if (!isWhitespace(b)) {
                garbageBytes++;
            }
            return;
        }
        if (current.size() >= MAX_FRAME_BYTES) {
            restartObject();
            throw new QgaProtocolException("agent reply exceeds " + MAX_FRAME_BYTES + " bytes");
        }
        current.write(b);
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
            }
        } else if (b == '"') {
            inString = true;
        } else if (b == '{' || b == '[') {
            depth++;
        } else if (b == '}' || b == ']') {
            depth--;
            if (depth == 0) {
                ready.add(new Frame.Json(current.toByteArray()));
                restartObject();
            }
        }
    }

    private void restartObject() {
        current.reset();
        depth = 0;
        inString = false;
        escaped = false;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
