package io.appfleet.drivers.ssh;

import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects what the device prints, for the reader that waits for a prompt. MINA writes into it
 * from its I/O thread; the session thread waits on it with a deadline and takes only the bytes
 * it has not seen yet, so a long reply arriving in many chunks is copied once, not once per chunk.
 */
final class ReplyBuffer extends OutputStream {

    private static final int INITIAL = 512;
    /** Below the 10 KB CPP table every IOS-XE pass reads: an idle session keeps 4 KiB, not 16. */
    private static final int KEEP_AT_MOST = 4 * 1024;

    private byte[] bytes = new byte[INITIAL];
    private int count;
    private boolean closed;

    @Override
    public synchronized void write(int b) {
        ensure(1);
        bytes[count++] = (byte) b;
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        ensure(len);
        System.arraycopy(b, off, bytes, count, len);
        count += len;
        notifyAll();
    }

    private void ensure(int more) {
        if (count + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, count + more));
        }
    }

    synchronized int capacity() {
        return bytes.length;
    }

    synchronized void markClosed() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    /** The bytes from offset {@code from} to what has arrived so far (empty when nothing new). */
    synchronized byte[] since(int from) {
        return from >= count ? new byte[0] : Arrays.copyOfRange(bytes, from, count);
    }

    /**
     * Forgets what was read so far (late syslog lines, the previous reply). A buffer that grew for
     * one long reply goes back to its first size, so an idle session holds little.
     */
    synchronized void clear() {
        count = 0;
        if (bytes.length > KEEP_AT_MOST) {
            bytes = new byte[INITIAL];
        }
    }

    /**
     * Waits until more than {@code seen} bytes arrived, the channel closed, or the deadline
     * (System.nanoTime) passed. False only for the deadline.
     */
    synchronized boolean awaitMore(int seen, long deadlineNanos) throws InterruptedException {
        while (count <= seen && !closed) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long ms = Math.max(1, left / 1_000_000);
            wait(ms);
        }
        return true;
    }
}
