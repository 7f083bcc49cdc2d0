package io.appfleet.telemetry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The metric names the alert rules (deploy/prometheus/rules) and the Grafana dashboards
 * (deploy/grafana/dashboards) read, against a real scrape of the telemetry service after a small fleet
 * went through the real broker on every topic it reads ({@link FleetScenario}). The list of names comes
 * from the files, by {@link PromQl}, never from here. Also: every label value the rules and dashboards
 * select on (state="rolledback", class=~"system-cpp-police-sys-data|policer-10", ...) is a value the
 * service really exports, and the rule files fire as they should on the scraped series.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class ExportedMetricsIT {

    /** Series Prometheus makes itself for every target: not in any service's scrape. */
    private static final Set<String> PROMETHEUS_OWN = Set.of("up");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String LITERAL_ALTERNATION = "[A-Za-z0-9_.:-]+(\\|[A-Za-z0-9_.:-]+)*";
    private static ExportedMetrics settled;

    @TestHTTPResource("/q/metrics")
    URL metricsUrl;

    @Test
    void everyMetricTheRulesAndDashboardsReadIsInTheScrape() throws Exception {
        ExportedMetrics scrape = scrapeOfTheScenario();
        assertThat(missingNames(scrape))
                .as("metric names that deploy/prometheus/rules or deploy/grafana/dashboards read but a scrape of "
                        + "telemetry lacks (histograms match by _bucket/_sum/_count); the scrape has: %s",
                        fleetNames(scrape))
                .isEmpty();
    }

    @Test
    void everyLabelValueTheRulesAndDashboardsSelectIsExported() throws Exception {
        ExportedMetrics scrape = scrapeOfTheScenario();
        List<String> missing = missingLabelValues(scrape);
        assertThat(missing).as("label matchers of the rules and dashboards that select no series of the scrape")
                .isEmpty();
        assertThat(labelSelections()).as("selections checked").isNotEmpty();
    }

    @Test
    void theScenarioReachesTheAlertsInputs() throws Exception {
        // Not a test of the exporters' numbers (theirs to test), but that the alert inputs carry this scenario.
        ExportedMetrics scrape = scrapeOfTheScenario();
        assertThat(scrape.hasSeries("fleet_device_up", "device", FleetScenario.SW_DOWN)).isTrue();
        assertThat(scrape.hasSeries("fleet_app_desired_running", "device", FleetScenario.XR_DEGRADED)).isTrue();
        assertThat(scrape.hasSeries("fleet_cpp_dropped_frames_total", "device", FleetScenario.SW_OK)).isTrue();
        assertThat(scrape.labelValues("fleet_rollout_info", "deployment")).contains("ops-probe", "ops-web");
    }

    @Test
    void theAlertsFireForTheScenarioOnTheScrapedSeries() throws Exception {
        // The scenario's own series, exactly as scraped, held for 25 minutes in a promtool unit test of the real
        // rule files: the rules' joins and label sets against the exporter's, not against hand-written series.
        ExportedMetrics scrape = scrapeOfTheScenario();
        ArrayNode series = RuleFiles.YAML.createArrayNode();
        for (ExportedMetrics.Sample s : scrape.samples()) {
            boolean ours = s.labels().getOrDefault("device", "").startsWith("ops-")
                    || s.labels().getOrDefault("deployment", "").startsWith("ops-");
            if (ours && s.name().startsWith("fleet_") && !s.value().contains("NaN")) {
                series.addObject().put("series", seriesText(s)).put("values", String.join(" ", Collections.nCopies(26, s.value())));
            }
        }
        assertThat(series).as("the scenario's series in the scrape").hasSizeGreaterThan(10);
        ObjectNode test = RuleFiles.YAML.createObjectNode();
        test.put("interval", "1m");
        test.set("input_series", series);
        ArrayNode exprTests = test.putArray("promql_expr_test");
        ObjectNode devices = exprTests.addObject();
        devices.put("expr", "count by (alertname, device, app) (ALERTS{alertstate=\"firing\", device=~\"ops-.*\"})");
        devices.put("eval_time", "20m");
        ArrayNode deviceAlerts = devices.putArray("exp_samples");
        deviceAlerts.addObject().put("labels", "{alertname=\"AppNotRunning\", device=\"" + FleetScenario.XR_DEGRADED
                + "\", app=\"probe\"}").put("value", 1);
        deviceAlerts.addObject().put("labels", "{alertname=\"DeviceUnreachable\", device=\"" + FleetScenario.SW_DOWN
                + "\"}").put("value", 1);
        deviceAlerts.addObject().put("labels", "{alertname=\"DeviceUnreachable\", device=\"" + FleetScenario.INFIX_AUTH
                + "\"}").put("value", 1);
        ObjectNode rollouts = exprTests.addObject();
        rollouts.put("expr", "count by (alertname, deployment) (ALERTS{alertstate=\"firing\", deployment=~\"ops-.*\"})");
        rollouts.put("eval_time", "20m");
        ArrayNode rolloutAlerts = rollouts.putArray("exp_samples");
        rolloutAlerts.addObject().put("labels", "{alertname=\"RolloutPaused\", deployment=\"ops-web\"}").put("value", 1);
        rolloutAlerts.addObject().put("labels", "{alertname=\"RolloutFailed\", deployment=\"ops-probe\"}").put("value", 1);

        ObjectNode doc = RuleFiles.YAML.createObjectNode();
        ArrayNode ruleFiles = doc.putArray("rule_files");
        RuleFiles.files().forEach(f -> ruleFiles.add(f.toAbsolutePath().toString()));
        doc.put("evaluation_interval", "1m");
        doc.putArray("tests").add(test);
        Path dir = Files.createDirectories(Path.of("target", "ops")); // kept: the test to rerun by hand
        Path file = dir.resolve("scraped-series-test.yml");
        RuleFiles.YAML.writeValue(file.toFile(), doc);
        Promtool.Result r = Promtool.run(dir, "test", "rules", file.getFileName().toString());
        assertThat(r.ok()).as(r.describe() + "\n(test file " + file + ")").isTrue();
    }

    /** A sample as promtool's input_series notation: name{labels}, with the job and instance Prometheus adds. */
    private static String seriesText(ExportedMetrics.Sample s) {
        StringBuilder b = new StringBuilder(s.name()).append("{job=\"appfleet-telemetry\",instance=\"127.0.0.1:8084\"");
        s.labels().forEach((k, v) -> b.append(',').append(k).append("=\"")
                .append(v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"'));
        return b.append('}').toString();
    }

    private ExportedMetrics scrapeOfTheScenario() throws Exception {
        synchronized (ExportedMetricsIT.class) {
            if (settled == null) {
                FleetScenario.publish();
                // Gauges follow the compacted topics, counters the ingest: scrape until both are in, or time out
                // and let the assertions say what is missing.
                long deadline = System.nanoTime() + WAIT.toNanos();
                ExportedMetrics m = scrape();
                while (System.nanoTime() < deadline && !(missingNames(m).isEmpty() && missingLabelValues(m).isEmpty()
                        && scenarioArrived(m))) {
                    Thread.sleep(1000);
                    m = scrape();
                }
                settled = m;
            }
            return settled;
        }
    }

    private static boolean scenarioArrived(ExportedMetrics m) {
        return m.hasSeries("fleet_device_up", "device", FleetScenario.SW_DOWN)
                && m.hasSeries("fleet_cpp_dropped_frames_total", "device", FleetScenario.SW_OK)
                && m.labelValues("fleet_rollout_info", "deployment").contains("ops-web");
    }

    private ExportedMetrics scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(metricsUrl.toString()))
                .header("Accept", "text/plain").timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET /q/metrics").isEqualTo(200);
        return ExportedMetrics.parse(r.body());
    }

    static Set<String> namesRead() {
        Set<String> names = new TreeSet<>(RuleFiles.metricNamesRead());
        names.addAll(GrafanaDashboards.metricNamesUsed());
        names.removeAll(PROMETHEUS_OWN);
        return names;
    }

    private static Set<String> missingNames(ExportedMetrics scrape) {
        Set<String> missing = new TreeSet<>();
        for (String n : namesRead()) {
            if (!scrape.exports(n)) {
                missing.add(n);
            }
        }
        return missing;
    }

    /**
     * Matchers naming label values after a scraped metric, where each is written: label="value" and
     * label=~"a|b|c" of plain values (no Grafana variable, no regular expression beyond the alternation).
     */
    private static List<Selection> labelSelections() {
        List<Selection> out = new ArrayList<>();
        Function<String, Boolean> scraped = n -> !PROMETHEUS_OWN.contains(n) && !RuleFiles.recordedNames().contains(n);
        for (RuleFiles.Rule r : RuleFiles.rules()) {
            String where = r.file().getFileName() + " " + (r.isAlert() ? r.alert() : r.record());
            PromQl.labelMatchers(r.expr()).stream()
                    .filter(m -> m.metric() != null && namesValues(m) && scraped.apply(m.metric()))
                    .forEach(m -> out.add(new Selection(where, m)));
        }
        for (GrafanaDashboards.Query q : GrafanaDashboards.queries()) {
            String where = q.file().getFileName() + " " + q.where();
            PromQl.labelMatchers(q.expr()).stream()
                    .filter(m -> m.metric() != null && namesValues(m) && scraped.apply(m.metric()))
                    .forEach(m -> out.add(new Selection(where, m)));
        }
        return out;
    }

    private static boolean namesValues(PromQl.LabelMatcher m) {
        return (m.op().equals("=") && !m.value().contains("$"))
                || (m.op().equals("=~") && m.value().matches(LITERAL_ALTERNATION));
    }

    /** An exact matcher must select a series; an alternation at least one (the scenario cannot have them all). */
    private static List<String> missingLabelValues(ExportedMetrics scrape) {
        List<String> missing = new ArrayList<>();
        for (Selection s : labelSelections()) {
            PromQl.LabelMatcher m = s.matcher();
            boolean found = List.of(m.value().split("\\|")).stream()
                    .anyMatch(v -> scrape.hasSeries(m.metric(), m.label(), v));
            if (!found) {
                missing.add(s.where() + ": " + m.metric() + "{" + m.label() + m.op() + "\"" + m.value() + "\"} (exported "
                        + m.label() + " values: " + scrape.labelValues(m.metric(), m.label()) + ")");
            }
        }
        return missing;
    }

    private static Set<String> fleetNames(ExportedMetrics scrape) {
        Set<String> names = new TreeSet<>();
        scrape.names().stream().filter(n -> n.startsWith("fleet_")).forEach(names::add);
        return names;
    }

    private record Selection(String where, PromQl.LabelMatcher matcher) {
    }
}
