package io.appfleet.telemetry.ingest;

import java.time.Instant;
import java.util.Arrays;

/**
 * One row of {@code sample_rollup_1m} or {@code sample_rollup_1h}: what the raw rows of one stream in
 * one bucket add up to, per metric. Gauges as count, sum, min and max (so the average stays exact when
 * buckets are merged), counters as the sum of their increases and the seconds those increases cover
 * (average rate = increase / seconds), with the resets and gaps among them. An increase counts in the
 * bucket of the reading that ends it; a counter reading without an increase still counts as a sample.
 *
 * <p>The ingest holds a stream's newest buckets in memory and writes them whole; {@link #version} is
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
    static final String COLUMNS = "stream_id, bucket, version, data";

    final int streamId;
    final long bucketMicros;
    int version;
    /** The batch that last touched it (so each is written once per batch). */
    long batch;
    private int size;
    private int[] ids;
    private boolean[] counter;
    private int[] samples;
    private double[] sum;
    private double[] min;
    private double[] max;
    private double[] increase;
    private double[] seconds;
    private int[] resets;
    private int[] gaps;

    Rollup(int streamId, long bucketMicros, int version, int capacity) {
        this.streamId = streamId;
        this.bucketMicros = bucketMicros;
        this.version = version;
        int c = Math.max(4, capacity);
        ids = new int[c];
        counter = new boolean[c];
        samples = new int[c];
        sum = new double[c];
        min = new double[c];
        max = new double[c];
        increase = new double[c];
        seconds = new double[c];
        resets = new int[c];
        gaps = new int[c];
    }

    Instant bucket() {
        return Instant.ofEpochSecond(Math.floorDiv(bucketMicros, 1_000_000L), Math.floorMod(bucketMicros, 1_000_000L) * 1000);
    }

    int size() {
        return size;
    }

    /** Adds every value of a raw record (of this stream, in this bucket). */
    void add(RawRecord r) {
        for (int i = 0; i < r.size; i++) {
            int k = slot(r.metricIds[i], r.counter[i], i);
            samples[k]++;
            if (r.counter[i]) {
                if (r.rated(i)) {
                    increase[k] += r.increase[i];
                    seconds[k] += r.seconds[i];
                    resets[k] += (r.flags[i] & RawRecord.RESET) != 0 ? 1 : 0;
                    gaps[k] += (r.flags[i] & RawRecord.GAP) != 0 ? 1 : 0;
                }
            } else {
                double v = r.value[i];
                sum[k] += v;
                min[k] = Double.isNaN(min[k]) ? v : Math.min(min[k], v);
                max[k] = Double.isNaN(max[k]) ? v : Math.max(max[k], v);
            }
        }
    }

    /** The slot of a metric: a stream's samples mostly list the same metrics in the same order. */
    private int slot(int metricId, boolean isCounter, int hint) {
        if (hint < size && ids[hint] == metricId) {
            return hint;
        }
        for (int k = 0; k < size; k++) {
            if (ids[k] == metricId) {
                return k;
            }
        }
        if (size == ids.length) {
            int c = size * 2;
            ids = Arrays.copyOf(ids, c);
            counter = Arrays.copyOf(counter, c);
            samples = Arrays.copyOf(samples, c);
            sum = Arrays.copyOf(sum, c);
            min = Arrays.copyOf(min, c);
            max = Arrays.copyOf(max, c);
            increase = Arrays.copyOf(increase, c);
            seconds = Arrays.copyOf(seconds, c);
            resets = Arrays.copyOf(resets, c);
            gaps = Arrays.copyOf(gaps, c);
        }
        int k = size++;
        ids[k] = metricId;
        counter[k] = isCounter;
        samples[k] = 0;
        // NaN is stored as NULL: gauges have no increase, counters no sum, min or max
        sum[k] = isCounter ? Double.NaN : 0;
        min[k] = Double.NaN;
        max[k] = Double.NaN;
        increase[k] = isCounter ? 0 : Double.NaN;
        seconds[k] = isCounter ? 0 : Double.NaN;
        resets[k] = 0;
        gaps[k] = 0;
        return k;
    }

    /** Writes the row as version {@code version + 1}. */
    void writeTo(CopyBuffer out) {
        out.row(4).int4(streamId).timestamptz(bucketMicros).int4(version + 1).bytea(SampleCodec.ROLLUP_ENTRY * size);
        for (int k = 0; k < size; k++) {
            out.putInt(ids[k]).putByte(counter[k] ? SampleCodec.COUNTER : 0).putInt(samples[k]);
            if (counter[k]) {
                out.putDouble(increase[k]).putDouble(seconds[k]).putInt(resets[k]).putInt(gaps[k]);
            } else {
                out.putDouble(sum[k]).putDouble(min[k]).putDouble(max[k]);
            }
        }
    }

    /** A stored row. */
    static Rollup read(int streamId, long bucketMicros, int version, byte[] data) {
        int n = data.length / SampleCodec.ROLLUP_ENTRY;
        Rollup r = new Rollup(streamId, bucketMicros, version, n);
        for (int k = 0, o = 0; k < n; k++, o += SampleCodec.ROLLUP_ENTRY) {
            int id = SampleCodec.int32(data, o);
            boolean isCounter = (data[o + 4] & SampleCodec.COUNTER) != 0;
            int slot = r.slot(id, isCounter, k);
            r.samples[slot] = SampleCodec.int32(data, o + 5);
            if (isCounter) {
                r.increase[slot] = SampleCodec.float64(data, o + 9);
                r.seconds[slot] = SampleCodec.float64(data, o + 17);
                r.resets[slot] = SampleCodec.int32(data, o + 25);
                r.gaps[slot] = SampleCodec.int32(data, o + 29);
            } else {
                r.sum[slot] = SampleCodec.float64(data, o + 9);
                r.min[slot] = SampleCodec.float64(data, o + 17);
                r.max[slot] = SampleCodec.float64(data, o + 25);
            }
        }
        return r;
    }

    // --- read access, for tests and metrics -----------------------------------------------------------------

    int indexOf(int metricId) {
        for (int k = 0; k < size; k++) {
            if (ids[k] == metricId) {
                return k;
            }
        }
        return -1;
    }

    int samples(int k) {
        return samples[k];
    }

    double valueSum(int k) {
        return sum[k];
    }

    double valueMin(int k) {
        return min[k];
    }

    double valueMax(int k) {
        return max[k];
    }

    double increase(int k) {
        return increase[k];
    }

    double rateSeconds(int k) {
        return seconds[k];
    }

    int resets(int k) {
        return resets[k];
    }

    int gaps(int k) {
        return gaps[k];
    }
}
