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
 * otherwise. Only the types the ingest writes; values are packed into bytea fields (see
 * {@link SampleCodec}) because PostgreSQL receives an array element by element, which cost more than
 * the rest of the row. Not thread-safe; reusable after {@link #copyInto}.
 */
final class CopyBuffer {

    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0, 0, 0, 0, 0, 0,
        0, 0, 0};
    /** Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01. */
    private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

    private byte[] buf = new byte[1 << 16];
    private int pos;
    private int rows;

    CopyBuffer() {
        reset();
    }

    private void reset() {
        pos = 0;
        rows = 0;
        ensure(HEADER.length);
        put(HEADER, 0, HEADER.length);
    }

    private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.BIG_ENDIAN);
    private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.BIG_ENDIAN);

    int rows() {
        return rows;
    }

    CopyBuffer row(int fields) {
        rows++;
        ensure(2);
        putShort(fields);
        return this;
    }

    CopyBuffer int4(int v) {
        ensure(8);
        putInt(4);
        putInt(v);
        return this;
    }

    CopyBuffer int8(long v) {
        ensure(12);
        putInt(8);
        putLong(v);
        return this;
    }

    CopyBuffer float8(double v) {
        ensure(12);
        putInt(8);
        putDouble(v);
        return this;
    }

    /** A NULL field. */
    CopyBuffer nul() {
        ensure(4);
        putInt(-1);
        return this;
    }

    /** Starts a one-dimensional int4[] of {@code n} elements, then written with {@link #arrayInt4}. */
    CopyBuffer int4Array(int n) {
        return array(n, INT4_OID, 8);
    }

    /** Starts a one-dimensional float8[] of {@code n} elements, then written with {@link #arrayFloat8}. */
    CopyBuffer float8Array(int n) {
        return array(n, FLOAT8_OID, 12);
    }

    CopyBuffer arrayInt4(int v) {
        putInt(4);
        return putInt(v);
    }

    CopyBuffer arrayFloat8(double v) {
        putInt(8);
        return putDouble(v);
    }

    private static final int INT4_OID = 23;
    private static final int FLOAT8_OID = 701;

    /** array_send's layout: dimensions, has-nulls, element type, then per dimension its size and lower bound (1). */
    private CopyBuffer array(int n, int elementOid, int elementBytes) {
        int length = 20 + n * elementBytes;
        ensure(4 + length);
        putInt(length);
        putInt(1);
        putInt(0);
        putInt(elementOid);
        putInt(n);
        return putInt(1);
    }

    CopyBuffer timestamptz(long epochMicros) {
        return int8(epochMicros - PG_EPOCH_MICROS);
    }

    CopyBuffer text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + b.length);
        putInt(b.length);
        put(b, 0, b.length);
        return this;
    }

    /**
     * Starts a bytea field of {@code length} bytes and makes room for it; the caller then writes exactly
     * that many with the put methods (which, for speed, do not check the room themselves).
     */
    CopyBuffer bytea(int length) {
        ensure(4 + length);
        putInt(length);
        return this;
    }

    CopyBuffer putByte(int v) {
        buf[pos++] = (byte) v;
        return this;
    }

    CopyBuffer putDouble(double v) {
        putLong(Double.doubleToRawLongBits(v));
        return this;
    }

    /** Sends the rows with {@code copySql} (a COPY ... FROM STDIN (FORMAT binary)) and empties the buffer. */
    long copyInto(Connection c, String copySql) throws SQLException {
        if (rows == 0) {
            return 0;
        }
        ensure(2);
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

    /** Bytes inside a field whose room was made ({@link #bytea}). */
    CopyBuffer put(byte[] b, int off, int len) {
        System.arraycopy(b, off, buf, pos, len);
        pos += len;
        return this;
    }

    private void putShort(int v) {
        buf[pos++] = (byte) (v >>> 8);
        buf[pos++] = (byte) v;
    }

    CopyBuffer putInt(int v) {
        INT.set(buf, pos, v);
        pos += 4;
        return this;
    }

    CopyBuffer putLong(long v) {
        LONG.set(buf, pos, v);
        pos += 8;
        return this;
    }
}
