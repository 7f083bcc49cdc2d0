package io.appfleet.drivers.qga;

import java.io.IOException;

/**
 * How to reach an agent. The client only needs a byte stream, so a local UNIX socket
 * ({@link UnixSocketTransport}) and an SSH exec channel running
 * {@code socat - UNIX-CONNECT:<socket>} on a device ({@link SshExecTransport}) are interchangeable.
 * The client calls {@link #open()} again after the stream broke, so an implementation must be able to
 * open more than one connection over its lifetime.
 */
public interface QgaTransport {

    QgaConnection open() throws IOException;

    /** For messages: which agent this is (a socket path, a device and path). */
    String describe();
}
