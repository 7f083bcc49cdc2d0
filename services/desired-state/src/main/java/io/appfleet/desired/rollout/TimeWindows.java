package io.appfleet.desired.rollout;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

import io.appfleet.desired.manifest.AppDeployment.Window;

/**
 * Whether a rollout may hand out its revision now. No windows: always. A window whose end is
 * before its start runs past midnight and belongs to the day it starts on (a "sat 22:00–02:00"
 * window is open on Sunday at 01:00).
 */
public final class TimeWindows {

    private TimeWindows() {
    }

    public static boolean allows(List<Window> windows, Instant now) {
        if (windows == null || windows.isEmpty()) {
            return true;
        }
        for (Window w : windows) {
            if (open(w, now)) {
                return true;
            }
        }
        return false;
    }

    static boolean open(Window w, Instant now) {
        ZonedDateTime t = now.atZone(ZoneId.of(w.timeZone() == null ? "UTC" : w.timeZone()));
        LocalTime start = LocalTime.parse(w.start());
        LocalTime end = LocalTime.parse(w.end());
        LocalTime time = t.toLocalTime();
        if (start.isBefore(end)) {
            return onDay(w, t.getDayOfWeek()) && !time.isBefore(start) && time.isBefore(end);
        }
        // Past midnight: open from start on a listed day, or before end on the day after one.
        return (onDay(w, t.getDayOfWeek()) && !time.isBefore(start))
                || (onDay(w, t.getDayOfWeek().minus(1)) && time.isBefore(end));
    }

    private static boolean onDay(Window w, DayOfWeek day) {
        return w.days().contains(day.name().substring(0, 3).toLowerCase(Locale.ROOT));
    }
}
