package io.appfleet.drivers.qga;

/**
 * Thrown only when a caller insists on a value ({@link QgaResult#orElseThrow()}) and the agent reported
 * an error for the command. The connection is fine.
 */
public class QgaCommandException extends QgaException {

    private final String command;
    private final QgaError error;

    public QgaCommandException(String command, QgaError error) {
        super(command + ": " + error.errorClass() + ": " + error.desc());
        this.command = command;
        this.error = error;
    }

    public String command() {
        return command;
    }

    public QgaError error() {
        return error;
    }
}
