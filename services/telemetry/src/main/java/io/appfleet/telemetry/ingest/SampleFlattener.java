package io.appfleet.telemetry.ingest;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestDiskStats;
import io.appfleet.proto.fleet.v1.GuestInterfaceStatistics;
import io.appfleet.proto.fleet.v1.GuestNetworkInterface;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.HostingStats;
import io.appfleet.proto.fleet.v1.TelemetrySample;

/**
 * Turns a {@link TelemetrySample} into one {@link Measurement} per reported value, grouped as one
 * {@link FlatSample} (the unit stored). Absent optional
 * fields give no measurement: unknown is not 0 (a 0 would look like a counter reset). Series names
 * stay bounded per device (an app, a CPP class, a guest disk or interface), never per sample.
 */
public final class SampleFlattener {

    /** Longest name part kept (app ids are at most 32 characters, CPP classes about 40). */
    private static final int MAX_NAME = 120;

    private SampleFlattener() {
    }

    public static List<Measurement> flatten(TelemetrySample s) throws InvalidSample {
        return sample(s).values();
    }

    /** The sample as one stored record: its stream (device and kind of sample), time, epoch and values. */
    public static FlatSample sample(TelemetrySample s) throws InvalidSample {
        if (s.getDeviceId().isEmpty()) {
            throw new InvalidSample("sample has no device_id");
        }
        if (!s.hasSampledAt() || (s.getSampledAt().getSeconds() == 0 && s.getSampledAt().getNanos() == 0)) {
            throw new InvalidSample("sample has no sampled_at");
        }
        // PostgreSQL keeps microseconds: the key must be the same on both sides.
        Instant at = Instant.ofEpochSecond(s.getSampledAt().getSeconds(), s.getSampledAt().getNanos())
                .truncatedTo(ChronoUnit.MICROS);
        Out out = new Out(s.getDeviceId(), at, expectedValues(s));
        switch (s.getPayloadCase()) {
            case APP_UTILIZATION -> app(out, s.getBootId(), s.getAppUtilization());
            case CPP_POLICER_STATS -> cpp(out, s.getBootId(), s.getCppPolicerStats());
            case GUEST_STATS -> guest(out, s.getBootId(), s.getGuestStats());
            case HOSTING_STATS -> hosting(out, s.getBootId(), s.getHostingStats());
            default -> throw new InvalidSample("sample has no payload (app_utilization, cpp_policer_stats, "
                    + "guest_stats or hosting_stats)");
        }
        return out.sample();
    }

    /** Enough room for the values the payload can give (so the arrays are made once). */
    private static int expectedValues(TelemetrySample s) {
        return switch (s.getPayloadCase()) {
            case CPP_POLICER_STATS -> 6 * s.getCppPolicerStats().getClassesCount();
            case GUEST_STATS -> 9 + 6 * s.getGuestStats().getDisksCount() + 8 * s.getGuestStats().getInterfacesCount();
            case APP_UTILIZATION -> 15;
            default -> 2;
        };
    }

    private static void app(Out out, String bootId, AppUtilization u) throws InvalidSample {
        String series = "app/" + name("app_id", u.getAppId());
        String epoch = bootId + "|" + u.getInstanceId();
        out.stream(series, epoch);
        if (u.hasCpuPercent()) {
            out.gauge(series, "cpu_percent", u.getCpuPercent(), epoch);
        }
        if (u.hasMemoryUsedBytes()) {
            out.gauge(series, "memory_used_bytes", unsigned(u.getMemoryUsedBytes()), epoch);
        }
        if (u.hasMemoryAllocatedBytes()) {
            out.gauge(series, "memory_allocated_bytes", unsigned(u.getMemoryAllocatedBytes()), epoch);
        }
        if (u.hasDiskUsedBytes()) {
            out.gauge(series, "disk_used_bytes", unsigned(u.getDiskUsedBytes()), epoch);
        }
        if (u.hasDiskAllocatedBytes()) {
            out.gauge(series, "disk_allocated_bytes", unsigned(u.getDiskAllocatedBytes()), epoch);
        }
        if (u.hasPids()) {
            out.gauge(series, "pids", Integer.toUnsignedLong(u.getPids()), epoch);
        }
        if (u.hasDiskReadBytesTotal()) {
            out.counter(series, "disk_read_bytes_total", u.getDiskReadBytesTotal(), epoch);
        }
        if (u.hasDiskWriteBytesTotal()) {
            out.counter(series, "disk_write_bytes_total", u.getDiskWriteBytesTotal(), epoch);
        }
        if (u.hasNetRxBytesTotal()) {
            out.counter(series, "net_rx_bytes_total", u.getNetRxBytesTotal(), epoch);
        }
        if (u.hasNetTxBytesTotal()) {
            out.counter(series, "net_tx_bytes_total", u.getNetTxBytesTotal(), epoch);
        }
        if (u.hasNetRxPacketsTotal()) {
            out.counter(series, "net_rx_packets_total", u.getNetRxPacketsTotal(), epoch);
        }
        if (u.hasNetTxPacketsTotal()) {
            out.counter(series, "net_tx_packets_total", u.getNetTxPacketsTotal(), epoch);
        }
        if (u.hasNetRxErrorsTotal()) {
            out.counter(series, "net_rx_errors_total", u.getNetRxErrorsTotal(), epoch);
        }
        if (u.hasNetTxErrorsTotal()) {
            out.counter(series, "net_tx_errors_total", u.getNetTxErrorsTotal(), epoch);
        }
    }

    private static void cpp(Out out, String bootId, CppPolicerStats stats) throws InvalidSample {
        if (stats.getClassesCount() == 0) {
            throw new InvalidSample("cpp_policer_stats has no classes");
        }
        String prefix = stats.getLocation().isEmpty() ? "cpp/" : "cpp/" + name("location", stats.getLocation()) + "/";
        out.stream(prefix.substring(0, prefix.length() - 1), bootId);
        for (CppClassStats c : stats.getClassesList()) {
            // Older releases print no class map: the policer index is then the class's only name.
            String cls = c.getClassName().isEmpty() ? "policer-" + c.getPolicerIndex() : name("class_name", c.getClassName());
            String series = prefix + cls;
            out.gauge(series, "enabled", c.getEnabled() ? 1 : 0, bootId);
            if (c.hasRatePps()) {
                out.gauge(series, "rate_pps", Integer.toUnsignedLong(c.getRatePps()), bootId);
            }
            if (c.hasConformBytesTotal()) {
                out.counter(series, "conform_bytes_total", c.getConformBytesTotal(), bootId);
            }
            if (c.hasConformFramesTotal()) {
                out.counter(series, "conform_frames_total", c.getConformFramesTotal(), bootId);
            }
            if (c.hasDropBytesTotal()) {
                out.counter(series, "drop_bytes_total", c.getDropBytesTotal(), bootId);
            }
            if (c.hasDropFramesTotal()) {
                out.counter(series, "drop_frames_total", c.getDropFramesTotal(), bootId);
            }
        }
    }

    private static void guest(Out out, String bootId, GuestStats g) throws InvalidSample {
        String series = "guest/" + name("app_id", g.getAppId());
        out.stream(series, bootId);
        if (g.getCpusCount() > 0) {
            // Summed over vCPUs: per-vCPU series would grow with the VM's size for little use.
            long user = 0;
            long system = 0;
            long idle = 0;
            long iowait = 0;
            long steal = 0;
            for (GuestCpuStats c : g.getCpusList()) {
                user += c.getUserMsTotal() + c.getNiceMsTotal();
                system += c.getSystemMsTotal() + c.getIrqMsTotal() + c.getSoftirqMsTotal();
                idle += c.getIdleMsTotal();
                iowait += c.getIowaitMsTotal();
                steal += c.getStealMsTotal();
            }
            out.gauge(series, "vcpus", g.getCpusCount(), bootId);
            out.counter(series, "cpu_user_ms_total", user, bootId);
            out.counter(series, "cpu_system_ms_total", system, bootId);
            out.counter(series, "cpu_idle_ms_total", idle, bootId);
            out.counter(series, "cpu_iowait_ms_total", iowait, bootId);
            out.counter(series, "cpu_steal_ms_total", steal, bootId);
        }
        if (g.hasMemoryBlocksOnline() && g.hasMemoryBlockSizeBytes()) {
            out.gauge(series, "memory_online_bytes",
                    Integer.toUnsignedLong(g.getMemoryBlocksOnline()) * unsigned(g.getMemoryBlockSizeBytes()), bootId);
        }
        if (g.hasLoad()) {
            out.gauge(series, "load1m", g.getLoad().getLoad1M(), bootId);
        }
        for (GuestDiskStats d : g.getDisksList()) {
            String ds = series + "/disk/" + name("disk name", d.getName());
            if (d.hasReadBytesTotal()) {
                out.counter(ds, "read_bytes_total", d.getReadBytesTotal(), bootId);
            }
            if (d.hasWriteBytesTotal()) {
                out.counter(ds, "write_bytes_total", d.getWriteBytesTotal(), bootId);
            }
            if (d.hasReadIosTotal()) {
                out.counter(ds, "read_ios_total", d.getReadIosTotal(), bootId);
            }
            if (d.hasWriteIosTotal()) {
                out.counter(ds, "write_ios_total", d.getWriteIosTotal(), bootId);
            }
            if (d.hasIoTimeMsTotal()) {
                out.counter(ds, "io_time_ms_total", d.getIoTimeMsTotal(), bootId);
            }
            if (d.hasIosInProgress()) {
                out.gauge(ds, "ios_in_progress", unsigned(d.getIosInProgress()), bootId);
            }
        }
        for (GuestNetworkInterface i : g.getInterfacesList()) {
            if (!i.hasStatistics()) {
                continue;
            }
            String is = series + "/if/" + name("interface name", i.getName());
            GuestInterfaceStatistics st = i.getStatistics();
            out.counter(is, "rx_bytes_total", st.getRxBytesTotal(), bootId);
            out.counter(is, "tx_bytes_total", st.getTxBytesTotal(), bootId);
            out.counter(is, "rx_packets_total", st.getRxPacketsTotal(), bootId);
            out.counter(is, "tx_packets_total", st.getTxPacketsTotal(), bootId);
            out.counter(is, "rx_errors_total", st.getRxErrorsTotal(), bootId);
            out.counter(is, "tx_errors_total", st.getTxErrorsTotal(), bootId);
            out.counter(is, "rx_dropped_total", st.getRxDroppedTotal(), bootId);
            out.counter(is, "tx_dropped_total", st.getTxDroppedTotal(), bootId);
        }
    }

    private static void hosting(Out out, String bootId, HostingStats h) throws InvalidSample {
        out.stream("hosting", bootId);
        if (h.hasAppsInstalled()) {
            out.gauge("hosting", "apps_installed", Integer.toUnsignedLong(h.getAppsInstalled()), bootId);
        }
        if (h.hasAppsRunning()) {
            out.gauge("hosting", "apps_running", Integer.toUnsignedLong(h.getAppsRunning()), bootId);
        }
    }

    private static String name(String field, String value) throws InvalidSample {
        if (value.isEmpty()) {
            throw new InvalidSample(field + " is empty");
        }
        if (value.length() > MAX_NAME) {
            throw new InvalidSample(field + " is longer than " + MAX_NAME + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/') {
                throw new InvalidSample(field + " '" + printable(value) + "' contains a control character or '/'");
            }
        }
        return value;
    }

    private static String printable(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private static double unsigned(long v) {
        return io.appfleet.telemetry.rates.CounterRates.unsignedValue(v);
    }

    private static final class Out {
        final String deviceId;
        final Instant at;
        String source;
        String epoch;
        int size;
        String[] series;
        String[] metric;
        boolean[] counter;
        double[] value;
        long[] counterValue;

        Out(String deviceId, Instant at, int capacity) {
            this.deviceId = deviceId;
            this.at = at;
            int c = Math.max(1, capacity);
            series = new String[c];
            metric = new String[c];
            counter = new boolean[c];
            value = new double[c];
            counterValue = new long[c];
        }

        void stream(String source, String epoch) {
            this.source = source;
            this.epoch = epoch;
        }

        void gauge(String series, String metric, double value, String epoch) throws InvalidSample {
            if (!Double.isFinite(value)) {
                // a NaN would make every sum, min and max of its rollups NaN
                throw new InvalidSample(series + " " + metric + " is not a finite number: " + value);
            }
            add(series, metric, false, value, 0);
        }

        void counter(String series, String metric, long value, String epoch) {
            add(series, metric, true, unsigned(value), value);
        }

        private void add(String s, String m, boolean isCounter, double v, long cv) {
            if (size == series.length) {
                int n = size * 2;
                series = Arrays.copyOf(series, n);
                metric = Arrays.copyOf(metric, n);
                counter = Arrays.copyOf(counter, n);
                value = Arrays.copyOf(value, n);
                counterValue = Arrays.copyOf(counterValue, n);
            }
            series[size] = s;
            metric[size] = m;
            counter[size] = isCounter;
            value[size] = v;
            counterValue[size] = cv;
            size++;
        }

        FlatSample sample() {
            return new FlatSample(deviceId, source, at, epoch, size, series, metric, counter, value, counterValue);
        }
    }
}
