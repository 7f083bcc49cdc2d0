package io.appfleet.drivers.qga;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;

/**
 * One open byte stream to an agent. Reads take a timeout because the agent may never answer (a guest
 * that is paused, a socket nobody serves); a plain {@code InputStream.read} could block forever.
 */
public interface QgaConnection extends Closeable {

    /** Writes all bytes, or fails. */
    void write(byte[] data) throws IOException;

    /**
     * Reads what is available, waiting at most {@code timeout} for the first byte.
     *
     * @return the number of bytes read, 0 when the timeout expired, -1 when the peer closed the stream
     */
    int read(byte[] buffer, Duration timeout) throws IOException;
}
