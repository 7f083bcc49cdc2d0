package io.appfleet.fleetctl;

/**
 * The exit codes of the commands that talk to the API, so scripts can tell "the server said no"
 * from "the server is broken or unreachable" from "I called it wrong" (docs/operations.md).
 */
final class Exit {

    static final int OK = 0;
    /** diff: a manifest would change something; rollout status --watch: it ended other than Succeeded. */
    static final int NOT_CLEAN = 1;
    /** Bad options or arguments, unreadable input files (picocli's own code for usage errors). */
    static final int USAGE = 2;
    /** The server refused the request (4xx), or there is nothing to do as asked. */
    static final int REFUSED = 3;
    /** The server failed (5xx) or could not be reached. */
    static final int UNAVAILABLE = 4;

    private Exit() {
    }
}
