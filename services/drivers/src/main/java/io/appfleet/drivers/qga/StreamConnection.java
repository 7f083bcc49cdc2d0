package io.appfleet.drivers.qga;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Adapts a plain InputStream/OutputStream pair (an SSH exec channel running socat, a test pipe) to a
 * {@link QgaConnection}. {@code InputStream.read} has no timeout, so a daemon thread does the blocking
 * reads and hands chunks over a queue; {@link #read} then waits on the queue with a timeout.
 */
public final class StreamConnection implements QgaConnection {

    /** Queued after the last chunk: the stream ended (or failed, see {@link #failure}). */
    private static final byte[] END = new byte[0];

    private final InputStream in;
    private final OutputStream out;
    private final Closeable onClose;
    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private volatile IOException failure;
    private byte[] pending;
    private int pendingOffset;
    private boolean ended;

    /**
     * @param onClose also closed by {@link #close()} (the SSH channel or process behind the streams); may be null
     */
    public StreamConnection(InputStream in, OutputStream out, Closeable onClose) {
        this.in = in;
        this.out = out;
        this.onClose = onClose;
        Thread pump = new Thread(this::pump, "qga-stream-reader");
        pump.setDaemon(true);
        pump.start();
    }

    private void pump() {
        byte[] buffer = new byte[8192];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (n > 0) {
                    chunks.add(Arrays.copyOf(buffer, n));
                }
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            chunks.add(END);
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        out.write(data);
        out.flush();
    }

    @Override
    public int read(byte[] target, Duration timeout) throws IOException {
        if (pending == null) {
            if (ended) {
                return endOfStream();
            }
            try {
                pending = chunks.poll(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the agent", e);
            }
            if (pending == null) {
                return 0;
            }
            pendingOffset = 0;
            if (pending == END) {
                pending = null;
                ended = true;
                return endOfStream();
            }
        }
        int n = Math.min(target.length, pending.length - pendingOffset);
        System.arraycopy(pending, pendingOffset, target, 0, n);
        pendingOffset += n;
        if (pendingOffset == pending.length) {
            pending = null;
        }
        return n;
    }

    private int endOfStream() throws IOException {
        if (failure != null) {
            throw failure;
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        // Closing the input normally ends the pump's blocked read; the pump is a daemon thread anyway.
        try (Closeable a = in; Closeable b = out; Closeable c = onClose) {
            // closes all three, keeping the first failure
        }
    }
}
