package io.appfleet.desired.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.manifest.AppDeployment.Window;

class TimeWindowsTest {

    // 2026-12-05 is a Saturday.
    private static Instant at(String iso) {
        return Instant.parse(iso);
    }

    @Test
    void noWindowsAlwaysAllows() {
        assertThat(TimeWindows.allows(List.of(), at("2026-12-05T12:00:00Z"))).isTrue();
    }

    @Test
    void aDaytimeWindowIsOpenOnItsDaysBetweenStartAndEnd() {
        Window w = new Window(List.of("sat"), "09:00", "17:00", "Europe/Amsterdam");
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-05T08:00:00Z"))).as("09:00 Amsterdam").isTrue();
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-05T07:59:00Z"))).isFalse();
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-05T16:00:00Z"))).as("the end is excluded").isFalse();
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-06T10:00:00Z"))).as("Sunday").isFalse();
    }

    @Test
    void aWindowPastMidnightBelongsToTheDayItStarts() {
        Window w = new Window(List.of("sat"), "22:00", "02:00", null);
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-05T23:00:00Z"))).isTrue();
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-06T01:30:00Z"))).as("Sunday early").isTrue();
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-06T02:00:00Z"))).isFalse();
        assertThat(TimeWindows.allows(List.of(w), at("2026-12-05T01:00:00Z"))).as("Saturday early: Friday's").isFalse();
    }
}
