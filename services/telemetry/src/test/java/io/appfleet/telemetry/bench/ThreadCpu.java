package io.appfleet.telemetry.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU seconds per thread of a process, from /proc/PID/task/TID/stat, grouped by thread name (Linux
 * keeps 15 characters of it; digits are folded so "GC Thread#0" and "GC Thread#1" add up). Says
 * whether the service's time goes to its consumer thread, Kafka's client threads, GC or the JIT.
 */
final class ThreadCpu {

    private ThreadCpu() {
    }

    /** Seconds per thread group, by thread id so two readings can be subtracted. */
    static Map<String, Double> read(long pid) {
        Map<String, Double> out = new TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : tasks) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double s = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
                    out.merge(name.replaceAll("[0-9]+", "#") + "\u0000" + t.getFileName(), s, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended between listing and reading
                }
            }
        } catch (IOException e) {
            // process gone
        }
        return out;
    }

    /** Per group, what {@code after} added to {@code before}, largest first, as "name 1.23 s, ...". */
    static String delta(Map<String, Double> before, Map<String, Double> after, int top) {
        Map<String, Double> groups = new TreeMap<>();
        after.forEach((k, v) -> {
            double d = v - before.getOrDefault(k, 0.0);
            if (d > 0) {
                groups.merge(k.substring(0, k.indexOf('\u0000')), d, Double::sum);
            }
        });
        Map<String, Double> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(top)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        StringBuilder s = new StringBuilder();
        sorted.forEach((k, v) -> s.append(s.length() == 0 ? "" : ", ").append(k)
                .append(String.format(Locale.ROOT, " %.2f", v)));
        return s.toString();
    }
}
