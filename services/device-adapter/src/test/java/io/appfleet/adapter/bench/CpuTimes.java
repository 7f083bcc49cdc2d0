package io.appfleet.adapter.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.appfleet.testsupport.ProcStat;

/**
 * CPU time used by processes, read from Linux's /proc (utime + stime of /proc/PID/stat, in clock
 * ticks of 1/100 s), and by the whole machine (/proc/stat), so a benchmark can say which process
 * spent the cores: the adapter, the simulator, the broker, or someone else on the machine.
 */
final class CpuTimes {

    private CpuTimes() {
    }

    /** CPU seconds (user + system) the process has used so far; 0 when it is gone. */
    static double ofProcess(long pid) {
        return ProcStat.cpuSeconds(pid);
    }

    /** CPU seconds used by the process's children that have exited and been waited for (cutime + cstime). */
    static double ofReapedChildren(long pid) {
        return ProcStat.reapedChildrenCpuSeconds(pid);
    }

    /** CPU seconds the whole machine has spent busy (everything but idle and iowait) since boot. */
    static double machineBusy() {
        return ProcStat.machineBusySeconds();
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
