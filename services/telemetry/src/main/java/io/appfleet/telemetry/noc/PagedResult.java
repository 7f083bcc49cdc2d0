package io.appfleet.telemetry.noc;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a NOC list: the items, the page asked for, its size and the length of the whole (filtered) list. */
public record PagedResult<T>(List<T> items,
        @Schema(description = "page number, from 0") int page,
        @Schema(description = "page size asked for; items holds fewer on the last page") int size,
        @Schema(description = "items in the whole list with the same filters") long total) {

    public PagedResult {
        items = List.copyOf(items);
    }
}
