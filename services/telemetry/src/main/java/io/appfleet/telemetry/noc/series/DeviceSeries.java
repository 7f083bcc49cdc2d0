package io.appfleet.telemetry.noc.series;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A device's series of one metric, one per app or CPP class, each with its points in time order. */
public record DeviceSeries(String device,
        @Schema(description = "cpu, memory, cpp_drops or cpp_drop_bytes") String metric,
        @Schema(description = "percent, bytes, frames_per_second or bytes_per_second") String unit,
        @Schema(description = "1m or 1h") String step,
        @Schema(description = "start of the first step, inclusive") Instant from,
        @Schema(description = "end of the range, exclusive") Instant to,
        List<Series> series) {

    public DeviceSeries {
        series = List.copyOf(series);
    }

    /**
     * One line of a chart. {@code name} is the app id or the CPP class (with its location first when
     * the platform gives one: {@code <location>/<class>}); steps without data have no point.
     */
    public record Series(String name, List<Point> points) {

        public Series {
            points = List.copyOf(points);
        }
    }

    /** {@code t}: the start of the step; {@code v}: the gauge's average or the counter's rate per second in it. */
    public record Point(Instant t, double v) {
    }
}
