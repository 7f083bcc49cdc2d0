package io.appfleet.telemetry.scrape;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import io.prometheus.client.Info;
import io.prometheus.client.Summary;
import io.prometheus.client.exporter.common.TextFormat;

/** TextExposition writes the very bytes of simpleclient's TextFormat.write004. */
class TextExpositionTest {

    @Test
    void everyTypeHostileLabelsAndHelpTextWriteWhatWrite004Writes() throws Exception {
        CollectorRegistry registry = new CollectorRegistry();
        Counter.build("fleet_things", "Things \\ counted\nover two lines").labelNames("device", "class")
                .register(registry).labels("sw-\"1\"", "a\\b\nc").inc(3);
        Counter plain = Counter.build("fleet_plain_total", "No labels").register(registry);
        plain.inc(12_345_678.5);
        Gauge g = Gauge.build("fleet_gauge", "Gauges of all sizes: ünïcode hélp").labelNames("site")
                .register(registry);
        double[] values = {0, -0.0, 1, -1, 9_999_999, 10_000_000, 1e-5, 123.456, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Long.MAX_VALUE, Long.MIN_VALUE, 4.9e-324,
            Double.MAX_VALUE, 1e22, -2.5e-7};
        for (int i = 0; i < values.length; i++) {
            g.labels("site-" + i + "-zürich-\uD83D\uDE80").set(values[i]);
        }
        Histogram h = Histogram.build("fleet_lag_seconds", "Lag").buckets(0.1, 1, 10).register(registry);
        h.observe(0.05);
        h.observe(3);
        Summary.build("fleet_sizes_bytes", "Sizes").quantile(0.5, 0.05).register(registry).observe(42);
        Info.build("fleet_build", "Build").register(registry).info("version", "1.0");
        registry.register(new Collector() {
            @Override
            public List<MetricFamilySamples> collect() {
                return List.of(new MetricFamilySamples("fleet_stamped", Type.UNKNOWN, "With timestamps",
                        List.of(new MetricFamilySamples.Sample("fleet_stamped", List.of(), List.of(), 7, 1_700_000_000_000L),
                                new MetricFamilySamples.Sample("fleet_stamped{device=\"pre-rendered\"}", List.of(),
                                        List.of(), 8))));
            }
        });

        assertThat(exposition(registry)).isEqualTo(write004(registry)).contains("fleet_things_created");
    }

    @Test
    void valuesAreSpelledAsDoubleToGoStringSpellsThem() {
        SplittableRandom random = new SplittableRandom(7);
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            values.add(switch (i % 4) {
                case 0 -> (double) random.nextLong(-20_000_000, 20_000_000) * (i % 3 == 0 ? 1 : 1L << random.nextInt(30));
                case 1 -> random.nextDouble() * Math.pow(10, random.nextInt(-12, 24));
                case 2 -> Double.longBitsToDouble(random.nextLong());
                default -> (double) random.nextInt(1000) / 8;
            });
        }
        values.addAll(List.of(1e7, -1e7, 9007199254740991.0, 9007199254740992.0, 4503599627370496.5, 1e15, 1.5e8, 100000001.0));
        for (double v : values) {
            TextExposition t = new TextExposition(0);
            t.value(v);
            assertThat(t.asString()).as("bits %x", Double.doubleToRawLongBits(v)).isEqualTo(Collector.doubleToGoString(v));
        }
    }

    @Test
    void directSamplesAndFamiliesAreWhatACollectorsWouldBe() {
        CollectorRegistry counters = new CollectorRegistry();
        Counter c = Counter.build("fleet_direct_bytes", "Bytes \\ sent\nsomewhere").labelNames("device", "class")
                .register(counters);
        c.labels("sw-\"1\"", "zürich\\x").inc(123_456_789);
        CollectorRegistry gauges = new CollectorRegistry();
        Gauge g = Gauge.build("fleet_direct_ratio", "Ratio").register(gauges);
        g.set(0.25);
        String expected = (write004(counters) + write004(gauges)).replace(",}", "}");

        TextExposition t = new TextExposition(0);
        t.family("fleet_direct_bytes", Collector.Type.COUNTER, "Bytes \\ sent\nsomewhere");
        t.sample("fleet_direct_bytes_total".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                TextExposition.labels("device", "sw-\"1\"", "class", "zürich\\x"), 123_456_789);
        t.family("fleet_direct_ratio", Collector.Type.GAUGE, "Ratio");
        t.sample("fleet_direct_ratio".getBytes(java.nio.charset.StandardCharsets.US_ASCII), new byte[0], 0.25);
        assertThat(expected).contains("fleet_direct_bytes_total{");
        assertThat(t.asString()).isEqualTo(expected.replaceAll("(?m)^fleet_direct_bytes_created.*\n", "")
                .replaceAll("(?s)# HELP fleet_direct_bytes_created.*?# TYPE fleet_direct_bytes_created gauge\n", ""));
    }

    @Test
    void startsSmallAndGrows() {
        CollectorRegistry registry = new CollectorRegistry();
        Gauge g = Gauge.build("fleet_many", "Many series").labelNames("device").register(registry);
        for (int i = 0; i < 5_000; i++) {
            g.labels("device-" + i).set(i);
        }
        TextExposition t = new TextExposition(0).write(registry.metricFamilySamples());
        assertThat(t.size()).isGreaterThan(100_000);
        assertThat(t.asString()).isEqualTo(write004(registry));
    }

    private static String exposition(CollectorRegistry registry) {
        return new TextExposition(16).write(registry.metricFamilySamples()).asString();
    }

    private static String write004(CollectorRegistry registry) {
        StringWriter w = new StringWriter();
        try {
            TextFormat.write004(w, registry.metricFamilySamples());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
        return w.toString();
    }
}
