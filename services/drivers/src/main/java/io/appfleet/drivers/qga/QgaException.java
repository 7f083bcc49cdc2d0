package io.appfleet.drivers.qga;

import java.io.IOException;

/**
 * The exchange with the agent failed (timeout, broken stream, unreadable reply). An error the agent
 * reports for a command is not one of these: it is a {@link QgaResult.Unsupported} or {@link QgaResult.Failed}.
 */
public class QgaException extends IOException {

    public QgaException(String message) {
        super(message);
    }

    public QgaException(String message, Throwable cause) {
        super(message, cause);
    }
}
