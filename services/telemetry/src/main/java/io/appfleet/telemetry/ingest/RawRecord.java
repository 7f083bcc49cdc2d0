package io.appfleet.telemetry.ingest;

import java.util.Arrays;

import io.appfleet.telemetry.rates.CounterTracker;

/**
 * A sample as written to {@code sample_raw}: the values by metric id, and for counters the increase
 * since the previous reading of the same epoch (NaN where there is none: first reading, reboot or
 * restart, late or duplicate sample). Arrays are indexed like {@link FlatSample#values()}.
 */
final class RawRecord {

    static final short RESET = 1;
    static final short GAP = 2;

    final FlatSample sample;
    final int streamId;
    final long sampledAtMicros;
    final int size;
    final int[] metricIds;
    /** The sample's own arrays: counter, its value as a number (gauges), its exact value (counters). */
    final boolean[] counter;
    final double[] value;
    final long[] counterValue;
    final double[] increase;
    final double[] seconds;
    final short[] flags;

    RawRecord(FlatSample sample, int streamId, int[] metricIds) {
        this.sample = sample;
        this.streamId = streamId;
        this.sampledAtMicros = sample.sampledAtMicros();
        this.size = sample.size;
        this.metricIds = metricIds;
        this.counter = sample.counter;
        this.value = sample.value;
        this.counterValue = sample.counterValue;
        this.increase = new double[size];
        this.seconds = new double[size];
        this.flags = new short[size];
        Arrays.fill(increase, Double.NaN);
    }

    /** Gives each counter its increase from the tracker, which it advances (in the batch's order). */
    void rate(CounterTracker counters) {
        long atNanos = sampledAtMicros * 1_000L;
        for (int i = 0; i < size; i++) {
            if (!counter[i]) {
                continue;
            }
            double inc = counters.observe(metricIds[i], atNanos, sample.epoch(), counterValue[i]);
            if (!Double.isNaN(inc)) {
                increase[i] = inc;
                seconds[i] = counters.lastSeconds();
                flags[i] = (short) ((counters.lastReset() ? RESET : 0) | (counters.lastGap() ? GAP : 0));
            }
        }
    }

    boolean rated(int i) {
        return !Double.isNaN(increase[i]);
    }

    void writeTo(CopyBuffer out) {
        out.row(4).int4(streamId).timestamptz(sampledAtMicros).text(sample.epoch()).bytea(SampleCodec.RAW_ENTRY * size);
        for (int i = 0; i < size; i++) {
            boolean r = rated(i);
            int f = (counter[i] ? SampleCodec.COUNTER : 0) | (r ? SampleCodec.RATED : 0)
                    | ((flags[i] & RESET) != 0 ? SampleCodec.RESET : 0) | ((flags[i] & GAP) != 0 ? SampleCodec.GAP : 0);
            out.putInt(metricIds[i]).putByte(f)
                    .putLong(counter[i] ? counterValue[i] : Double.doubleToRawLongBits(value[i]))
                    .putDouble(r ? increase[i] : 0).putDouble(r ? seconds[i] : 0);
        }
    }

    /** The columns {@link #writeTo} writes, in order. */
    static final String COLUMNS = "stream_id, sampled_at, epoch, data";
}
