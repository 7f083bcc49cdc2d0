package io.appfleet.telemetry.scrape;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.prometheus.client.Collector;
import io.prometheus.client.Collector.MetricFamilySamples;

/**
 * The Prometheus text format 0.0.4, byte for byte as simpleclient's {@code TextFormat.write004} writes it,
 * straight into one growing byte array. {@code write004} goes through a {@code Writer}: behind Micrometer's
 * {@code scrape()} a {@code StringWriter}, whose every character is a synchronized append, then a 45 MiB String
 * encoded again for the response. With the sample metrics of 10,000 devices (half a million series) that was
 * most of a 0.5–0.9 s scrape.
 *
 * <p>Not thread-safe: one instance per scrape.
 */
public final class TextExposition {

    private byte[] out;
    private int size;

    /** @param sizeHint bytes to start with (the previous scrape's size saves growing and copying) */
    public TextExposition(int sizeHint) {
        this(new byte[Math.max(4096, sizeHint)]);
    }

    /** Writes over {@code reuse} (grown into a new array if it is too small). */
    public TextExposition(byte[] reuse) {
        out = reuse;
    }

    public byte[] array() {
        return out;
    }

    public int size() {
        return size;
    }

    public String asString() {
        return new String(out, 0, size, StandardCharsets.UTF_8);
    }

    /** Writes the families as {@code write004} does, OpenMetrics-only samples gathered in gauges at the end. */
    public TextExposition write(Enumeration<MetricFamilySamples> families) {
        Map<String, MetricFamilySamples> openMetricsOnly = new TreeMap<>();
        while (families.hasMoreElements()) {
            MetricFamilySamples family = families.nextElement();
            String suffix = family.type == Collector.Type.COUNTER ? "_total"
                    : family.type == Collector.Type.INFO ? "_info" : "";
            ascii("# HELP ").text(family.name).ascii(suffix).ascii(" ").help(family.help).ascii("\n");
            ascii("# TYPE ").text(family.name).ascii(suffix).ascii(" ").ascii(type(family.type)).ascii("\n");
            String created = family.name + "_created";
            String gcount = family.name + "_gcount";
            String gsum = family.name + "_gsum";
            for (MetricFamilySamples.Sample s : family.samples) {
                if (s.name.equals(created) || s.name.equals(gcount) || s.name.equals(gsum)) {
                    openMetricsOnly.computeIfAbsent(s.name, n -> new MetricFamilySamples(n, Collector.Type.GAUGE,
                            family.help, new ArrayList<>())).samples.add(s);
                    continue;
                }
                sample(s);
            }
        }
        if (!openMetricsOnly.isEmpty()) {
            Iterator<MetricFamilySamples> it = openMetricsOnly.values().iterator();
            write(new Enumeration<>() {
                @Override
                public boolean hasMoreElements() {
                    return it.hasNext();
                }

                @Override
                public MetricFamilySamples nextElement() {
                    return it.next();
                }
            });
        }
        return this;
    }

    /**
     * The HELP and TYPE lines of a family that a {@link DirectMetrics} writes itself ({@code name} without the
     * {@code _total} of a counter, as in simpleclient).
     */
    public TextExposition family(String name, Collector.Type type, String help) {
        String suffix = type == Collector.Type.COUNTER ? "_total" : "";
        ascii("# HELP ").text(name).ascii(suffix).ascii(" ").help(help).ascii("\n");
        return ascii("# TYPE ").text(name).ascii(suffix).ascii(" ").ascii(type(type)).ascii("\n");
    }

    /** One sample line from its name and labels already in the format's bytes ({@code {k="v",...}} or empty). */
    public TextExposition sample(byte[] name, byte[] labels, double value) {
        return sample(name, labels, 0, labels.length, value);
    }

    /** The same, the labels being {@code labels[from, to)}. */
    public TextExposition sample(byte[] name, byte[] labels, int from, int to, double value) {
        ensure(name.length + to - from + 1);
        System.arraycopy(name, 0, out, size, name.length);
        size += name.length;
        System.arraycopy(labels, from, out, size, to - from);
        size += to - from;
        out[size++] = ' ';
        return value(value).ascii("\n");
    }

    /** One sample line, its labels written from their names and values (escaped); none when {@code names} is empty. */
    public TextExposition sample(String name, List<String> names, String[] values, double value) {
        text(name);
        if (!names.isEmpty()) {
            for (int i = 0; i < names.size(); i++) {
                ascii(i == 0 ? "{" : ",").text(names.get(i)).ascii("=\"").labelValue(values[i]).ascii("\"");
            }
            ascii("}");
        }
        return ascii(" ").value(value).ascii("\n");
    }

    /** What {@code other} holds, after what this one does. */
    public TextExposition append(TextExposition other) {
        ensure(other.size);
        System.arraycopy(other.out, 0, out, size, other.size);
        size += other.size;
        return this;
    }

    /** {@code {k1="v1",k2="v2"}} with the values escaped, as the bytes {@link #sample(byte[], byte[], double)} takes. */
    public static byte[] labels(String k1, String v1, String k2, String v2) {
        TextExposition t = new TextExposition(0);
        t.ascii("{").text(k1).ascii("=\"").labelValue(v1).ascii("\",").text(k2).ascii("=\"").labelValue(v2).ascii("\"}");
        return Arrays.copyOf(t.out, t.size);
    }

    private void sample(MetricFamilySamples.Sample s) {
        text(s.name);
        List<String> names = s.labelNames;
        if (!names.isEmpty()) {
            ascii("{");
            for (int i = 0; i < names.size(); i++) {
                text(names.get(i)).ascii("=\"").labelValue(s.labelValues.get(i)).ascii("\",");
            }
            ascii("}");
        }
        ascii(" ").value(s.value);
        if (s.timestampMs != null) {
            ascii(" ").integer(s.timestampMs);
        }
        ascii("\n");
    }

    private static String type(Collector.Type type) {
        return switch (type) {
            case GAUGE, STATE_SET, INFO -> "gauge";
            case COUNTER -> "counter";
            case SUMMARY -> "summary";
            case HISTOGRAM, GAUGE_HISTOGRAM -> "histogram";
            default -> "untyped";
        };
    }

    /** Collector.doubleToGoString: Double.toString but Go's spelling of the infinities and NaN. */
    TextExposition value(double v) {
        // Counters (bytes, frames) are integral; Double.toString spells one below 2^53 from its exact digits:
        // "123.0" below 10^7, "1.2345678E7" from there. Writing those digits directly is several times faster.
        if (v == (long) v && Math.abs(v) < TWO_TO_53 && (v != 0 || Double.doubleToRawLongBits(v) == 0)) {
            return Math.abs(v) < 1e7 ? integer((long) v).ascii(".0") : scientific((long) v);
        }
        if (v == Double.POSITIVE_INFINITY) {
            return ascii("+Inf");
        }
        if (v == Double.NEGATIVE_INFINITY) {
            return ascii("-Inf");
        }
        return ascii(Double.toString(v)); // NaN included
    }

    private static final double TWO_TO_53 = 9007199254740992.0;

    /** d.dddE<n> of an integer of 8 to 16 digits, trailing zeros of the fraction dropped (but one kept). */
    private TextExposition scientific(long v) {
        if (v < 0) {
            ascii("-");
            v = -v;
        }
        int start = size;
        integer(v);
        int digits = size - start;
        int last = size - 1;
        while (last > start + 1 && out[last] == '0') {
            last--;
        }
        ensure(24);
        System.arraycopy(out, start + 1, out, start + 2, last - start);
        out[start + 1] = '.';
        size = last + 2;
        return ascii("E").integer(digits - 1);
    }

    private TextExposition integer(long v) {
        ensure(20);
        if (v < 0) {
            out[size++] = '-';
            if (v == Long.MIN_VALUE) {
                return ascii(Long.toString(v).substring(1));
            }
            v = -v;
        }
        int digits = 1;
        for (long x = v; x >= 10; x /= 10) {
            digits++;
        }
        for (int i = size + digits - 1; i >= size; i--) {
            out[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        size += digits;
        return this;
    }

    /** A string known to be ASCII (the format's own tokens). */
    private TextExposition ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            out[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    /** Names, which are ASCII in practice; anything else goes out as UTF-8. */
    private TextExposition text(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return utf8(s.substring(i));
            }
            out[size++] = (byte) c;
        }
        return this;
    }

    private TextExposition help(String s) {
        return escaped(s, false);
    }

    private TextExposition labelValue(String s) {
        return escaped(s, true);
    }

    /** Backslash and newline escaped, and in label values the double quote. */
    private TextExposition escaped(String s, boolean quote) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                utf8(s.substring(i, i + 1 + (Character.isHighSurrogate(c) && i + 1 < n ? 1 : 0)));
                i += Character.isHighSurrogate(c) && i + 1 < n ? 1 : 0;
                ensure(n - i);
            } else if (c == '\\') {
                ascii("\\\\");
                ensure(n - i);
            } else if (c == '\n') {
                ascii("\\n");
                ensure(n - i);
            } else if (c == '"' && quote) {
                ascii("\\\"");
                ensure(n - i);
            } else {
                out[size++] = (byte) c;
            }
        }
        return this;
    }

    private TextExposition utf8(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(b.length);
        System.arraycopy(b, 0, out, size, b.length);
        size += b.length;
        return this;
    }

    private void ensure(int more) {
        if (size + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, size + more));
        }
    }
}
