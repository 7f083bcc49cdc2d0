package io.appfleet.drivers.qga;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * @param commandTimeout longest wait for a command's reply (a guest with many disks or memory blocks needs more than a ping)
 * @param syncTimeout    longest wait for the reply to guest-sync-delimited
 * @param syncIds        source of sync ids; random so a stale sync reply from an earlier connection cannot match.
 *                       Tests pass a fixed sequence.
 */
public record QgaClientOptions(Duration commandTimeout, Duration syncTimeout, LongSupplier syncIds) {

    public QgaClientOptions {
        Objects.requireNonNull(commandTimeout, "commandTimeout");
        Objects.requireNonNull(syncTimeout, "syncTimeout");
        Objects.requireNonNull(syncIds, "syncIds");
        if (commandTimeout.isNegative() || commandTimeout.isZero() || syncTimeout.isNegative() || syncTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /** 5 s per command, 3 s for a sync: a local agent answers in milliseconds, a busy guest in well under a second. */
    public static QgaClientOptions defaults() {
        return new QgaClientOptions(Duration.ofSeconds(5), Duration.ofSeconds(3),
                () -> ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE));
    }

    public QgaClientOptions withTimeouts(Duration command, Duration sync) {
        return new QgaClientOptions(command, sync, syncIds);
    }

    public QgaClientOptions withSyncIds(LongSupplier ids) {
        return new QgaClientOptions(commandTimeout, syncTimeout, ids);
    }
}
