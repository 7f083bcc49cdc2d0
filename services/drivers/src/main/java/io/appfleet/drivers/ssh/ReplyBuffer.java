package io.appfleet.drivers.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects what the device prints, for the reader that waits for a prompt. MINA writes into it
 * from its I/O thread; the session thread waits on it with a deadline.
 */
final class ReplyBuffer extends OutputStream {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private boolean closed;

    @Override
    public synchronized void write(int b) {
        bytes.write(b);
        notifyAll();
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        bytes.write(b, off, len);
        notifyAll();
    }

    synchronized void markClosed() {
        closed = true;
        notifyAll();
    }

    synchronized boolean isClosed() {
        return closed;
    }

    synchronized int size() {
        return bytes.size();
    }

    synchronized String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Forgets what was read so far (late syslog lines, the previous reply). */
    synchronized void clear() {
        bytes.reset();
    }

    /**
     * Waits until more than {@code seen} bytes arrived, the channel closed, or the deadline
     * (System.nanoTime) passed. False only for the deadline.
     */
    synchronized boolean awaitMore(int seen, long deadlineNanos) throws InterruptedException {
        while (bytes.size() <= seen && !closed) {
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
