package io.appfleet.drivers;

import io.appfleet.proto.fleet.v1.StepOutcome;

import java.time.Duration;

/** What one step did. {@code deviceOutput} is already redacted and truncated for an event. */
public record StepResult(Step step, StepOutcome outcome, String deviceOutput, Duration duration, String message) {

    /** Device output kept in an event; more is cut with a marker so events stay small. */
    public static final int MAX_OUTPUT_CHARS = 4096;

    public StepResult {
        deviceOutput = truncate(deviceOutput);
    }

    public boolean ok() {
        return outcome == StepOutcome.STEP_OUTCOME_SUCCEEDED || outcome == StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE;
    }

    static String truncate(String output) {
        if (output == null || output.length() <= MAX_OUTPUT_CHARS) {
            return output;
        }
        return output.substring(0, MAX_OUTPUT_CHARS) + "\n… [" + (output.length() - MAX_OUTPUT_CHARS) + " more characters]";
    }
}
