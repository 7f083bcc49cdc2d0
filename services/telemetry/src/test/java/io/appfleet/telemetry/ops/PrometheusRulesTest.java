package io.appfleet.telemetry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * deploy/prometheus as Prometheus will load it, checked by Debian's promtool (package {@code prometheus}):
 * the scrape configuration and the rule files it loads, and the unit tests of every alert; plus what
 * promtool cannot know: each alert is tested firing and not firing, and tells the NOC what to do.
 */
class PrometheusRulesTest {

    private static final Path PROMETHEUS = Repo.path("deploy/prometheus");
    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final String RUNBOOK = "docs/telemetry-alerts.md";

    @Test
    void promtoolAcceptsTheScrapeConfigurationAndTheRuleFilesItLoads() {
        Promtool.Result r = Promtool.run(PROMETHEUS, "check", "config", "prometheus.yml");
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.output()).as(r.describe()).contains(RuleFiles.files().size() + " rule files found");
    }

    @Test
    void promtoolAcceptsEveryRuleFile() {
        List<String> args = new ArrayList<>(List.of("check", "rules"));
        RuleFiles.files().forEach(f -> args.add(PROMETHEUS.relativize(f).toString()));
        Promtool.Result r = Promtool.run(PROMETHEUS, args.toArray(String[]::new));
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.output()).as(r.describe()).doesNotContain("FAILED");
    }

    @Test
    void promtoolUnitTestsOfTheRulesPass() {
        List<String> args = new ArrayList<>(List.of("test", "rules"));
        testFiles().forEach(f -> args.add(PROMETHEUS.relativize(f).toString()));
        Promtool.Result r = Promtool.run(PROMETHEUS, args.toArray(String[]::new));
        assertThat(r.ok()).as(r.describe()).isTrue();
        assertThat(r.output()).as(r.describe()).doesNotContain("FAILED");
    }

    @Test
    void everyAlertIsUnitTestedBothFiringAndNotFiring() {
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (Path f : testFiles()) {
            JsonNode doc = RuleFiles.parse(f);
            assertThat(doc.get("rule_files")).as(f + " loads the rule files").isNotNull();
            for (JsonNode test : doc.get("tests")) {
                JsonNode alertTests = test.get("alert_rule_test");
                if (alertTests == null) {
                    continue;
                }
                for (JsonNode t : alertTests) {
                    JsonNode exp = t.get("exp_alerts");
                    (exp != null && !exp.isEmpty() ? fires : quiet).add(t.get("alertname").asText());
                }
            }
        }
        List<String> alerts = RuleFiles.rules().stream().filter(RuleFiles.Rule::isAlert).map(RuleFiles.Rule::alert)
                .toList();
        assertThat(alerts).as("alerts in %s", RuleFiles.DIR).isNotEmpty().doesNotHaveDuplicates();
        assertThat(fires).as("alerts with a promtool test where they fire").containsAll(alerts);
        assertThat(quiet).as("alerts with a promtool test where they stay quiet (exp_alerts: [])").containsAll(alerts);
    }

    @Test
    void everyAlertHasASeverityASummaryADescriptionAndARunbookSection() {
        Set<String> anchors = headingAnchors(Repo.read(Repo.path(RUNBOOK)));
        for (RuleFiles.Rule r : RuleFiles.rules()) {
            if (!r.isAlert()) {
                continue;
            }
            String what = r.alert() + " (" + r.file().getFileName() + ")";
            assertThat(r.labels().get("severity")).as(what + " severity").isIn(SEVERITIES);
            assertThat(r.annotations().get("summary")).as(what + " summary").isNotBlank();
            assertThat(r.annotations().get("description")).as(what + " description").isNotBlank()
                    .hasSizeGreaterThan(r.annotations().get("summary").length());
            String anchor = r.alert().toLowerCase(Locale.ROOT);
            assertThat(r.annotations().get("runbook_url")).as(what + " runbook_url").isEqualTo(RUNBOOK + "#" + anchor);
            assertThat(anchors).as("a section '" + r.alert() + "' in " + RUNBOOK).contains(anchor);
        }
    }

    @Test
    void recordingRulesAreNamedLevelMetricOperationsAndUsed() {
        Set<String> read = new HashSet<>();
        RuleFiles.rules().forEach(r -> read.addAll(PromQl.metricNames(r.expr())));
        for (String name : RuleFiles.recordedNames()) {
            assertThat(name).as("recording rule name").matches("[a-z_]+:[a-z_]+:[a-z0-9_]+");
            assertThat(read).as("a rule reads " + name).contains(name);
        }
    }

    @Test
    void rulesReadOnlyFleetMetricsAndUp() {
        // The real check, against a scrape of telemetry, is ExportedMetricsIT; this one fails fast.
        assertThat(RuleFiles.metricNamesRead()).isNotEmpty()
                .allSatisfy(n -> assertThat(n).matches("up|fleet_[a-z0-9_]+"));
    }

    static List<Path> testFiles() {
        return Repo.files("deploy/prometheus/tests", ".yml", ".yaml");
    }

    /** GitHub's anchors of the Markdown headings: lower case, punctuation dropped, spaces to dashes. */
    static Set<String> headingAnchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*$").matcher(markdown);
        while (m.find()) {
            anchors.add(m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-'));
        }
        return anchors;
    }
}
