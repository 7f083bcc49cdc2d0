package io.appfleet.telemetry.noc.page;

/**
 * Where a page of a list is and links to its neighbours (null at either end): {@code from} and
 * {@code to} are 1-based positions of its first and last item, 0 when the list is empty.
 */
public record Pager(int page, long pages, long total, long from, long to, String previous, String next) {

    public static Pager of(int page, int size, long total, java.util.function.IntFunction<String> link) {
        long pages = Math.max(1, (total + size - 1) / size);
        long from = total == 0 ? 0 : Math.min(total, (long) page * size + 1);
        long to = Math.min(total, (long) (page + 1) * size);
        if (from > to) {
            from = to;
        }
        return new Pager(page, pages, total, from, to, page > 0 ? link.apply((int) Math.min(page - 1, pages - 1)) : null,
                page + 1 < pages ? link.apply(page + 1) : null);
    }
}
