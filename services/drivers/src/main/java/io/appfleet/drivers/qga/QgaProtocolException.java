package io.appfleet.drivers.qga;

/** The agent sent something that is not a reply we can read (bad JSON, oversized, wrong shape). */
public class QgaProtocolException extends QgaException {

    public QgaProtocolException(String message) {
        super(message);
    }

    public QgaProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
