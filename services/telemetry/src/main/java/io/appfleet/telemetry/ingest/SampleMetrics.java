package io.appfleet.telemetry.ingest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.appfleet.telemetry.scrape.DirectMetrics;
import io.appfleet.telemetry.scrape.TextExposition;
import io.prometheus.client.Collector;
import io.prometheus.client.Collector.Type;

/**
 * The sample metrics of the fleet metrics contract (docs: "samples"), kept as plain numbers per
 * (device, CPP class) and (device, app) and written into the text format only when scraped, so
 * that 10,000 devices cost a map entry each and nothing per sample beyond a few additions.
 *
 * <p>Counters are the sums of the increases the ingest computed for rows it stored (never a device's
 * raw counter value), so they keep rising across device reboots, counter resets and app restarts, and
 * a replayed sample adds nothing. Gauges are the newest stored value. Guest CPU time is QGA's
 * user+nice+system+irq+softirq+steal over all vCPUs; disk and network bytes of an app come from its
 * QGA guest stats once it has any, from its app utilization until then (never both: that would count
 * the same bytes twice). A device and app or class that reported nothing for {@code expiry} disappears
 * from the scrape.
 *
 * <p>The ingest's writers update, one at a time; scrapes read concurrently. A writer publishes each
 * batch's updates with a volatile write that a scrape reads first.
 */
public final class SampleMetrics {

    static final double[] LAG_BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600};

    /** What a stored value means for the metrics. */
    private enum Field {
        NONE, CPP_DROPPED_BYTES, CPP_DROPPED_FRAMES, CPP_CONFORMED_FRAMES, APP_CPU_RATIO, APP_MEMORY_USED,
        APP_MEMORY_ALLOCATED, APP_DISK_USED, APP_CPU_SECONDS, APP_DISK_READ, APP_DISK_WRITTEN, APP_NET_RX, APP_NET_TX
    }

    /** A metric id's meaning: its field, the label (CPP class or app), and whether it comes from guest stats. */
    private record Role(Field field, String label, boolean guest) {
        static final Role NONE = new Role(Field.NONE, null, false);
    }

    /** One device and CPP class or app: its labels as a scrape writes them, and when it last reported. */
    abstract static class Entry {
        /** {device="...",class="..."} or {device="...",app="..."}, escaped. */
        final byte[] labels;
        volatile long touched;
        /** Expired and gone from the map: the writer looks it up again. */
        volatile boolean removed;

        Entry(byte[] labels) {
            this.labels = labels;
        }

        /** The value of one of the entry's families (their order in a scrape); NaN: none. */
        abstract double value(int family);
    }

    /** Counters of one device and CPP class. */
    static final class CppEntry extends Entry {
        double droppedBytes;
        double droppedFrames;
        double conformedFrames = Double.NaN;

        CppEntry(String device, String cls) {
            super(TextExposition.labels("device", device, "class", cls));
        }

        @Override
        double value(int family) {
            return switch (family) {
                case 0 -> droppedBytes;
                case 1 -> droppedFrames;
                default -> conformedFrames;
            };
        }
    }

    /** Gauges and counters of one device and app; NaN until reported. */
    static final class AppEntry extends Entry {
        long gaugesAt = Long.MIN_VALUE;
        double cpuRatio = Double.NaN;
        double memoryUsed = Double.NaN;
        double memoryAllocated = Double.NaN;
        double diskUsed = Double.NaN;
        double cpuSeconds = Double.NaN;
        double diskRead = Double.NaN;
        double diskWritten = Double.NaN;
        double netRx = Double.NaN;
        double netTx = Double.NaN;
        boolean guestDisk;
        boolean guestNet;

        AppEntry(String device, String app) {
            super(TextExposition.labels("device", device, "app", app));
        }

        @Override
        double value(int family) {
            return switch (family) {
                case 0 -> cpuRatio;
                case 1 -> memoryUsed;
                case 2 -> memoryAllocated;
                case 3 -> diskUsed;
                case 4 -> cpuSeconds;
                case 5 -> diskRead;
                case 6 -> diskWritten;
                case 7 -> netRx;
                default -> netTx;
            };
        }
    }

    private final Clock clock;
    private final long expiryMillis;
    private final Map<String, CppEntry> cpp = new ConcurrentHashMap<>();
    private final Map<String, AppEntry> apps = new ConcurrentHashMap<>();
    /** By metric id: what it means here (metric ids are a dense sequence). */
    private Role[] roles = new Role[256];
    /** By stream id (writer thread only). */
    private Targets[] targets = new Targets[1024];
    private final long[] lagBuckets = new long[LAG_BUCKETS.length];
    private long lagCount;
    private double lagSum;
    private long ingested;
    private volatile long published;

    public SampleMetrics(Clock clock, Duration expiry) {
        this.clock = clock;
        this.expiryMillis = expiry.toMillis();
    }

    /** The stored rows of a committed batch (a writer thread, after the commit; writers take turns). */
    synchronized void committed(List<RawRecord> fresh, Instant committedAt) {
        long now = clock.millis();
        long commitMicros = committedAt.getEpochSecond() * 1_000_000L + committedAt.getNano() / 1_000;
        long[] buckets = new long[LAG_BUCKETS.length];
        double sum = 0;
        for (RawRecord r : fresh) {
            double lag = Math.max(0, (commitMicros - r.sampledAtMicros) / 1e6);
            int b = 0;
            while (b < LAG_BUCKETS.length && lag > LAG_BUCKETS[b]) {
                b++;
            }
            if (b < LAG_BUCKETS.length) {
                buckets[b]++;
            }
            sum += lag;
            add(r, now);
        }
        // A scrape sees a batch's lags all or not at all: its buckets never exceed its count.
        synchronized (lagBuckets) {
            for (int b = 0; b < buckets.length; b++) {
                lagBuckets[b] += buckets[b];
            }
            lagCount += fresh.size();
            lagSum += sum;
            ingested += fresh.size();
        }
        published = now;
    }

    private void add(RawRecord r, long now) {
        Targets t = targets(r);
        for (CppEntry e : t.classes) {
            e.touched = now;
        }
        boolean newest = false;
        if (t.app != null) {
            t.app.touched = now;
            newest = !t.guest && r.sampledAtMicros >= t.app.gaugesAt;
            if (newest) {
                t.app.gaugesAt = r.sampledAtMicros;
            }
        }
        for (int i = 0; i < r.size; i++) {
            Role role = t.roles[i];
            if (role.field() == Field.NONE) {
                continue;
            }
            double inc = r.counter[i] && r.rated(i) ? r.increase[i] : 0;
            switch (role.field()) {
                case CPP_DROPPED_BYTES -> t.cpp[i].droppedBytes += inc;
                case CPP_DROPPED_FRAMES -> t.cpp[i].droppedFrames += inc;
                case CPP_CONFORMED_FRAMES -> {
                    CppEntry e = t.cpp[i];
                    e.conformedFrames = (Double.isNaN(e.conformedFrames) ? 0 : e.conformedFrames) + inc;
                }
                default -> appValue(t.app, role, r.counter[i] ? inc : r.value[i], newest);
            }
        }
    }

    /** Where a stream's values go: its layout's roles and entries, found once per layout (not per sample). */
    private static final class Targets {
        final int[] ids;
        final Role[] roles;
        final CppEntry[] cpp;
        final CppEntry[] classes;
        final AppEntry app;
        final boolean guest;

        Targets(int[] ids, Role[] roles, CppEntry[] cpp, CppEntry[] classes, AppEntry app, boolean guest) {
            this.ids = ids;
            this.roles = roles;
            this.cpp = cpp;
            this.classes = classes;
            this.app = app;
            this.guest = guest;
        }

        boolean current(int[] metricIds) {
            if (ids != metricIds || app != null && app.removed) {
                return false;
            }
            for (CppEntry e : classes) {
                if (e.removed) {
                    return false;
                }
            }
            return true;
        }
    }

    private Targets targets(RawRecord r) {
        if (r.streamId >= targets.length) {
            targets = Arrays.copyOf(targets, Math.max(targets.length * 2, r.streamId + 1));
        }
        Targets t = targets[r.streamId];
        if (t != null && t.current(r.metricIds)) {
            return t;
        }
        String device = r.sample.deviceId();
        Role[] roles = new Role[r.size];
        CppEntry[] byValue = new CppEntry[r.size];
        Map<String, CppEntry> classes = new java.util.LinkedHashMap<>();
        AppEntry app = null;
        boolean guest = false;
        for (int i = 0; i < r.size; i++) {
            Role role = role(r.metricIds[i], r.sample.series[i], r.sample.metric[i]);
            roles[i] = role;
            switch (role.field()) {
                case NONE -> {
                    // not in the contract
                }
                case CPP_DROPPED_BYTES, CPP_DROPPED_FRAMES, CPP_CONFORMED_FRAMES -> byValue[i] = classes.computeIfAbsent(
                        role.label(), c -> cpp.computeIfAbsent(device + '\u0000' + c, k -> new CppEntry(device, c)));
                default -> {
                    if (app == null) {
                        app = apps.computeIfAbsent(device + '\u0000' + role.label(), k -> new AppEntry(device, role.label()));
                        guest = role.guest();
                    }
                }
            }
        }
        t = new Targets(r.metricIds, roles, byValue, classes.values().toArray(CppEntry[]::new), app, guest);
        targets[r.streamId] = t;
        return t;
    }

    private static void appValue(AppEntry a, Role role, double v, boolean newest) {
        switch (role.field()) {
            case APP_CPU_RATIO -> a.cpuRatio = newest ? v / 100 : a.cpuRatio;
            case APP_MEMORY_USED -> a.memoryUsed = newest ? v : a.memoryUsed;
            case APP_MEMORY_ALLOCATED -> a.memoryAllocated = newest ? v : a.memoryAllocated;
            case APP_DISK_USED -> a.diskUsed = newest ? v : a.diskUsed;
            case APP_CPU_SECONDS -> a.cpuSeconds = plus(a.cpuSeconds, v / 1000);
            case APP_DISK_READ, APP_DISK_WRITTEN -> {
                if (role.guest() && !a.guestDisk) {
                    a.guestDisk = true;
                } else if (!role.guest() && a.guestDisk) {
                    return;
                }
                if (role.field() == Field.APP_DISK_READ) {
                    a.diskRead = plus(a.diskRead, v);
                } else {
                    a.diskWritten = plus(a.diskWritten, v);
                }
            }
            case APP_NET_RX, APP_NET_TX -> {
                if (role.guest() && !a.guestNet) {
                    a.guestNet = true;
                } else if (!role.guest() && a.guestNet) {
                    return;
                }
                if (role.field() == Field.APP_NET_RX) {
                    a.netRx = plus(a.netRx, v);
                } else {
                    a.netTx = plus(a.netTx, v);
                }
            }
            default -> {
                // not a metric of the contract
            }
        }
    }

    /** A counter appears (at 0) with its first reading, which gives no increase yet. */
    private static double plus(double counter, double increase) {
        return (Double.isNaN(counter) ? 0 : counter) + increase;
    }

    private Role role(int metricId, String series, String metric) {
        if (metricId >= roles.length) {
            roles = Arrays.copyOf(roles, Math.max(roles.length * 2, metricId + 1));
        }
        Role r = roles[metricId];
        if (r == null) {
            r = roleOf(series, metric);
            roles[metricId] = r;
        }
        return r;
    }

    /** From the names SampleFlattener gives: cpp[/location]/class, app/X, guest/X[/disk/D | /if/I]. */
    static Role roleOf(String series, String metric) {
        String[] p = series.split("/");
        switch (p[0]) {
            case "cpp" -> {
                String cls = p[p.length - 1];
                return switch (metric) {
                    case "drop_bytes_total" -> new Role(Field.CPP_DROPPED_BYTES, cls, false);
                    case "drop_frames_total" -> new Role(Field.CPP_DROPPED_FRAMES, cls, false);
                    case "conform_frames_total" -> new Role(Field.CPP_CONFORMED_FRAMES, cls, false);
                    default -> Role.NONE;
                };
            }
            case "app" -> {
                return switch (metric) {
                    case "cpu_percent" -> new Role(Field.APP_CPU_RATIO, p[1], false);
                    case "memory_used_bytes" -> new Role(Field.APP_MEMORY_USED, p[1], false);
                    case "memory_allocated_bytes" -> new Role(Field.APP_MEMORY_ALLOCATED, p[1], false);
                    case "disk_used_bytes" -> new Role(Field.APP_DISK_USED, p[1], false);
                    case "disk_read_bytes_total" -> new Role(Field.APP_DISK_READ, p[1], false);
                    case "disk_write_bytes_total" -> new Role(Field.APP_DISK_WRITTEN, p[1], false);
                    case "net_rx_bytes_total" -> new Role(Field.APP_NET_RX, p[1], false);
                    case "net_tx_bytes_total" -> new Role(Field.APP_NET_TX, p[1], false);
                    default -> Role.NONE;
                };
            }
            case "guest" -> {
                if (p.length == 2) {
                    return switch (metric) {
                        case "cpu_user_ms_total", "cpu_system_ms_total", "cpu_steal_ms_total" ->
                            new Role(Field.APP_CPU_SECONDS, p[1], true);
                        default -> Role.NONE;
                    };
                }
                if (p.length == 4 && p[2].equals("disk")) {
                    return switch (metric) {
                        case "read_bytes_total" -> new Role(Field.APP_DISK_READ, p[1], true);
                        case "write_bytes_total" -> new Role(Field.APP_DISK_WRITTEN, p[1], true);
                        default -> Role.NONE;
                    };
                }
                if (p.length == 4 && p[2].equals("if")) {
                    return switch (metric) {
                        case "rx_bytes_total" -> new Role(Field.APP_NET_RX, p[1], true);
                        case "tx_bytes_total" -> new Role(Field.APP_NET_TX, p[1], true);
                        default -> Role.NONE;
                    };
                }
                return Role.NONE;
            }
            default -> {
                return Role.NONE;
            }
        }
    }

    // --- scrape ---------------------------------------------------------------------------------------------

    /** A family written from the entries: its name as in the scrape, type and help. */
    private record Family(String name, Type type, String help, byte[] sampleName) {
        Family(String sampleName, String help) {
            this(sampleName.endsWith("_total") ? sampleName.substring(0, sampleName.length() - "_total".length())
                    : sampleName, sampleName.endsWith("_total") ? Type.COUNTER : Type.GAUGE, help, ascii(sampleName));
        }
    }

    /** In the order of {@link CppEntry#value}. */
    private static final List<Family> CPP_FAMILIES = List.of(
            new Family("fleet_cpp_dropped_bytes_total",
                    "Bytes the CPP policer of the class dropped, summed over the increases the ingest stored"),
            new Family("fleet_cpp_dropped_frames_total",
                    "Frames the CPP policer of the class dropped, summed over the increases the ingest stored"),
            new Family("fleet_cpp_conformed_frames_total",
                    "Frames the CPP policer of the class accepted, summed over the increases the ingest stored"));
    /** In the order of {@link AppEntry#value}. */
    private static final List<Family> APP_FAMILIES = List.of(
            new Family("fleet_app_cpu_ratio", "Newest app CPU utilization reported, as a ratio (cpu_percent / 100)"),
            new Family("fleet_app_memory_used_bytes", "Newest memory the app uses, bytes"),
            new Family("fleet_app_memory_allocated_bytes", "Newest memory allocated to the app, bytes"),
            new Family("fleet_app_disk_used_bytes", "Newest disk space the app uses, bytes"),
            new Family("fleet_app_cpu_seconds_total",
                    "Guest CPU time of the app (QGA: user, nice, system, irq, softirq, steal, all vCPUs)"),
            new Family("fleet_app_disk_read_bytes_total", "Bytes the app read from disk (QGA guest disks, else app utilization)"),
            new Family("fleet_app_disk_written_bytes_total",
                    "Bytes the app wrote to disk (QGA guest disks, else app utilization)"),
            new Family("fleet_app_network_receive_bytes_total",
                    "Bytes the app received (QGA guest interfaces, else app utilization)"),
            new Family("fleet_app_network_transmit_bytes_total",
                    "Bytes the app sent (QGA guest interfaces, else app utilization)"));

    private static final byte[] NO_LABELS = {};

    /** The metrics in two parts a scrape can write at the same time: the CPP entries, and the apps' with the ingest's own. */
    public List<DirectMetrics> parts() {
        return List.of(this::writeCpp, this::writeApps);
    }

    /** The volatile read of published orders what follows after everything the writer published before it. */
    private long cutoff() {
        return Math.max(published, clock.millis()) - expiryMillis;
    }

    private void writeCpp(TextExposition out) {
        Snapshot.of(cpp.values(), cutoff(), CPP_FAMILIES.size()).writeTo(out, CPP_FAMILIES);
    }

    private void writeApps(TextExposition out) {
        Snapshot.of(apps.values(), cutoff(), APP_FAMILIES.size()).writeTo(out, APP_FAMILIES);
        long[] buckets;
        long count;
        double sum;
        long samples;
        synchronized (lagBuckets) {
            buckets = lagBuckets.clone();
            count = lagCount;
            sum = lagSum;
            samples = ingested;
        }
        out.family("fleet_telemetry_samples_ingested", Type.COUNTER, "Samples committed to PostgreSQL");
        out.sample(ascii("fleet_telemetry_samples_ingested_total"), NO_LABELS, samples);
        out.family("fleet_telemetry_ingest_lag_seconds", Type.HISTOGRAM,
                "Time from a sample's sampled_at to the commit of its row in PostgreSQL");
        byte[] bucket = ascii("fleet_telemetry_ingest_lag_seconds_bucket");
        long cumulative = 0;
        for (int b = 0; b < LAG_BUCKETS.length; b++) {
            cumulative += buckets[b];
            out.sample(bucket, ascii("{le=\"" + Collector.doubleToGoString(LAG_BUCKETS[b]) + "\"}"), cumulative);
        }
        out.sample(bucket, ascii("{le=\"+Inf\"}"), count);
        out.sample(ascii("fleet_telemetry_ingest_lag_seconds_count"), NO_LABELS, count);
        out.sample(ascii("fleet_telemetry_ingest_lag_seconds_sum"), NO_LABELS, sum);
    }

    /**
     * The live entries' labels and values, copied in one pass over the entries, which are scattered over the heap:
     * each family then reads these arrays in order. Chasing every entry and its labels once per family was most of
     * a 10,000-device scrape (cache misses, not copying).
     */
    private record Snapshot(int size, byte[] labels, int[] ends, double[] values) {

        /** The entries touched since {@code cutoff}; the others leave the map (a writer holding one looks it up again). */
        static Snapshot of(Collection<? extends Entry> entries, long cutoff, int families) {
            int capacity = entries.size();
            byte[] labels = new byte[capacity * 64];
            int[] ends = new int[capacity];
            double[] values = new double[capacity * families];
            int n = 0;
            int at = 0;
            for (Iterator<? extends Entry> it = entries.iterator(); it.hasNext();) {
                Entry e = it.next();
                if (e.touched < cutoff) {
                    e.removed = true;
                    it.remove();
                    continue;
                }
                if (n == ends.length) { // entries added since size() was read
                    ends = Arrays.copyOf(ends, n * 2 + 16);
                    values = Arrays.copyOf(values, ends.length * families);
                }
                if (at + e.labels.length > labels.length) {
                    labels = Arrays.copyOf(labels, Math.max(labels.length * 2, at + e.labels.length));
                }
                System.arraycopy(e.labels, 0, labels, at, e.labels.length);
                at += e.labels.length;
                ends[n] = at;
                for (int f = 0; f < families; f++) {
                    values[n * families + f] = e.value(f);
                }
                n++;
            }
            return new Snapshot(n, labels, ends, values);
        }

        void writeTo(TextExposition out, List<Family> families) {
            int stride = families.size();
            for (int f = 0; f < stride; f++) {
                Family family = families.get(f);
                out.family(family.name(), family.type(), family.help());
                for (int i = 0, from = 0; i < size; from = ends[i], i++) {
                    double v = values[i * stride + f];
                    if (!Double.isNaN(v)) {
                        out.sample(family.sampleName(), labels, from, ends[i], v);
                    }
                }
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
