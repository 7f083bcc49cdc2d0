package io.appfleet.drivers.qga;

/** The stream to the agent could not be opened or broke; the client reconnects on its next command. */
public class QgaConnectionException extends QgaException {

    public QgaConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
