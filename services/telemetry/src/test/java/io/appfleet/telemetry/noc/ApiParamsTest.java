package io.appfleet.telemetry.noc;

import static io.appfleet.telemetry.noc.BadRequests.assertBad;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.telemetry.fleet.DeviceFilter;

class ApiParamsTest {

    private static final Duration MIN = Duration.ofMinutes(1);
    private static final Duration MAX = Duration.ofDays(7);

    @Test
    void durationsInShortFormOrIso() {
        assertThat(ApiParams.duration("window", null, Duration.ofMinutes(15), MIN, MAX)).isEqualTo(Duration.ofMinutes(15));
        assertThat(ApiParams.duration("window", "90s", null, MIN, MAX)).isEqualTo(Duration.ofSeconds(90));
        assertThat(ApiParams.duration("window", "15m", null, MIN, MAX)).isEqualTo(Duration.ofMinutes(15));
        assertThat(ApiParams.duration("window", " 6H ", null, MIN, MAX)).isEqualTo(Duration.ofHours(6));
        assertThat(ApiParams.duration("window", "7d", null, MIN, MAX)).isEqualTo(Duration.ofDays(7));
        assertThat(ApiParams.duration("window", "PT15M", null, MIN, MAX)).isEqualTo(Duration.ofMinutes(15));
        assertBad(() -> ApiParams.duration("window", "soon", null, MIN, MAX), "window",
                "not a duration: 'soon'; write e.g. 15m, 6h, 7d or PT15M");
        assertBad(() -> ApiParams.duration("window", "30s", null, MIN, MAX), "window",
                "must be between 1m and 7d, was 30s");
        assertBad(() -> ApiParams.duration("window", "8d", null, MIN, MAX), "window", "must be between 1m and 7d, was 8d");
        assertBad(() -> ApiParams.duration("window", "-5m", null, MIN, MAX), "window",
                "not a duration: '-5m'; write e.g. 15m, 6h, 7d or PT15M");
        assertBad(() -> ApiParams.duration("window", "-PT5M", null, MIN, MAX), "window",
                "must be between 1m and 7d, was -5m");
    }

    @Test
    void instantsAreIso8601WithZoneOrOffset() {
        assertThat(ApiParams.instant("from", null)).isNull();
        assertThat(ApiParams.instant("from", "2025-01-01T10:00:00Z")).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
        assertThat(ApiParams.instant("from", "2025-01-01T12:00:00+02:00")).isEqualTo(Instant.parse("2025-01-01T10:00:00Z"));
        assertBad(() -> ApiParams.instant("to", "yesterday"), "to",
                "not an ISO-8601 time such as 2025-01-01T10:00:00Z: 'yesterday'");
        assertBad(() -> ApiParams.instant("to", "2025-01-01"), "to",
                "not an ISO-8601 time such as 2025-01-01T10:00:00Z: '2025-01-01'");
    }

    @Test
    void deviceFiltersNameTheApisParameters() {
        DeviceFilter f = ApiParams.deviceFilter("iosxe", "ams", "role=access", "synced", "healthy", "reachable");
        assertThat(f.platform()).isEqualTo("iosxe");
        assertThat(f.site()).isEqualTo("ams");
        assertThat(f.selector().matches(Map.of("role", "access"))).isTrue();
        assertThat(ApiParams.deviceFilter(null, " ", "", null, null, null)).isEqualTo(DeviceFilter.ALL);
        assertBad(() -> ApiParams.deviceFilter(null, null, "role in (a", null, null, null), "label",
                messageOf(() -> io.appfleet.platform.labels.LabelSelector.parse("role in (a")));
        assertBad(() -> ApiParams.deviceFilter(null, null, null, "fine", null, null), "sync",
                "unknown value 'fine'; one of synced, out_of_sync, unknown");
        assertBad(() -> ApiParams.deviceFilter("nxos", null, null, null, null, null), "platform",
                "unknown value 'nxos'; one of iosxe, iosxr, infix, unknown");
    }

    @Test
    void durationsAreWrittenInTheirLargestWholeUnit() {
        assertThat(ApiParams.text(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(ApiParams.text(Duration.ofHours(6))).isEqualTo("6h");
        assertThat(ApiParams.text(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(ApiParams.text(Duration.ofSeconds(90))).isEqualTo("90s");
    }

    @Test
    void longInputIsCutInMessages() {
        String longText = "x".repeat(200);
        assertBad(() -> ApiParams.integer("page", longText, 0), "page", "not a whole number: '" + "x".repeat(64) + "…'");
    }

    private static String messageOf(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("no exception");
    }
}
