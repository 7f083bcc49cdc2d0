package io.appfleet.telemetry.noc.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.telemetry.fleet.FleetSummary;
import io.appfleet.telemetry.noc.cpp.CppDropTotals;

class NocScreensTest {

    private static Map<String, Long> counts(Object... kv) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).longValue());
        }
        return m;
    }

    @Test
    void tilesCountTheFleetAndColourWhatNeedsEyes() {
        FleetSummary s = new FleetSummary(true, 10, counts("synced", 7, "out_of_sync", 2, "unknown", 1),
                counts("healthy", 8, "degraded", 1, "unknown", 1),
                counts("reachable", 8, "unreachable", 1, "auth_failed", 1, "host_key_mismatch", 0, "unknown", 0),
                counts("iosxe", 6, "iosxr", 4, "infix", 0, "unknown", 0), 12, counts("running", 9, "error", 1,
                        "stopped", 2),
                1, counts("progressing", 1));
        List<Tile> tiles = NocScreens.tiles(s, new CppDropTotals("5m", 12.5, 800, 2, Instant.EPOCH));
        assertThat(tiles).extracting(Tile::key)
                .containsExactly("devices", "synced", "healthy", "unreachable", "apps-running", "cpp-drops");
        assertThat(tiles).extracting(Tile::value).containsExactly("10", "7", "8", "2", "9", "12.5/s");
        assertThat(tiles).extracting(Tile::tone).containsExactly("plain", "warn", "bad", "bad", "bad", "warn");
        assertThat(tiles.get(0).detail()).isEqualTo("IOS-XE 6 · IOS-XR 4");
        assertThat(tiles.get(1).detail()).isEqualTo("of 10 · 2 out of sync · 1 unknown");
        assertThat(tiles.get(2).detail()).isEqualTo("of 10 · 1 degraded · 1 unknown");
        assertThat(tiles.get(3).detail()).isEqualTo("1 auth failed");
        assertThat(tiles.get(4).detail()).isEqualTo("of 12 · 1 in error");
        assertThat(tiles.get(5).detail()).isEqualTo("2 devices dropping · last 5m");

        FleetSummary calm = new FleetSummary(true, 3, counts("synced", 3), counts("healthy", 3),
                counts("reachable", 3), counts("infix", 3), 3, counts("running", 3), 0, counts());
        assertThat(NocScreens.tiles(calm, null)).extracting(Tile::tone)
                .containsExactly("plain", "good", "good", "good", "plain", "warn");
        assertThat(NocScreens.tiles(calm, null).get(5).detail()).isEqualTo("rollups unavailable");
    }

    @Test
    void pagerLinksKeepTheFiltersEncoded() {
        NocScreens.FleetQuery q = new NocScreens.FleetQuery("iosxe", null, "role in (a,b)", "", null, null, "1", "10");
        assertThat(q.link(2)).isEqualTo("/noc?platform=iosxe&label=role+in+%28a%2Cb%29&size=10&page=2");
        assertThat(q.link(0)).isEqualTo("/noc?platform=iosxe&label=role+in+%28a%2Cb%29&size=10");
        assertThat(new NocScreens.FleetQuery(null, null, null, null, null, null, null, null).link(0)).isEqualTo("/noc");
        assertThat(q.filtered()).isTrue();

        Pager p = Pager.of(1, 10, 25, q::link);
        assertThat(p).isEqualTo(new Pager(1, 3, 25, 11, 20, q.link(0), q.link(2)));
        assertThat(Pager.of(0, 10, 0, q::link)).isEqualTo(new Pager(0, 1, 0, 0, 0, null, null));
        assertThat(Pager.of(5, 10, 25, q::link).previous()).as("past the end goes back to the last page")
                .isEqualTo(q.link(2));
    }

    @Test
    void chartsStartAMinuteBeforeTheirFirstPointWithinTheHourAndTenMinutesAtLeast() {
        Instant now = Instant.parse("2025-03-01T12:30:30Z");
        Instant hourAgo = Instant.parse("2025-03-01T11:30:00Z");
        assertThat(NocScreens.chartStart(now, hourAgo, List.of(series()))).as("no data: the last ten minutes")
                .isEqualTo(Instant.parse("2025-03-01T12:20:00Z"));
        assertThat(NocScreens.chartStart(now, hourAgo, List.of(series(), series("2025-03-01T12:05:20Z"),
                series("2025-03-01T12:10:00Z")))).isEqualTo(Instant.parse("2025-03-01T12:04:00Z"));
        assertThat(NocScreens.chartStart(now, hourAgo, List.of(series("2025-03-01T12:29:00Z"))))
                .isEqualTo(Instant.parse("2025-03-01T12:20:00Z"));
        assertThat(NocScreens.chartStart(now, hourAgo, List.of(series("2025-03-01T11:30:00Z")))).isEqualTo(hourAgo);
    }

    private static io.appfleet.telemetry.noc.series.DeviceSeries series(String... firstPoints) {
        List<io.appfleet.telemetry.noc.series.DeviceSeries.Series> lines = new java.util.ArrayList<>();
        for (String t : firstPoints) {
            lines.add(new io.appfleet.telemetry.noc.series.DeviceSeries.Series("s" + lines.size(), List.of(
                    new io.appfleet.telemetry.noc.series.DeviceSeries.Point(Instant.parse(t), 1))));
        }
        return new io.appfleet.telemetry.noc.series.DeviceSeries("d", "cpu", "percent", "1m", Instant.EPOCH,
                Instant.EPOCH, lines);
    }

    @Test
    void filterChoicesStartWithAny() {
        assertThat(NocScreens.options(List.of("synced", "out_of_sync"), "out_of_sync")).containsExactly(
                new Option("", "Any", false), new Option("synced", "Synced", false),
                new Option("out_of_sync", "Out of sync", true));
    }
}
