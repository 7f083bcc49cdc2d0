package io.appfleet.desired.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * CPU time by role (the service, the broker, PostgreSQL, this JVM) and of the whole machine, from
 * Linux's /proc, so a figure measured on a shared 2-core machine says who had the cores. A role
 * is a set of pids looked up at each reading (PostgreSQL's backends come and go).
 */
final class ProcessCpu {

    /** USER_HZ: 100 on every Linux architecture this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    private final Map<String, Supplier<LongStream>> roles = new LinkedHashMap<>();

    ProcessCpu role(String name, Supplier<LongStream> pids) {
        roles.put(name, pids);
        return this;
    }

    Snapshot take() {
        Map<String, Double> m = new LinkedHashMap<>();
        roles.forEach((role, pids) -> m.put(role, pids.get().mapToDouble(ProcessCpu::ofProcess).sum()));
        return new Snapshot(System.nanoTime(), m, machineBusy());
    }

    /** CPU seconds (user + system) the process has used so far; 0 when it is gone. */
    static double ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name in parentheses may hold spaces: count fields after its closing one.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); utime and stime are fields 14 and 15, cutime and cstime 16 and 17.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]))
                    / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds the whole machine has spent busy (everything but idle and iowait) since boot. */
    static double machineBusy() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    // user nice system idle iowait irq softirq steal
                    for (int i : new int[] {1, 2, 3, 6, 7, 8}) {
                        busy += Long.parseLong(f[i]);
                    }
                    return busy / TICKS_PER_SECOND;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return 0;
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }

    /** A reading of every role and the machine at one moment. */
    record Snapshot(long nanos, Map<String, Double> byRole, double machine) {

        /** CPU seconds per role between {@code earlier} and this snapshot, plus "others" and "wall". */
        Map<String, Double> since(Snapshot earlier) {
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

        static String format(Map<String, Double> m) {
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
