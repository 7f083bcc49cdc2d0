package io.appfleet.telemetry.noc.series;

import java.time.Duration;
import java.time.Instant;

import io.appfleet.platform.problem.ProblemException;

/** The resolution of a series: one point per minute (from rollup_1m) or per hour (rollup_1h). */
public enum Step {
    MINUTE("1m", Duration.ofMinutes(1)),
    HOUR("1h", Duration.ofHours(1));

    private final String text;
    private final Duration duration;

    Step(String text, Duration duration) {
        this.text = text;
        this.duration = duration;
    }

    public String text() {
        return text;
    }

    public Duration duration() {
        return duration;
    }

    /** The start of the step {@code t} falls in (UTC, as the rollup buckets). */
    public Instant floor(Instant t) {
        long s = duration.getSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), s) * s);
    }

    /** {@code 1m} or {@code 1h}; null when absent. */
    public static Step parse(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (Step s : values()) {
            if (s.text.equals(value.strip())) {
                return s;
            }
        }
        throw ProblemException.badRequest("step", "unknown step '" + value.strip() + "'; one of 1m, 1h");
    }
}
