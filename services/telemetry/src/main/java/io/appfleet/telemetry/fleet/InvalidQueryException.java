package io.appfleet.telemetry.fleet;

/**
 * A query of the fleet view that cannot be answered as asked (an unknown filter value, a bad
 * page); {@link #field()} names the parameter, the message says what is accepted. The REST layer
 * turns it into a 400 problem.
 */
public class InvalidQueryException extends IllegalArgumentException {

    private final String field;

    public InvalidQueryException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
