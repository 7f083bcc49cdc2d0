package io.appfleet.telemetry.noc.series;

import java.time.Duration;
import java.time.Instant;

import io.appfleet.platform.problem.ProblemException;
import io.appfleet.telemetry.noc.ApiParams;

/**
 * Which points of a device's series to read: {@code from} (inclusive, on a step boundary) to
 * {@code to} (exclusive). No series has more than {@link #MAX_POINTS} points, so a reply stays small
 * whatever the range asked for.
 */
public record SeriesRequest(SeriesMetric metric, Step step, Instant from, Instant to) {

    /** A day of minutes. */
    public static final int MAX_POINTS = 1440;

    /** The range when none is given: the last hour at 1m, the last 7 days at 1h. */
    static Duration defaultRange(Step step) {
        return step == Step.MINUTE ? Duration.ofHours(1) : Duration.ofDays(7);
    }

    /**
     * Parses the query parameters. Without {@code to}, the range ends now; without {@code from} it is
     * the step's default range; without {@code step}, 1m when the range fits in {@link #MAX_POINTS}
     * minutes, else 1h.
     *
     * @throws ProblemException 400 naming the parameter that is wrong
     */
    public static SeriesRequest parse(String metric, String from, String to, String step, Instant now) {
        SeriesMetric m = SeriesMetric.parse(metric);
        Step s = Step.parse(step);
        Instant end = ApiParams.instant("to", to);
        Instant start = ApiParams.instant("from", from);
        if (end == null) {
            end = now;
        }
        if (start == null) {
            start = end.minus(defaultRange(s == null ? Step.MINUTE : s));
        }
        if (!start.isBefore(end)) {
            throw ProblemException.badRequest("from", "must be before to (" + end + "), was " + start);
        }
        if (s == null) {
            s = points(Step.MINUTE, start, end) <= MAX_POINTS ? Step.MINUTE : Step.HOUR;
        }
        long points = points(s, start, end);
        if (points > MAX_POINTS) {
            throw ProblemException.badRequest("from", "the range " + start + " to " + end + " holds " + points
                    + " points of " + s.text() + ", at most " + MAX_POINTS + " are given"
                    + (s == Step.MINUTE ? "; use step=1h or a shorter range" : "; use a shorter range"));
        }
        return new SeriesRequest(m, s, s.floor(start), end);
    }

    /** Steps that start in [from, to). */
    static long points(Step step, Instant from, Instant to) {
        long size = step.duration().getSeconds();
        long first = Math.floorDiv(from.getEpochSecond(), size);
        long last = Math.floorDiv(to.getEpochSecond() - (to.getNano() == 0 ? 1 : 0), size);
        return last - first + 1;
    }
}
