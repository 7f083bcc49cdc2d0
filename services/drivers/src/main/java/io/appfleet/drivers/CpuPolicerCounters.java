package io.appfleet.drivers;

import java.util.List;
import java.util.Optional;

/**
 * CPP policer counters per class, summed over the class's queues. {@code location} is the
 * switch/FED they were read from, as the command names it (e.g. "active", "switch 1 active");
 * empty when the command names none.
 */
public record CpuPolicerCounters(String location, List<ClassCounters> classes) {

    public static final CpuPolicerCounters NONE = new CpuPolicerCounters(List.of());

    public CpuPolicerCounters {
        location = location == null ? "" : location;
        classes = List.copyOf(classes);
    }

    /** Counters read without naming a switch or FED. */
    public CpuPolicerCounters(List<ClassCounters> classes) {
        this("", classes);
    }

    /**
     * {@code enabled} is true when any queue of the class is policed; {@code defaultRate} and
     * {@code setRate} are its rates in pps (the largest, if its queues differ); dropFrames is null
     * on releases that do not count frames.
     */
    public record ClassCounters(String cppClass, long policerIndex, boolean enabled, long defaultRate, long setRate,
                                long dropBytes, Long dropFrames) {
    }

    public Optional<ClassCounters> byClass(String cppClass) {
        return classes.stream().filter(c -> c.cppClass().equals(cppClass)).findFirst();
    }
}
