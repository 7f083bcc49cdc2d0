package io.appfleet.telemetry.noc;

import static org.assertj.core.api.Assertions.assertThat;
import static io.appfleet.telemetry.noc.BadRequests.assertBad;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.appfleet.telemetry.fleet.Page;

class PagingTest {

    @Test
    void absentParametersGiveTheFirstPageOfTheDefaultSize() {
        assertThat(Paging.parse(null, null, 50, 1000)).isEqualTo(new Paging(0, 50));
        assertThat(Paging.parse(" ", "", 20, 500)).isEqualTo(new Paging(0, 20));
        Paging p = Paging.parse("3", "25", 50, 1000);
        assertThat(p.offset()).isEqualTo(75);
        assertThat(p.pages(76)).isEqualTo(4);
        assertThat(p.pages(0)).isEqualTo(1);
    }

    @Test
    void aPageOfTheViewBecomesTheApiShape() {
        PagedResult<String> r = new Paging(1, 2).of(new Page<>(List.of("c", "d"), 5, 2, 2));
        assertThat(r).isEqualTo(new PagedResult<>(List.of("c", "d"), 1, 2, 5));
    }

    @Test
    void badPagesAndSizesAre400sNamingTheParameter() {
        assertBad(() -> Paging.parse("abc", null, 50, 1000), "page", "not a whole number: 'abc'");
        assertBad(() -> Paging.parse("-1", null, 50, 1000), "page", "must be 0 or more, was -1");
        assertBad(() -> Paging.parse(null, "0", 50, 1000), "size", "must be between 1 and 1000, was 0");
        assertBad(() -> Paging.parse(null, "1001", 50, 1000), "size", "must be between 1 and 1000, was 1001");
        assertBad(() -> Paging.parse(null, "1.5", 50, 1000), "size", "not a whole number: '1.5'");
        assertBad(() -> Paging.parse("99999999", "1000", 50, 1000), "page", "page 99999999 of size 1000 is past any list");
    }
}
