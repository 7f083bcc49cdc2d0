package io.appfleet.telemetry.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** A scrape in the Prometheus text format, read back: which series it has, with their labels. */
final class ExportedMetrics {

    /** One sample line: name, labels, value. */
    record Sample(String name, Map<String, String> labels, String value) {
    }

    /** Suffixes of the series a histogram (or summary) is exposed as. */
    private static final List<String> HISTOGRAM_SUFFIXES = List.of("_bucket", "_sum", "_count");

    private final List<Sample> samples;
    private final Set<String> names = new TreeSet<>();

    private ExportedMetrics(List<Sample> samples) {
        this.samples = Collections.unmodifiableList(samples);
        samples.forEach(s -> names.add(s.name()));
    }

    static ExportedMetrics parse(String exposition) {
        List<Sample> samples = new ArrayList<>();
        int lineNo = 0;
        for (String line : exposition.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            samples.add(sample(l, lineNo));
        }
        return new ExportedMetrics(samples);
    }

    /** Series names in the scrape, sorted. */
    Set<String> names() {
        return Collections.unmodifiableSet(names);
    }

    List<Sample> samples() {
        return samples;
    }

    /**
     * Whether a query naming {@code name} finds it in this scrape: the series itself, or for a histogram's
     * base name its _bucket, _sum or _count series.
     */
    boolean exports(String name) {
        return names.contains(name) || HISTOGRAM_SUFFIXES.stream().anyMatch(s -> names.contains(name + s));
    }

    /** Whether some series of {@code name} has the label with exactly that value. */
    boolean hasSeries(String name, String label, String value) {
        return samples.stream().anyMatch(s -> s.name().equals(name) && value.equals(s.labels().get(label)));
    }

    /** The values of one label across a metric's series, sorted. */
    Set<String> labelValues(String name, String label) {
        Set<String> values = new TreeSet<>();
        samples.stream().filter(s -> s.name().equals(name) && s.labels().containsKey(label))
                .forEach(s -> values.add(s.labels().get(label)));
        return values;
    }

    private static Sample sample(String l, int lineNo) {
        int i = 0;
        while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ') {
            i++;
        }
        String name = l.substring(0, i);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < l.length() && l.charAt(i) == '{') {
            i++;
            while (i < l.length() && l.charAt(i) != '}') {
                int eq = l.indexOf('=', i);
                if (eq < 0 || eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
                    throw new IllegalArgumentException("line " + lineNo + ": bad label in: " + l);
                }
                String label = l.substring(i, eq).strip();
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; j < l.length() && l.charAt(j) != '"'; j++) {
                    char c = l.charAt(j);
                    if (c == '\\' && j + 1 < l.length()) {
                        char n = l.charAt(++j);
                        v.append(n == 'n' ? '\n' : n);
                    } else {
                        v.append(c);
                    }
                }
                labels.put(label, v.toString());
                i = j + 1;
                if (i < l.length() && l.charAt(i) == ',') {
                    i++;
                }
            }
            i++; // }
        }
        String rest = l.substring(Math.min(i, l.length())).strip();
        if (name.isEmpty() || rest.isEmpty()) {
            throw new IllegalArgumentException("line " + lineNo + ": not a sample: " + l);
        }
        return new Sample(name, labels, rest.split("\\s+")[0]);
    }
}
