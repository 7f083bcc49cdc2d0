package io.appfleet.testsupport;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * CPU time by role (the service, the broker, PostgreSQL, this JVM) and of the whole machine, from
 * Linux's /proc, so a figure measured on a shared 2-core machine says who had the cores. A role
 * is a set of pids looked up at each reading (PostgreSQL's backends come and go). Used by the
 * benchmarks.
 */
public final class ProcessCpu {

    private final Map<String, Supplier<LongStream>> roles = new LinkedHashMap<>();

    public ProcessCpu role(String name, Supplier<LongStream> pids) {
        roles.put(name, pids);
        return this;
    }

    public Snapshot take() {
        Map<String, Double> m = new LinkedHashMap<>();
        roles.forEach((role, pids) -> m.put(role, pids.get().mapToDouble(ProcessCpu::ofProcess).sum()));
        return new Snapshot(System.nanoTime(), m, machineBusy());
    }

    /** CPU seconds the process and its reaped children have used so far; 0 when it is gone. */
    public static double ofProcess(long pid) {
        return ProcStat.cpuSeconds(pid) + ProcStat.reapedChildrenCpuSeconds(pid);
    }

    public static double machineBusy() {
        return ProcStat.machineBusySeconds();
    }

    public static String loadAverage() {
        return ProcStat.loadAverage();
    }

    /** A reading of every role and the machine at one moment. */
    public record Snapshot(long nanos, Map<String, Double> byRole, double machine) {

        /** CPU seconds per role between {@code earlier} and this snapshot, plus "others" and "wall". */
        public Map<String, Double> since(Snapshot earlier) {
            Map<String, Double> d = new LinkedHashMap<>();
            double ours = 0;
            for (Map.Entry<String, Double> e : byRole.entrySet()) {
                // A backend that exited between the readings takes its time with it: never below 0.
                double v = Math.max(0, e.getValue() - earlier.byRole.getOrDefault(e.getKey(), 0.0));
                d.put(e.getKey(), v);
                ours += v;
            }
            d.put("other processes", Math.max(0, machine - earlier.machine - ours));
            d.put("wall", (nanos - earlier.nanos) / 1e9);
            return d;
        }

        public static String format(Map<String, Double> m) {
            StringBuilder s = new StringBuilder();
            m.forEach((k, v) -> {
                if (!k.equals("wall")) {
                    s.append(s.length() == 0 ? "" : ", ").append(k).append(String.format(Locale.ROOT, " %.2f", v));
                }
            });
            return s.append(String.format(Locale.ROOT, " (over %.2f s wall)", m.get("wall"))).toString();
        }
    }
}
