package io.appfleet.drivers.qga;

import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An in-memory stream whose reads return exactly the chunks that were pushed, so a test decides where
 * a reply is split. Blocks while empty, like a socket with a silent peer.
 */
final class QueueInputStream extends InputStream {

    private static final byte[] EOF = new byte[0];

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private byte[] current;
    private int offset;
    private boolean ended;

    void push(byte[] chunk) {
        if (chunk.length > 0) {
            chunks.add(chunk.clone());
        }
    }

    /** The peer hangs up: the reader sees end of stream after what is queued. */
    void hangUp() {
        chunks.add(EOF);
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (ended) {
            return -1;
        }
        if (current == null) {
            try {
                current = chunks.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return -1;
            }
            offset = 0;
            if (current == EOF) {
                ended = true;
                current = null;
                return -1;
            }
        }
        int n = Math.min(len, current.length - offset);
        System.arraycopy(current, offset, b, off, n);
        offset += n;
        if (offset == current.length) {
            current = null;
        }
        return n;
    }

    @Override
    public void close() {
        hangUp();
    }

    static byte[] concat(byte[]... parts) {
        int total = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
