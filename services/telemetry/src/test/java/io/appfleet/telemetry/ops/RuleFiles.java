package io.appfleet.telemetry.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** deploy/prometheus/rules: the rule files, parsed. */
final class RuleFiles {

    static final String DIR = "deploy/prometheus/rules";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One recording or alerting rule. */
    record Rule(Path file, String group, String alert, String record, String expr, String forDuration,
            Map<String, String> labels, Map<String, String> annotations) {
        boolean isAlert() {
            return alert != null;
        }
    }

    private RuleFiles() {
    }

    static List<Path> files() {
        return Repo.files(DIR, ".yml", ".yaml");
    }

    static JsonNode parse(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** The groups of every rule file, in file name order: what a PrometheusRule made of them must contain. */
    static ArrayNode groups() {
        ArrayNode all = YAML.createArrayNode();
        for (Path f : files()) {
            all.addAll((ArrayNode) parse(f).get("groups"));
        }
        return all;
    }

    static List<Rule> rules() {
        List<Rule> out = new ArrayList<>();
        for (Path f : files()) {
            for (JsonNode g : parse(f).get("groups")) {
                for (JsonNode r : g.get("rules")) {
                    out.add(new Rule(f, g.get("name").asText(), text(r, "alert"), text(r, "record"), text(r, "expr"),
                            text(r, "for"), map(r.get("labels")), map(r.get("annotations"))));
                }
            }
        }
        return out;
    }

    /** Names the rules produce: they are not scraped, their inputs are. */
    static Set<String> recordedNames() {
        Set<String> names = new TreeSet<>();
        rules().stream().filter(r -> r.record() != null).forEach(r -> names.add(r.record()));
        return names;
    }

    /** Every metric name the rules read, less the names they record themselves. */
    static Set<String> metricNamesRead() {
        Set<String> names = new TreeSet<>();
        rules().forEach(r -> names.addAll(PromQl.metricNames(r.expr())));
        names.removeAll(recordedNames());
        return names;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> m = new LinkedHashMap<>();
        if (n != null) {
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }
}
