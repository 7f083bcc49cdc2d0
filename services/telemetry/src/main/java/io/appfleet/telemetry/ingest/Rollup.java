package io.appfleet.telemetry.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Arrays;

/**
 * One row of {@code sample_rollup_1m} or {@code sample_rollup_1h}: what the raw rows of one stream in
 * one bucket add up to, per metric. Gauges as count, sum, min and max (so the average stays exact when
 * buckets are merged), counters as the sum of their increases and the seconds those increases cover
 * (average rate = increase / seconds), with the resets and gaps among them. An increase counts in the
 * bucket of the reading that ends it; a counter reading without an increase still counts as a sample.
 *
 * <p>The ingest holds a stream's newest buckets in memory (40,000 streams of a 10,000-device fleet, two
 * widths each) and writes them whole; they are kept in the stored format itself ({@link SampleCodec}:
 * 33 bytes a metric), which is both the smallest form and a copy away from the row. {@link #version} is
 * the version stored (0: not stored yet), and a write only replaces that version.
 */
final class Rollup {

    /** Bucket widths. */
    enum Width {
        MINUTE(60_000_000L, "sample_rollup_1m"), HOUR(3_600_000_000L, "sample_rollup_1h");

        final long micros;
        final String table;

        Width(long micros, String table) {
            this.micros = micros;
            this.table = table;
        }

        long bucketOf(long epochMicros) {
            return Math.floorDiv(epochMicros, micros) * micros;
        }
    }

    /** The columns {@link #writeTo} writes, in order. */
    static final String COLUMNS = "stream_id, bucket, version, data, drop_seconds, drop_metric, drop_increase";

    private static final int E = SampleCodec.ROLLUP_ENTRY;
    // entry layout: id 0, flags 4, samples 5, then a gauge's sum 9 / min 17 / max 25,
    // or a counter's increase 9 / seconds 17 / resets 25 / gaps 29
    private static final int FLAGS = 4;
    private static final int SAMPLES = 5;
    private static final int SUM = 9;
    private static final int MIN = 17;
    private static final int MAX = 25;
    private static final int INCREASE = 9;
    private static final int SECONDS = 17;
    private static final int RESETS = 25;
    private static final int GAPS = 29;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    final int streamId;
    long bucketMicros;
    int version;
    /** The batch that last touched it (so each is written once per batch). */
    long batch;
    /** Must be written in the batch that touched it (not held back: see {@link BatchWriter}). */
    boolean writeNow;
    /** Changed in memory since it was written; since {@link #pendingSinceNanos} (System.nanoTime). */
    boolean pending;
    long pendingSinceNanos;
    private byte[] data;
    private int size;

    Rollup(int streamId, long bucketMicros, int version, int capacity) {
        this.streamId = streamId;
        this.bucketMicros = bucketMicros;
        this.version = version;
        this.data = new byte[Math.max(1, capacity) * E];
    }

    private Rollup(int streamId, long bucketMicros, int version, byte[] data) {
        this.streamId = streamId;
        this.bucketMicros = bucketMicros;
        this.version = version;
        this.data = data;
        this.size = data.length / E;
    }

    /**
     * Starts over as a new bucket not stored yet, keeping the memory: a stream's newest minute is replaced every
     * minute, and reusing it spares the garbage collector 40,000 medium-lived objects a minute.
     */
    Rollup restart(long bucket) {
        this.bucketMicros = bucket;
        this.version = 0;
        this.size = 0;
        this.writeNow = false;
        this.pending = false;
        return this;
    }

    /** A stored row. */
    static Rollup read(int streamId, long bucketMicros, int version, byte[] data) {
        return new Rollup(streamId, bucketMicros, version, data);
    }

    Instant bucket() {
        return Instant.ofEpochSecond(Math.floorDiv(bucketMicros, 1_000_000L), Math.floorMod(bucketMicros, 1_000_000L) * 1000);
    }

    int size() {
        return size;
    }

    /** Adds every value of a raw record (of this stream, in this bucket). */
    void add(RawRecord r) {
        byte[] d;
        for (int i = 0; i < r.size; i++) {
            int o = slot(r, i);
            d = data;
            int n = (int) INT.get(d, o + SAMPLES) + 1;
            INT.set(d, o + SAMPLES, n);
            if (r.counter[i]) {
                if (r.rated(i)) {
                    DOUBLE.set(d, o + INCREASE, (double) DOUBLE.get(d, o + INCREASE) + r.increase[i]);
                    DOUBLE.set(d, o + SECONDS, (double) DOUBLE.get(d, o + SECONDS) + r.seconds[i]);
                    if ((r.flags[i] & RawRecord.RESET) != 0) {
                        INT.set(d, o + RESETS, (int) INT.get(d, o + RESETS) + 1);
                    }
                    if ((r.flags[i] & RawRecord.GAP) != 0) {
                        INT.set(d, o + GAPS, (int) INT.get(d, o + GAPS) + 1);
                    }
                }
            } else {
                double v = r.value[i];
                DOUBLE.set(d, o + SUM, (double) DOUBLE.get(d, o + SUM) + v);
                DOUBLE.set(d, o + MIN, n == 1 ? v : Math.min((double) DOUBLE.get(d, o + MIN), v));
                DOUBLE.set(d, o + MAX, n == 1 ? v : Math.max((double) DOUBLE.get(d, o + MAX), v));
            }
        }
    }

    /** The offset of a value's entry: a stream's samples mostly list the same metrics in the same order. */
    private int slot(RawRecord r, int hint) {
        int metricId = r.metricIds[hint];
        if (hint < size && (int) INT.get(data, hint * E) == metricId) {
            return hint * E;
        }
        int o = find(metricId);
        return o >= 0 ? o : append(metricId,
                (byte) ((r.counter[hint] ? SampleCodec.COUNTER : 0) | (cppDrop(r, hint) ? SampleCodec.CPP_DROP : 0)));
    }

    private int find(int metricId) {
        for (int k = 0; k < size; k++) {
            if ((int) INT.get(data, k * E) == metricId) {
                return k * E;
            }
        }
        return -1;
    }

    private int append(int metricId, byte flags) {
        if ((size + 1) * E > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, (size + 1) * E));
        }
        int o = size++ * E;
        // Every byte of the entry (a restarted bucket reuses the array): four stores, not a fill.
        INT.set(data, o, metricId);
        data[o + FLAGS] = flags;
        INT.set(data, o + SAMPLES, 0);
        LONG.set(data, o + 9, 0L);
        LONG.set(data, o + 17, 0L);
        LONG.set(data, o + 25, 0L);
        return o;
    }

    /** Names as SampleFlattener gives them: series cpp[/location]/class. */
    private static boolean cppDrop(RawRecord r, int i) {
        String metric = r.sample.metric[i];
        return r.counter[i] && r.sample.series[i].startsWith("cpp/")
                && (metric.equals("drop_frames_total") || metric.equals("drop_bytes_total"));
    }

    /**
     * Adds a stored row of a narrower bucket of the same stream (a minute into its hour): the same entry a
     * metric's raw values would have left, as gauges and counters add up across buckets.
     */
    void merge(byte[] other) {
        for (int p = 0; p + E <= other.length; p += E) {
            int metricId = (int) INT.get(other, p);
            int found = find(metricId);
            int o = found >= 0 ? found : append(metricId, other[p + FLAGS]);
            byte[] d = data;
            int mine = (int) INT.get(d, o + SAMPLES);
            int theirs = (int) INT.get(other, p + SAMPLES);
            INT.set(d, o + SAMPLES, mine + theirs);
            if ((other[p + FLAGS] & SampleCodec.COUNTER) != 0) {
                DOUBLE.set(d, o + INCREASE, (double) DOUBLE.get(d, o + INCREASE) + (double) DOUBLE.get(other, p + INCREASE));
                DOUBLE.set(d, o + SECONDS, (double) DOUBLE.get(d, o + SECONDS) + (double) DOUBLE.get(other, p + SECONDS));
                INT.set(d, o + RESETS, (int) INT.get(d, o + RESETS) + (int) INT.get(other, p + RESETS));
                INT.set(d, o + GAPS, (int) INT.get(d, o + GAPS) + (int) INT.get(other, p + GAPS));
            } else if (theirs > 0) {
                double min = (double) DOUBLE.get(other, p + MIN);
                double max = (double) DOUBLE.get(other, p + MAX);
                DOUBLE.set(d, o + SUM, (double) DOUBLE.get(d, o + SUM) + (double) DOUBLE.get(other, p + SUM));
                DOUBLE.set(d, o + MIN, mine == 0 ? min : Math.min((double) DOUBLE.get(d, o + MIN), min));
                DOUBLE.set(d, o + MAX, mine == 0 ? max : Math.max((double) DOUBLE.get(d, o + MAX), max));
            }
        }
    }

    /** How many values went in, over all metrics: only ever grows as samples are added. */
    long values() {
        long n = 0;
        for (int k = 0; k < size; k++) {
            n += (int) INT.get(data, k * E + SAMPLES);
        }
        return n;
    }

    /** Writes the row as version {@code version + 1}, with its drop columns (migration V4). */
    void writeTo(CopyBuffer out) {
        out.row(7).int4(streamId).timestamptz(bucketMicros).int4(version + 1).bytea(size * E).put(data, 0, size * E);
        int drops = 0;
        int dropping = 0;
        double seconds = 0;
        for (int k = 0; k < size; k++) {
            if ((data[k * E + FLAGS] & SampleCodec.CPP_DROP) != 0) {
                drops++;
                seconds = Math.max(seconds, (double) DOUBLE.get(data, k * E + SECONDS));
                dropping += (double) DOUBLE.get(data, k * E + INCREASE) > 0 ? 1 : 0;
            }
        }
        if (drops == 0) {
            out.nul().nul().nul();
            return;
        }
        out.float8(seconds);
        if (dropping == 0) {
            out.nul().nul();
            return;
        }
        out.int4Array(dropping);
        for (int k = 0; k < size; k++) {
            if (dropping(k)) {
                out.arrayInt4((int) INT.get(data, k * E));
            }
        }
        out.float8Array(dropping);
        for (int k = 0; k < size; k++) {
            if (dropping(k)) {
                out.arrayFloat8((double) DOUBLE.get(data, k * E + INCREASE));
            }
        }
    }

    private boolean dropping(int k) {
        return (data[k * E + FLAGS] & SampleCodec.CPP_DROP) != 0 && (double) DOUBLE.get(data, k * E + INCREASE) > 0;
    }

    // --- read access, for tests -----------------------------------------------------------------------------

    /** The entries as stored in {@code data}. */
    byte[] entries() {
        return Arrays.copyOf(data, size * E);
    }

    int indexOf(int metricId) {
        for (int k = 0; k < size; k++) {
            if ((int) INT.get(data, k * E) == metricId) {
                return k;
            }
        }
        return -1;
    }

    private boolean counter(int k) {
        return (data[k * E + FLAGS] & SampleCodec.COUNTER) != 0;
    }

    int samples(int k) {
        return (int) INT.get(data, k * E + SAMPLES);
    }

    double valueSum(int k) {
        return counter(k) ? Double.NaN : (double) DOUBLE.get(data, k * E + SUM);
    }

    double valueMin(int k) {
        return counter(k) ? Double.NaN : (double) DOUBLE.get(data, k * E + MIN);
    }

    double valueMax(int k) {
        return counter(k) ? Double.NaN : (double) DOUBLE.get(data, k * E + MAX);
    }

    double increase(int k) {
        return counter(k) ? (double) DOUBLE.get(data, k * E + INCREASE) : Double.NaN;
    }

    double rateSeconds(int k) {
        return counter(k) ? (double) DOUBLE.get(data, k * E + SECONDS) : Double.NaN;
    }

    int resets(int k) {
        return counter(k) ? (int) INT.get(data, k * E + RESETS) : 0;
    }

    int gaps(int k) {
        return counter(k) ? (int) INT.get(data, k * E + GAPS) : 0;
    }
}
