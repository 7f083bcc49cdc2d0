package io.appfleet.telemetry.noc.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.appfleet.telemetry.noc.series.DeviceSeries;
import io.appfleet.telemetry.noc.series.SeriesMetric;

class ChartTest {

    private static final Instant FROM = Instant.parse("2025-03-01T11:00:00Z");
    private static final Instant TO = Instant.parse("2025-03-01T12:00:00Z");

    private static DeviceSeries.Series line(String name, double... values) {
        List<DeviceSeries.Point> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(new DeviceSeries.Point(FROM.plusSeconds(60L * i * 30), values[i]));
        }
        return new DeviceSeries.Series(name, points);
    }

    private static DeviceSeries data(SeriesMetric m, DeviceSeries.Series... lines) {
        return new DeviceSeries("sw1", m.apiName(), m.unit(), "1m", FROM, TO, List.of(lines));
    }

    @Test
    void pointsAreScaledIntoThePlotWithANiceTop() {
        Chart c = Chart.of("cpu", "CPU per app", data(SeriesMetric.CPU, line("web", 0, 20, 40)), SeriesMetric.CPU,
                false, 8);
        assertThat(c.empty()).isFalse();
        assertThat(c.yTicks()).extracting(Chart.Tick::label).containsExactly("0%", "25%", "50%");
        Chart.Line l = c.lines().get(0);
        // x: 96 + (0, 0.5, 1) * 528; y: 260 - (0, 0.4, 0.8) * 246
        assertThat(l.points()).isEqualTo("96.0,260.0 360.0,161.6 624.0,63.2");
        assertThat(l.last()).isEqualTo("40%");
        assertThat(c.xTicks()).extracting(Chart.Tick::label).containsExactly("11:00", "11:15", "11:30", "11:45", "12:00");
        assertThat(c.xTicks()).extracting(Chart.Tick::anchor).containsExactly("start", "middle", "middle", "middle", "end");
        assertThat(c.description()).isEqualTo("CPU per app, latest: web 40%");
    }

    @Test
    void classesWithoutDropsAndLinesBeyondTheMostAreLeftOutCounted() {
        Chart c = Chart.of("cpp", "CPP drops", data(SeriesMetric.CPP_DROPS, line("quiet", 0, 0), line("a", 5, 1),
                line("b", 1, 2), line("c", 9, 0)), SeriesMetric.CPP_DROPS, true, 2);
        assertThat(c.lines()).extracting(Chart.Line::name).containsExactly("a", "c");
        assertThat(c.quiet()).as("no drops").isEqualTo(1);
        assertThat(c.hidden()).as("beyond the two lines drawn").isEqualTo(1);
        assertThat(c.yTicks()).extracting(Chart.Tick::label).containsExactly("0/s", "5/s", "10/s");

        Chart none = Chart.of("cpp", "CPP drops", data(SeriesMetric.CPP_DROPS, line("quiet", 0, 0)),
                SeriesMetric.CPP_DROPS, true, 8);
        assertThat(none.empty()).isTrue();
        assertThat(none.emptyText()).isEqualTo("no drops in 1 class");
        assertThat(none.yTicks()).extracting(Chart.Tick::label).containsOnly("");
        assertThat(Chart.of("m", "Memory", data(SeriesMetric.MEMORY), SeriesMetric.MEMORY, false, 8).emptyText())
                .isEqualTo("no samples in this range");
    }

    @Test
    void aSinglePointIsADot() {
        Chart c = Chart.of("m", "Memory", data(SeriesMetric.MEMORY, line("web", 256.0 * 1024 * 1024)),
                SeriesMetric.MEMORY, false, 8);
        Chart.Line l = c.lines().get(0);
        assertThat(l.pointCount()).isEqualTo(1);
        assertThat(l.dotX()).isEqualTo(96.0);
        assertThat(l.last()).isEqualTo("256 MiB");
        assertThat(c.yTicks()).extracting(Chart.Tick::label).containsExactly("0 B", "250 MiB", "500 MiB");
    }

    @Test
    void niceCeilings() {
        assertThat(Chart.niceCeiling(0)).isEqualTo(1);
        assertThat(Chart.niceCeiling(0.3)).isEqualTo(0.5);
        assertThat(Chart.niceCeiling(1)).isEqualTo(1);
        assertThat(Chart.niceCeiling(1.2)).isEqualTo(2);
        assertThat(Chart.niceCeiling(2.2)).isEqualTo(2.5);
        assertThat(Chart.niceCeiling(40)).isEqualTo(50);
        assertThat(Chart.niceCeiling(700)).isEqualTo(1000);
        double mib = 1024 * 1024;
        assertThat(Chart.niceBytes(104 * mib)).isEqualTo(200 * mib);
        assertThat(Chart.niceBytes(900)).isEqualTo(1000);
        assertThat(Chart.niceBytes(1.2 * 1024 * mib)).isEqualTo(2 * 1024 * mib);
    }
}
