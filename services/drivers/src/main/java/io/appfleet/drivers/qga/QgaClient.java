package io.appfleet.drivers.qga;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.parse.ParseException;

import java.io.IOException;
import java.util.Objects;

/**
 * A client for one QEMU guest agent. It connects lazily, syncs on every new connection, resyncs after a
 * timeout or an unreadable reply, and reconnects after the stream broke. Calls are serialized because
 * the agent answers strictly in order on one stream.
 *
 * <p>An error the agent reports (CommandNotFound on an old agent, CommandDisabled by its blacklist,
 * GenericError) comes back as a {@link QgaResult}, and the connection stays usable. A failure of the
 * exchange itself is a {@link QgaException}.
 */
public final class QgaClient implements AutoCloseable {

    private final QgaTransport transport;
    private final QgaClientOptions options;
    private QgaSession session;
    private boolean needsSync;
    private boolean closed;

    public QgaClient(QgaTransport transport) {
        this(transport, QgaClientOptions.defaults());
    }

    public QgaClient(QgaTransport transport, QgaClientOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
    }

    public QgaResult<GuestInfo> info() throws QgaException {
        return execute(QgaCommand.INFO);
    }

    public QgaResult<CpuStats> cpuStats() throws QgaException {
        return execute(QgaCommand.CPU_STATS);
    }

    public QgaResult<DiskStats> diskStats() throws QgaException {
        return execute(QgaCommand.DISK_STATS);
    }

    public QgaResult<NetworkInterfaces> networkInterfaces() throws QgaException {
        return execute(QgaCommand.NETWORK_INTERFACES);
    }

    public QgaResult<GuestLoad> load() throws QgaException {
        return execute(QgaCommand.LOAD);
    }

    public QgaResult<MemoryBlocks> memoryBlocks() throws QgaException {
        return execute(QgaCommand.MEMORY_BLOCKS);
    }

    public QgaResult<MemoryBlockInfo> memoryBlockInfo() throws QgaException {
        return execute(QgaCommand.MEMORY_BLOCK_INFO);
    }

    public QgaResult<OsInfo> osInfo() throws QgaException {
        return execute(QgaCommand.OS_INFO);
    }

    public QgaResult<HostName> hostName() throws QgaException {
        return execute(QgaCommand.HOST_NAME);
    }

    /**
     * Runs one command. When a connection that worked before turns out to be broken (the agent restarted,
     * the guest rebooted), it reconnects and tries once more: every command here only reads, so repeating
     * it is harmless.
     */
    public synchronized <T extends QgaReply> QgaResult<T> execute(QgaCommand<T> command) throws QgaException {
        if (closed) {
            throw new QgaConnectionException("client for " + transport.describe() + " is closed", null);
        }
        boolean reused = session != null;
        try {
            return attempt(command);
        } catch (QgaConnectionException e) {
            if (!reused) {
                throw e;
            }
            return attempt(command);
        }
    }

    private <T extends QgaReply> QgaResult<T> attempt(QgaCommand<T> command) throws QgaException {
        QgaSession current = readySession();
        JsonNode reply;
        try {
            reply = current.execute(command.name(), options.commandTimeout());
        } catch (QgaConnectionException e) {
            dropSession();
            throw e;
        } catch (QgaException e) {
            // A late reply may still arrive, or we are inside a broken object: resync before the next command.
            needsSync = true;
            throw e;
        }
        try {
            QgaReply parsed = QgaParsers.parseReply(command, reply);
            if (parsed instanceof QgaError error) {
                return QgaResult.ofError(command.name(), error);
            }
            @SuppressWarnings("unchecked") // parseReply returns the command's own type unless it is an error
            T value = (T) parsed;
            return new QgaResult.Ok<>(command.name(), value);
        } catch (ParseException e) {
            // The stream is in step (a whole reply was read); only its content is unexpected.
            throw new QgaProtocolException(transport.describe() + ": " + command.name() + ": " + e.getMessage(), e);
        }
    }

    /** The open, synced session; opens or resyncs as needed. A failed sync closes the connection. */
    private QgaSession readySession() throws QgaException {
        if (session == null) {
            QgaConnection connection;
            try {
                connection = transport.open();
            } catch (IOException e) {
                throw new QgaConnectionException("cannot connect to " + transport.describe() + ": " + e.getMessage(), e);
            }
            session = new QgaSession(connection, transport.describe());
            needsSync = true;
        }
        if (needsSync) {
            try {
                session.sync(options.syncIds().getAsLong(), options.syncTimeout());
            } catch (QgaException e) {
                // An agent that does not answer a sync is not worth keeping a stream to; start afresh next time.
                dropSession();
                throw e;
            }
            needsSync = false;
        }
        return session;
    }

    private void dropSession() {
        if (session != null) {
            try {
                session.close();
            } catch (IOException ignored) {
                // the stream is being abandoned anyway
            }
            session = null;
        }
        needsSync = false;
    }

    /** True while a synced connection is open (for tests and health output). */
    public synchronized boolean isConnected() {
        return session != null && !needsSync;
    }

    @Override
    public synchronized void close() {
        closed = true;
        dropSession();
    }
}
