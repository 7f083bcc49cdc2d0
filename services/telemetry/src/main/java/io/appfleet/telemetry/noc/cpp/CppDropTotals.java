package io.appfleet.telemetry.noc.cpp;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** CPP drops of the whole fleet over a recent window, for the summary tile. */
public record CppDropTotals(
        @Schema(description = "the window, e.g. 5m") String window,
        @Schema(description = "frames dropped per second, summed over every device and class") double framesPerSecond,
        @Schema(description = "bytes dropped per second, summed over every device and class") double bytesPerSecond,
        @Schema(description = "devices with at least one dropped frame in the window") long devicesDropping,
        @Schema(description = "when these figures were read from the rollups") Instant computedAt) {
}
