package io.appfleet.drivers.qga;

/** The agent did not answer in time. The client resyncs the stream before its next command. */
public class QgaTimeoutException extends QgaException {

    public QgaTimeoutException(String message) {
        super(message);
    }
}
