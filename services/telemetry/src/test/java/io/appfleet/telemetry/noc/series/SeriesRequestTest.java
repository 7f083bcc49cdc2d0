package io.appfleet.telemetry.noc.series;

import static io.appfleet.telemetry.noc.BadRequests.assertBad;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SeriesRequestTest {

    private static final Instant NOW = Instant.parse("2025-03-01T12:34:56Z");

    @Test
    void withoutRangeTheLastHourOfMinutesOrSevenDaysOfHours() {
        SeriesRequest r = SeriesRequest.parse("cpu", null, null, null, NOW);
        assertThat(r.metric()).isEqualTo(SeriesMetric.CPU);
        assertThat(r.step()).isEqualTo(Step.MINUTE);
        assertThat(r.from()).isEqualTo(Instant.parse("2025-03-01T11:34:00Z"));
        assertThat(r.to()).isEqualTo(NOW);
        SeriesRequest h = SeriesRequest.parse("cpp_drops", null, null, "1h", NOW);
        assertThat(h.step()).isEqualTo(Step.HOUR);
        assertThat(h.from()).isEqualTo(Instant.parse("2025-02-22T12:00:00Z"));
    }

    @Test
    void theStepFollowsTheRangeWhenNotGiven() {
        assertThat(SeriesRequest.parse("memory", "2025-03-01T00:00:00Z", "2025-03-02T00:00:00Z", null, NOW).step())
                .as("1440 minutes fit").isEqualTo(Step.MINUTE);
        assertThat(SeriesRequest.parse("memory", "2025-03-01T00:00:00Z", "2025-03-02T00:01:00Z", null, NOW).step())
                .as("1441 do not").isEqualTo(Step.HOUR);
    }

    @Test
    void pointsAreCountedPerStepStartedInTheRange() {
        Instant t = Instant.parse("2025-03-01T10:00:00Z");
        assertThat(SeriesRequest.points(Step.MINUTE, t, t.plusSeconds(60))).isEqualTo(1);
        assertThat(SeriesRequest.points(Step.MINUTE, t, t.plusSeconds(61))).isEqualTo(2);
        assertThat(SeriesRequest.points(Step.MINUTE, t.plusSeconds(30), t.plusSeconds(90))).isEqualTo(2);
        assertThat(SeriesRequest.points(Step.HOUR, t, t.plusSeconds(86_400))).isEqualTo(24);
    }

    @Test
    void badParametersAre400sNamingThem() {
        assertBad(() -> SeriesRequest.parse(null, null, null, null, NOW), "metric",
                "required; one of cpu, memory, cpp_drops, cpp_drop_bytes");
        assertBad(() -> SeriesRequest.parse("disk", null, null, null, NOW), "metric",
                "unknown metric 'disk'; one of cpu, memory, cpp_drops, cpp_drop_bytes");
        assertBad(() -> SeriesRequest.parse("cpu", null, null, "5m", NOW), "step", "unknown step '5m'; one of 1m, 1h");
        assertBad(() -> SeriesRequest.parse("cpu", "2025-03-01T10:00:00Z", "2025-03-01T10:00:00Z", null, NOW), "from",
                "must be before to (2025-03-01T10:00:00Z), was 2025-03-01T10:00:00Z");
        assertBad(() -> SeriesRequest.parse("cpu", "2025-03-01T00:00:00Z", "2025-03-03T00:00:00Z", "1m", NOW), "from",
                "the range 2025-03-01T00:00:00Z to 2025-03-03T00:00:00Z holds 2880 points of 1m, at most 1440 are given;"
                        + " use step=1h or a shorter range");
        assertBad(() -> SeriesRequest.parse("cpu", "2024-01-01T00:00:00Z", "2025-03-01T00:00:00Z", null, NOW), "from",
                "the range 2024-01-01T00:00:00Z to 2025-03-01T00:00:00Z holds 10200 points of 1h, at most 1440 are"
                        + " given; use a shorter range");
        assertBad(() -> SeriesRequest.parse("cpu", "now-1h", null, null, NOW), "from",
                "not an ISO-8601 time such as 2025-01-01T10:00:00Z: 'now-1h'");
    }

    @Test
    void stepsFloorToTheirBoundaryInUtc() {
        assertThat(Step.MINUTE.floor(NOW)).isEqualTo(Instant.parse("2025-03-01T12:34:00Z"));
        assertThat(Step.HOUR.floor(NOW)).isEqualTo(Instant.parse("2025-03-01T12:00:00Z"));
    }
}
