package io.appfleet.telemetry.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** deploy/grafana/dashboards: the dashboards, parsed, with their queries. */
final class GrafanaDashboards {

    static final String DIR = "deploy/grafana/dashboards";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A PromQL query of a dashboard: a panel target's expr, or a query variable's query. */
    record Query(Path file, String where, String expr, boolean variable) {
        Set<String> metricNames() {
            return variable ? PromQl.variableQueryMetricNames(expr) : PromQl.metricNames(expr);
        }
    }

    private GrafanaDashboards() {
    }

    static List<Path> files() {
        return Repo.files(DIR, ".json");
    }

    static JsonNode parse(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot parse " + file, e);
        }
    }

    /** Every panel, rows' nested panels included. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        collect(dashboard.path("panels"), out);
        return out;
    }

    private static void collect(JsonNode panels, List<JsonNode> out) {
        for (JsonNode p : panels) {
            out.add(p);
            collect(p.path("panels"), out);
        }
    }

    static List<JsonNode> variables(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        dashboard.path("templating").path("list").forEach(out::add);
        return out;
    }

    static List<Query> queries(Path file) {
        JsonNode d = parse(file);
        List<Query> out = new ArrayList<>();
        for (JsonNode p : panels(d)) {
            for (JsonNode t : p.path("targets")) {
                if (t.hasNonNull("expr")) {
                    out.add(new Query(file, "panel '" + p.path("title").asText() + "' target " + t.path("refId").asText(),
                            t.get("expr").asText(), false));
                }
            }
        }
        for (JsonNode v : variables(d)) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                String text = q.isTextual() ? q.asText() : q.path("query").asText();
                out.add(new Query(file, "variable $" + v.path("name").asText(), text, true));
            }
        }
        return out;
    }

    static List<Query> queries() {
        List<Query> all = new ArrayList<>();
        files().forEach(f -> all.addAll(queries(f)));
        return all;
    }

    /** Every metric name the dashboards' queries read. */
    static Set<String> metricNamesUsed() {
        Set<String> names = new TreeSet<>();
        queries().forEach(q -> names.addAll(q.metricNames()));
        return names;
    }
}
