package io.appfleet.telemetry.noc;

import io.appfleet.platform.problem.ProblemException;
import io.appfleet.telemetry.fleet.Page;

/**
 * A page asked for by {@code page} (from 0) and {@code size}, as every NOC list takes them. The
 * parameters arrive as text so that {@code page=abc} is a 400 naming the parameter, not the 404
 * JAX-RS gives an unparsable {@code int}.
 */
public record Paging(int page, int size) {

    /**
     * @param defaultSize the size when none is given
     * @param maxSize     the largest size accepted; a larger one is refused, not cut silently, so a
     *                    client never mistakes a short page for the end of the list
     * @throws ProblemException 400 naming {@code page} or {@code size}
     */
    public static Paging parse(String page, String size, int defaultSize, int maxSize) {
        int p = ApiParams.integer("page", page, 0);
        int s = ApiParams.integer("size", size, defaultSize);
        if (p < 0) {
            throw ProblemException.badRequest("page", "must be 0 or more, was " + p);
        }
        if (s < 1 || s > maxSize) {
            throw ProblemException.badRequest("size", "must be between 1 and " + maxSize + ", was " + s);
        }
        if ((long) p * s > Integer.MAX_VALUE) {
            throw ProblemException.badRequest("page", "page " + p + " of size " + s + " is past any list");
        }
        return new Paging(p, s);
    }

    public int offset() {
        return page * size;
    }

    /** The page of {@code result} (read with {@link #offset()} and {@link #size()}) in the API's shape. */
    public <T> PagedResult<T> of(Page<T> result) {
        return new PagedResult<>(result.items(), page, size, result.total());
    }

    /** Pages of this size the list of {@code total} items fills (at least 1). */
    public long pages(long total) {
        return Math.max(1, (total + size - 1) / size);
    }
}
