package io.appfleet.fleetctl;

/** The command was called with input it cannot use (options, files): exit 2, nothing was sent. */
final class InputException extends Exception {

    private static final long serialVersionUID = 1L;

    InputException(String message) {
        super(message);
    }
}
