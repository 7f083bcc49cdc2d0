package io.appfleet.telemetry.ingest;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's binary COPY format, sent with one {@code COPY ... FROM STDIN (FORMAT binary)}:
 * the server neither parses text nor plans a statement per row, which is most of what a row costs
 * otherwise. Only the types the ingest writes. Not thread-safe; reusable after {@link #copyInto}.
 */
final class CopyBuffer {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0,
        0, 0, 0};
    /** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;
    private static final int OID_INT2 = 21;
    private static final int OID_INT4 = 23;
    private static final int OID_INT8 = 20;
    private static final int OID_FLOAT8 = 701;

    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int rows;

    CopyBuffer() {
        reset();
    }

    private void reset() {
        pos = 0;
        rows = 0;
        put(HEADER, 0, HEADER.length);
    }

    int rows() {
        return rows;
    }

    CopyBuffer row(int fields) {
        rows++;
        putShort(fields);
        return this;
    }

    CopyBuffer int4(int v) {
        putInt(4);
        putInt(v);
        return this;
    }

    CopyBuffer int8(long v) {
        putInt(8);
        putLong(v);
        return this;
    }

    CopyBuffer timestamptz(long epochMicros) {
        return int8(epochMicros - PG_EPOCH_MICROS);
    }

    CopyBuffer text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putInt(b.length);
        put(b, 0, b.length);
        return this;
    }

    /** int4[] of the first n values. */
    CopyBuffer int4Array(int[] v, int n) {
        arrayHeader(n, false, OID_INT4, 4 * n);
        for (int i = 0; i < n; i++) {
            putInt(4);
            putInt(v[i]);
        }
        return this;
    }

    /** int4[] of the first n values; elements where {@code present[i]} is false are NULL. */
    CopyBuffer int4Array(int[] v, boolean[] present, int n) {
        int nulls = countAbsent(present, n);
        arrayHeader(n, nulls > 0, OID_INT4, 4 * (n - nulls));
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                putInt(4);
                putInt(v[i]);
            } else {
                putInt(-1);
            }
        }
        return this;
    }

    /** int2[] of the first n values. */
    CopyBuffer int2Array(short[] v, int n) {
        arrayHeader(n, false, OID_INT2, 2 * n);
        for (int i = 0; i < n; i++) {
            putInt(2);
            putShort(v[i]);
        }
        return this;
    }

    /** int8[] of the first n values; elements where {@code present[i]} is false are NULL. */
    CopyBuffer int8Array(long[] v, boolean[] present, int n) {
        int nulls = countAbsent(present, n);
        arrayHeader(n, nulls > 0, OID_INT8, 8 * (n - nulls));
        for (int i = 0; i < n; i++) {
            if (present[i]) {
                putInt(8);
                putLong(v[i]);
            } else {
                putInt(-1);
            }
        }
        return this;
    }

    /** float8[] of the first n values; NaN elements are NULL (the ingest never stores a NaN). */
    CopyBuffer float8Array(double[] v, int n) {
        int nulls = 0;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                nulls++;
            }
        }
        arrayHeader(n, nulls > 0, OID_FLOAT8, 8 * (n - nulls));
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                putInt(-1);
            } else {
                putInt(8);
                putLong(Double.doubleToRawLongBits(v[i]));
            }
        }
        return this;
    }

    private static int countAbsent(boolean[] present, int n) {
        int nulls = 0;
        for (int i = 0; i < n; i++) {
            if (!present[i]) {
                nulls++;
            }
        }
        return nulls;
    }

    private void arrayHeader(int n, boolean nulls, int oid, int dataBytes) {
        // length of the whole array value: header, then a length word per element, then the data
        int headerBytes = n == 0 ? 12 : 20;
        putInt(headerBytes + 4 * n + dataBytes);
        putInt(n == 0 ? 0 : 1);
        putInt(nulls ? 1 : 0);
        putInt(oid);
        if (n > 0) {
            putInt(n);
            putInt(1);
        }
    }

    /** Sends the rows with {@code copySql} (a COPY ... FROM STDIN (FORMAT binary)) and empties the buffer. */
    long copyInto(Connection c, String copySql) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        putShort(-1);
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
        try {
            in.writeToCopy(buf, 0, pos);
            return in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
            reset();
        }
    }

    /** Drops what was written (a batch that failed before its COPY). */
    void clear() {
        reset();
    }

    private void ensure(int n) {
        if (pos + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
        }
    }

    private void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
    }

    private void putShort(int v) {
        ensure(2);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putInt(int v) {
        ensure(4);
        buf[pos++] = (byte) (v >>> 24);
        buf[pos++] = (byte) (v >>> 16);
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    private void putLong(long v) {
        putInt((int) (v >>> 32));
        putInt((int) v);
    }
}
