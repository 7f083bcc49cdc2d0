package io.appfleet.drivers.qga;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A UNIX socket in non-blocking mode with a selector: the selector's timeout is what gives every read
 * (and a write the agent does not drain) a deadline, which blocking channels do not offer.
 */
final class UnixSocketConnection implements QgaConnection {

    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;

    private UnixSocketConnection(SocketChannel channel, Selector selector, SelectionKey key) {
        this.channel = channel;
        this.selector = selector;
        this.key = key;
    }

    static UnixSocketConnection connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            // A UNIX connect either succeeds or fails at once (no such file, nobody listening), so it can block.
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            return new UnixSocketConnection(channel, selector, key);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void write(byte[] data) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data);
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                // The socket buffer is full: the agent is not reading. Wait for room, but not forever.
                if (!await(SelectionKey.OP_WRITE, Duration.ofSeconds(10))) {
                    throw new IOException("agent does not read its socket (write stalled)");
                }
            }
        }
    }

    @Override
    public int read(byte[] target, Duration timeout) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(target);
        int n = channel.read(buffer);
        if (n != 0) {
            return n;
        }
        if (!await(SelectionKey.OP_READ, timeout)) {
            return 0;
        }
        return channel.read(buffer);
    }

    /** True when the channel became ready for {@code op} within the timeout. */
    private boolean await(int op, Duration timeout) throws IOException {
        key.interestOps(op);
        long millis = Math.max(1, timeout.toMillis());
        int ready = selector.select(millis);
        selector.selectedKeys().clear();
        return ready > 0;
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }
}
