package io.appfleet.telemetry.noc.series;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.appfleet.platform.problem.ProblemException;

/**
 * The series a device page charts, as rows of the rollup tables: {@code series} starts with
 * {@link #prefix()} (the rest names the app or the CPP class) and {@code metric} is {@link #column()}.
 * Gauges give their average per step, counters their average rate per second.
 */
public enum SeriesMetric {
    /** CPU use of each app, percent of the host's CPU, as the platform reports it. */
    CPU("cpu", "app/", "cpu_percent", "percent"),
    /** Memory used by each app. */
    MEMORY("memory", "app/", "memory_used_bytes", "bytes"),
    /** Frames the control-plane policer dropped per CPP class. */
    CPP_DROPS("cpp_drops", "cpp/", "drop_frames_total", "frames_per_second"),
    /** Bytes the control-plane policer dropped per CPP class. */
    CPP_DROP_BYTES("cpp_drop_bytes", "cpp/", "drop_bytes_total", "bytes_per_second");

    private final String name;
    private final String prefix;
    private final String column;
    private final String unit;

    SeriesMetric(String name, String prefix, String column, String unit) {
        this.name = name;
        this.prefix = prefix;
        this.column = column;
        this.unit = unit;
    }

    /** The API's name. */
    public String apiName() {
        return name;
    }

    public String prefix() {
        return prefix;
    }

    public String column() {
        return column;
    }

    public String unit() {
        return unit;
    }

    public static String accepted() {
        return Arrays.stream(values()).map(SeriesMetric::apiName).collect(Collectors.joining(", "));
    }

    /** @throws ProblemException 400 when absent or unknown, listing the metrics there are */
    public static SeriesMetric parse(String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest("metric", "required; one of " + accepted());
        }
        for (SeriesMetric m : values()) {
            if (m.name.equals(value.strip())) {
                return m;
            }
        }
        throw ProblemException.badRequest("metric", "unknown metric '" + value.strip() + "'; one of " + accepted());
    }
}
