package io.appfleet.adapter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time used by processes, read from Linux's /proc (utime + stime of /proc/PID/stat, in clock
 * ticks of 1/100 s), and by the whole machine (/proc/stat), so a benchmark can say which process
 * spent the cores: the adapter, the simulator, the broker, or someone else on the machine.
 */
final class CpuTimes {

    /** USER_HZ: 100 on every Linux architecture this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    private CpuTimes() {
    }

    /** CPU seconds (user + system) the process has used so far; 0 when it is gone. */
    static double ofProcess(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name in parentheses may hold spaces: count fields after its closing one.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state); utime and stime are fields 14 and 15.
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** CPU seconds used by the process's children that have exited and been waited for (cutime + cstime). */
    static double ofReapedChildren(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / TICKS_PER_SECOND;
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

    /** A reading of several processes (by role) and the machine at one moment. */
    record Snapshot(long nanos, Map<String, Double> byRole, double machine) {

        static Snapshot take(Map<String, List<Long>> pidsByRole) {
            Map<String, Double> m = new LinkedHashMap<>();
            pidsByRole.forEach((role, pids) -> m.put(role, pids.stream().mapToDouble(CpuTimes::ofProcess).sum()));
            return new Snapshot(System.nanoTime(), m, machineBusy());
        }

        /** CPU seconds per role between {@code earlier} and this snapshot, plus "others" and "wall". */
        Map<String, Double> since(Snapshot earlier) {
            Map<String, Double> d = new LinkedHashMap<>();
            double ours = 0;
            for (Map.Entry<String, Double> e : byRole.entrySet()) {
                double v = e.getValue() - earlier.byRole.getOrDefault(e.getKey(), 0.0);
                d.put(e.getKey(), v);
                ours += v;
            }
            d.put("other processes on the machine", Math.max(0, machine - earlier.machine - ours));
            d.put("wall", (nanos - earlier.nanos) / 1e9);
            return d;
        }
    }
}
