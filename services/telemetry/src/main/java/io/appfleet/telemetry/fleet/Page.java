package io.appfleet.telemetry.fleet;

import java.util.List;

/**
 * One page of a longer list: {@code items} from position {@code offset}, and {@code total}, the
 * length of the whole list (with the same filter) when the page was cut.
 */
public record Page<T>(List<T> items, long total, int offset, int limit) {

    /** The largest page a query returns. */
    public static final int MAX_LIMIT = 1000;

    public Page {
        items = List.copyOf(items);
    }

    /** @throws InvalidQueryException for a negative offset or a limit outside 1..{@link #MAX_LIMIT} */
    static void check(int offset, int limit) {
        if (offset < 0) {
            throw new InvalidQueryException("offset", "must be 0 or more, was " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidQueryException("limit", "must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
    }
}
