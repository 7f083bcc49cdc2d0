package io.appfleet.telemetry.noc.cpp;

import static io.appfleet.telemetry.noc.BadRequests.assertBad;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TopQueryTest {

    @Test
    void defaultsAndBounds() {
        assertThat(CppResource.TopQuery.parse(null, null))
                .isEqualTo(new CppResource.TopQuery(Duration.ofMinutes(15), 10));
        assertThat(CppResource.TopQuery.parse("1h", "100")).isEqualTo(new CppResource.TopQuery(Duration.ofHours(1), 100));
        assertBad(() -> CppResource.TopQuery.parse(null, "0"), "limit", "must be between 1 and 100, was 0");
        assertBad(() -> CppResource.TopQuery.parse(null, "101"), "limit", "must be between 1 and 100, was 101");
        assertBad(() -> CppResource.TopQuery.parse(null, "ten"), "limit", "not a whole number: 'ten'");
        assertBad(() -> CppResource.TopQuery.parse("30d", null), "window", "must be between 1m and 7d, was 30d");
    }
}
