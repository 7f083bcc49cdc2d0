package io.appfleet.telemetry.ingest;

/**
 * The packed format of the {@code data} column of {@code sample_raw} and of the rollup tables: one
 * fixed-size entry per value, big-endian, so that Java writes and reads it without parsing and SQL
 * can still read it (the views of migration V3 decode it with {@code telemetry_i32},
 * {@code telemetry_i64} and {@code telemetry_f64}).
 *
 * <pre>
 * raw entry, 29 bytes:    int32 metric id, int8 flags (1 counter, 2 rated, 4 reset, 8 gap),
 *                         int64 value (gauge: the double's bits; counter: the unsigned 64-bit value),
 *                         float64 increase, float64 interval seconds (both 0 unless rated)
 * rollup entry, 33 bytes: int32 metric id, int8 flags (1 counter, 16 a CPP class's drop counter), int32 samples,
 *                         gauge: float64 sum, float64 min, float64 max;
 *                         counter: float64 increase, float64 seconds, int32 resets, int32 gaps
 * </pre>
 */
final class SampleCodec {

    static final int RAW_ENTRY = 29;
    static final int ROLLUP_ENTRY = 33;
    static final int COUNTER = 1;
    static final int RATED = 2;
    static final int RESET = 4;
    static final int GAP = 8;
    /** Rollup entries: drop_frames_total or drop_bytes_total of a CPP class (the drop columns of migration V4). */
    static final int CPP_DROP = 16;

    private SampleCodec() {
    }

    static int int32(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static long int64(byte[] b, int off) {
        return (long) int32(b, off) << 32 | (int32(b, off + 4) & 0xffffffffL);
    }

    static double float64(byte[] b, int off) {
        return Double.longBitsToDouble(int64(b, off));
    }
}
