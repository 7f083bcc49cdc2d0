package io.appfleet.drivers;

/**
 * A device could not be talked to. The reason decides what the adapter does next (back off,
 * stop the device, report), so callers switch on it rather than on the message. Messages never
 * contain credentials.
 */
public class DeviceException extends Exception {

    public enum Reason {
        /** No TCP connection, or the session dropped. Retry with backoff. */
        UNREACHABLE,
        /** The device refused the login. Retrying will not help until the credentials change. */
        AUTH_FAILED,
        /** The host key differs from the pinned one. The device is stopped until someone re-pins. */
        HOST_KEY_MISMATCH,
        /** No answer in time. The session was closed. */
        TIMEOUT,
        /** The device answered something the driver cannot read (wrong mode, garbage). */
        PROTOCOL,
        /** The device or the driver refused the request on purpose. */
        REFUSED
    }

    private final Reason reason;

    public DeviceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DeviceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    @Override
    public String getMessage() {
        return reason + ": " + super.getMessage();
    }
}
