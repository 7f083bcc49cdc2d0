package io.appfleet.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of processes and of the machine from Linux's /proc, for benchmarks that must say who
 * had the cores of a shared machine. Every reading is 0 (or "?") where /proc cannot tell, e.g. for
 * a process that is gone.
 */
public final class ProcStat {

    /** USER_HZ: 100 on every Linux architecture this runs on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {
    }

    /** CPU seconds (user + system) the process has used so far. */
    public static double cpuSeconds(long pid) {
        return statFields(pid, 11, 12);
    }

    /** CPU seconds of the process's children that have exited and been waited for (cutime + cstime). */
    public static double reapedChildrenCpuSeconds(long pid) {
        return statFields(pid, 13, 14);
    }

    /** CPU seconds the whole machine has spent busy (everything but idle and iowait) since boot. */
    public static double machineBusySeconds() {
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
            // not Linux, or unreadable: no figure
        }
        return 0;
    }

    /** The 1, 5 and 15 minute load averages as /proc/loadavg prints them. */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** The sum of two fields of /proc/PID/stat after the command name, in seconds (f[0] is field 3, state). */
    private static double statFields(long pid, int a, int b) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name in parentheses may hold spaces: count fields after its closing one.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[a]) + Long.parseLong(f[b])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
