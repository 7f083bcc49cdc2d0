package io.appfleet.telemetry.ingest;

/** A decodable sample that still cannot be stored; the message is the dead-letter reason. */
public final class InvalidSample extends Exception {

    public InvalidSample(String message) {
        super(message);
    }
}
