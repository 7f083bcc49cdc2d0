package io.appfleet.telemetry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * deploy/grafana without a Grafana (Debian has none): the dashboards are classic dashboard JSON that any
 * Grafana imports, pick their Prometheus through the datasource variable, define every variable they
 * use, and every query is PromQL that Prometheus's own parser (promtool) accepts. Whether the metrics
 * exist is ExportedMetricsIT's question, against a real scrape of telemetry.
 */
class GrafanaDashboardsTest {

    private static final String DATASOURCE = "${datasource}";
    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9_]+)[^}]*}|\\$([A-Za-z0-9_]+)|\\[\\[([A-Za-z0-9_]+)]]");

    @TempDir
    Path tempDir;

    @Test
    void theFiveDashboardsAreThere() {
        Set<String> titles = new HashSet<>();
        GrafanaDashboards.files().forEach(f -> titles.add(GrafanaDashboards.parse(f).path("title").asText()));
        assertThat(titles).containsExactlyInAnyOrder("appfleet / Fleet overview", "appfleet / Rollouts",
                "appfleet / Device detail", "appfleet / CPP drops", "appfleet / Guest stats");
    }

    @Test
    void everyDashboardIsAClassicDashboardModelWithAStableUniqueUid() {
        Set<String> uids = new HashSet<>();
        for (Path f : GrafanaDashboards.files()) {
            JsonNode d = GrafanaDashboards.parse(f);
            String what = f.getFileName().toString();
            assertThat(d.path("uid").asText()).as(what + " uid").matches("[a-z0-9-]{1,40}");
            assertThat(uids.add(d.path("uid").asText())).as(what + " uid is unique").isTrue();
            assertThat(d.path("id").isMissingNode() || d.path("id").isNull()).as(what + " has no instance id").isTrue();
            assertThat(d.path("schemaVersion").asInt()).as(what + " schemaVersion").isGreaterThanOrEqualTo(36);
            assertThat(d.path("title").asText()).as(what + " title").startsWith("appfleet / ");
            assertThat(d.path("tags").toString()).as(what + " tags").contains("\"appfleet\"");
            assertThat(d.path("description").asText()).as(what + " description").isNotBlank();

            Set<Integer> ids = new HashSet<>();
            List<JsonNode> panels = GrafanaDashboards.panels(d);
            assertThat(panels).as(what + " panels").isNotEmpty();
            for (JsonNode p : panels) {
                String panel = what + " panel '" + p.path("title").asText() + "'";
                assertThat(ids.add(p.path("id").asInt())).as(panel + " id is unique").isTrue();
                JsonNode grid = p.path("gridPos");
                assertThat(grid.path("x").asInt() + grid.path("w").asInt()).as(panel + " fits in 24 columns")
                        .isBetween(1, 24);
                assertThat(grid.path("h").asInt()).as(panel + " height").isPositive();
                if (!p.path("type").asText().equals("row")) {
                    assertThat(p.path("targets")).as(panel + " targets").isNotEmpty();
                    assertThat(p.path("description").asText()).as(panel + " description").isNotBlank();
                }
            }
        }
    }

    @Test
    void everyPanelAndQueryVariableTakesItsPrometheusFromTheDatasourceVariable() {
        for (Path f : GrafanaDashboards.files()) {
            JsonNode d = GrafanaDashboards.parse(f);
            String what = f.getFileName().toString();
            List<JsonNode> vars = GrafanaDashboards.variables(d);
            assertThat(vars).as(what + " variables").isNotEmpty();
            assertThat(vars.get(0).path("name").asText()).as(what + " first variable").isEqualTo("datasource");
            assertThat(vars.get(0).path("type").asText()).isEqualTo("datasource");
            assertThat(vars.get(0).path("query").asText()).isEqualTo("prometheus");
            for (JsonNode p : GrafanaDashboards.panels(d)) {
                if (p.path("type").asText().equals("row")) {
                    continue;
                }
                String panel = what + " panel '" + p.path("title").asText() + "'";
                assertThat(p.path("datasource").path("type").asText()).as(panel).isEqualTo("prometheus");
                assertThat(p.path("datasource").path("uid").asText()).as(panel).isEqualTo(DATASOURCE);
                for (JsonNode t : p.path("targets")) {
                    assertThat(t.path("datasource").path("uid").asText()).as(panel + " target").isEqualTo(DATASOURCE);
                    assertThat(t.path("expr").asText()).as(panel + " target expr").isNotBlank();
                }
            }
            for (JsonNode v : vars) {
                if (v.path("type").asText().equals("query")) {
                    assertThat(v.path("datasource").path("uid").asText()).as(what + " $" + v.path("name").asText())
                            .isEqualTo(DATASOURCE);
                }
            }
        }
    }

    @Test
    void everyVariableAQueryOrTitleUsesIsDefined() {
        for (Path f : GrafanaDashboards.files()) {
            JsonNode d = GrafanaDashboards.parse(f);
            Set<String> defined = new HashSet<>();
            GrafanaDashboards.variables(d).forEach(v -> defined.add(v.path("name").asText()));
            List<String> texts = new ArrayList<>();
            GrafanaDashboards.queries(f).forEach(q -> texts.add(q.expr()));
            GrafanaDashboards.panels(d).forEach(p -> texts.add(p.path("title").asText()));
            for (String text : texts) {
                Matcher m = VARIABLE.matcher(text);
                while (m.find()) {
                    String name = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
                    if (!name.startsWith("__")) { // Grafana's own: $__rate_interval, $__interval, ...
                        assertThat(defined).as(f.getFileName() + ": '" + text + "' uses $" + name).contains(name);
                    }
                }
            }
        }
    }

    @Test
    void promtoolParsesEveryQuery() throws IOException {
        // Each query as a recording rule, Grafana's variables replaced by what Grafana would send.
        Map<String, GrafanaDashboards.Query> byRecord = new LinkedHashMap<>();
        ArrayNode rules = RuleFiles.YAML.createArrayNode();
        for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
            String expr = q.variable() ? variableExpression(q.expr()) : q.expr();
            if (expr == null) {
                continue;
            }
            String record = "dashboard:query_" + byRecord.size();
            byRecord.put(record, q);
            ObjectNode r = rules.addObject();
            r.put("record", record);
            r.put("expr", substituteVariables(expr));
        }
        ObjectNode doc = RuleFiles.YAML.createObjectNode();
        doc.putArray("groups").addObject().put("name", "dashboards").set("rules", rules);
        Path file = tempDir.resolve("dashboard-queries.yml");
        RuleFiles.YAML.writeValue(file.toFile(), doc);

        Promtool.Result r = Promtool.run(tempDir, "check", "rules", file.getFileName().toString());
        StringBuilder where = new StringBuilder();
        byRecord.forEach((record, q) -> where.append('\n').append(record).append(" = ").append(q.file().getFileName())
                .append(' ').append(q.where()).append(": ").append(q.expr()));
        assertThat(r.ok()).as(r.describe() + "\nqueries:" + where).isTrue();
        assertThat(byRecord).hasSizeGreaterThan(40);
    }

    @Test
    void queriesReadOnlyFleetMetricsAndUp() {
        // The real check, against a scrape of telemetry, is ExportedMetricsIT; this one fails fast.
        for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
            if (!q.variable()) {
                assertThat(q.metricNames()).as(q.file().getFileName() + " " + q.where() + ": " + q.expr()).isNotEmpty();
            }
            assertThat(q.metricNames()).as(q.file().getFileName() + " " + q.where())
                    .allSatisfy(n -> assertThat(n).matches("up|fleet_[a-z0-9_]+"));
        }
    }

    @Test
    void theProvisioningFilesGiveAPrometheusDatasourceAndAFileProviderForTheDashboards() {
        JsonNode ds = RuleFiles.parse(Repo.path("deploy/grafana/provisioning/datasources/appfleet.yaml"));
        assertThat(ds.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(ds.path("datasources")).anySatisfy(d -> {
            assertThat(d.path("type").asText()).isEqualTo("prometheus");
            assertThat(d.path("url").asText()).startsWith("http");
            assertThat(d.path("access").asText()).isEqualTo("proxy");
        });
        JsonNode dash = RuleFiles.parse(Repo.path("deploy/grafana/provisioning/dashboards/appfleet.yaml"));
        assertThat(dash.path("apiVersion").asInt()).isEqualTo(1);
        assertThat(dash.path("providers")).singleElement().satisfies(p -> {
            assertThat(p.path("type").asText()).isEqualTo("file");
            assertThat(p.path("folder").asText()).isEqualTo("appfleet");
            assertThat(p.path("options").path("path").asText()).startsWith("/");
        });
    }

    /** The PromQL inside a variable query (label_values(expr, label), query_result(expr)), or null. */
    private static String variableExpression(String query) {
        String q = query.strip();
        if (q.startsWith("label_values(")) {
            String args = q.substring("label_values(".length(), q.length() - 1);
            int comma = args.lastIndexOf(',');
            return comma < 0 ? null : args.substring(0, comma);
        }
        if (q.startsWith("query_result(")) {
            return q.substring("query_result(".length(), q.length() - 1);
        }
        return q;
    }

    private static String substituteVariables(String expr) {
        return expr.replace("$__rate_interval", "2m").replace("$__interval", "30s").replace("$__range", "6h")
                .replaceAll("\\$\\{[A-Za-z0-9_]+[^}]*}|\\$[A-Za-z0-9_]+", "x");
    }
}
