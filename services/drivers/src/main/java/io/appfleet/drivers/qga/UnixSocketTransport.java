package io.appfleet.drivers.qga;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/** An agent that serves a UNIX socket on this machine ({@code qemu-ga -m unix-listen -p <path>}, or a libvirt channel). */
public final class UnixSocketTransport implements QgaTransport {

    private final Path socket;

    public UnixSocketTransport(Path socket) {
        this.socket = Objects.requireNonNull(socket, "socket");
    }

    @Override
    public QgaConnection open() throws IOException {
        return UnixSocketConnection.connect(socket);
    }

    @Override
    public String describe() {
        return "unix:" + socket;
    }
}
