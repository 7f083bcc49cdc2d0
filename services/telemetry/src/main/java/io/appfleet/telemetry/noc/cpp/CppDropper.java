package io.appfleet.telemetry.noc.cpp;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One CPP class of one device and what its policer dropped over the window. Rates are averages
 * over the time the device's counters covered in the window (null when they covered none).
 */
public record CppDropper(String device, String platform, String site,
        @Schema(description = "the CPP class, with the platform's location first when it gives one: <location>/<class>")
        String cppClass,
        @Schema(description = "frames dropped per second") Double dropFramesPerSecond,
        @Schema(description = "bytes dropped per second") Double dropBytesPerSecond,
        @Schema(description = "frames dropped in the window") double dropFrames,
        @Schema(description = "bytes dropped in the window") double dropBytes) {
}
