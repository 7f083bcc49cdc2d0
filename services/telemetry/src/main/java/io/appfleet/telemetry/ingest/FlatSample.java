package io.appfleet.telemetry.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One TelemetrySample as stored: one raw row. Its natural key is (device, source, sampledAt), so a
 * replayed sample has the same key and changes nothing. The values are kept in parallel arrays (the
 * ingest handles over a million values a second; an object per value was a tenth of its allocation),
 * {@link #values()} gives them as {@link Measurement}s.
 */
public final class FlatSample {

    private final String deviceId;
    private final String source;
    private final Instant sampledAt;
    private final long sampledAtMicros;
    private final String epoch;
    final int size;
    final String[] series;
    final String[] metric;
    final boolean[] counter;
    /** Gauges: the value; counters: the unsigned value as a number. */
    final double[] value;
    /** Counters: the unsigned 64-bit value's bits. */
    final long[] counterValue;

    /**
     * @param source what kind of sample, bounded per device: {@code app/<app>}, {@code cpp} or
     *               {@code cpp/<location>}, {@code guest/<app>}, {@code hosting}; with the device, a stream
     * @param epoch  what the sample's counters restart with: {@code <boot_id>} or, for app samples,
     *               {@code <boot_id>|<instance_id>}
     * @param values one per reported value, all with this sample's device, time and epoch
     */
    public FlatSample(String deviceId, String source, Instant sampledAt, String epoch, List<Measurement> values) {
        this(deviceId, source, sampledAt, epoch, values.size(), values.stream().map(Measurement::series)
                .toArray(String[]::new), values.stream().map(Measurement::metric).toArray(String[]::new),
                booleans(values), values.stream().mapToDouble(Measurement::value).toArray(),
                values.stream().mapToLong(Measurement::counterValue).toArray());
    }

    FlatSample(String deviceId, String source, Instant sampledAt, String epoch, int size, String[] series,
            String[] metric, boolean[] counter, double[] value, long[] counterValue) {
        this.deviceId = deviceId;
        this.source = source;
        this.sampledAt = sampledAt;
        this.sampledAtMicros = sampledAt.getEpochSecond() * 1_000_000L + sampledAt.getNano() / 1_000;
        this.epoch = epoch;
        this.size = size;
        this.series = series;
        this.metric = metric;
        this.counter = counter;
        this.value = value;
        this.counterValue = counterValue;
    }

    private static boolean[] booleans(List<Measurement> values) {
        boolean[] b = new boolean[values.size()];
        for (int i = 0; i < b.length; i++) {
            b[i] = values.get(i).counter();
        }
        return b;
    }

    public String deviceId() {
        return deviceId;
    }

    public String source() {
        return source;
    }

    public Instant sampledAt() {
        return sampledAt;
    }

    /** sampled_at in microseconds since the epoch, PostgreSQL's precision. */
    public long sampledAtMicros() {
        return sampledAtMicros;
    }

    public String epoch() {
        return epoch;
    }

    public int size() {
        return size;
    }

    /** The values, each as a {@link Measurement} (made on each call). */
    public List<Measurement> values() {
        List<Measurement> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(new Measurement(deviceId, series[i], metric[i], sampledAt, counter[i], value[i],
                    counter[i] ? counterValue[i] : 0, epoch));
        }
        return out;
    }

    @Override
    public String toString() {
        return "FlatSample[" + deviceId + " " + source + " " + sampledAt + " " + epoch + " "
                + Arrays.toString(Arrays.copyOf(metric, size)) + "]";
    }
}
