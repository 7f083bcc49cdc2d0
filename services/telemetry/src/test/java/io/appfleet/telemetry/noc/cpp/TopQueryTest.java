package io.appfleet.telemetry.noc.cpp;

import static io.appfleet.telemetry.noc.BadRequests.assertBad;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.appfleet.telemetry.noc.Paging;

class TopQueryTest {

    @Test
    void defaultsAndBounds() {
        assertThat(CppResource.TopQuery.parse(null, null, null))
                .isEqualTo(new CppResource.TopQuery(Duration.ofMinutes(15), new Paging(0, 10)));
        assertThat(CppResource.TopQuery.parse("1h", "2", "100"))
                .isEqualTo(new CppResource.TopQuery(Duration.ofHours(1), new Paging(2, 100)));
        assertBad(() -> CppResource.TopQuery.parse(null, null, "0"), "size", "must be between 1 and 100, was 0");
        assertBad(() -> CppResource.TopQuery.parse(null, null, "101"), "size", "must be between 1 and 100, was 101");
        assertBad(() -> CppResource.TopQuery.parse(null, "-1", null), "page", "must be 0 or more, was -1");
        assertBad(() -> CppResource.TopQuery.parse(null, null, "ten"), "size", "not a whole number: 'ten'");
        assertBad(() -> CppResource.TopQuery.parse("30d", null, null), "window", "must be between 1m and 7d, was 30d");
    }
}
