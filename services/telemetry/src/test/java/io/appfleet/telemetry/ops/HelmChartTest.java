package io.appfleet.telemetry.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

/**
 * helm/appfleet rendered and linted by Helm's own Go code (helm-java; there is no helm binary here):
 * values validated against values.schema.json, the PrometheusRule carrying exactly the groups of
 * deploy/prometheus/rules. Not covered: the PrometheusRule against the operator's CRD schema and an
 * install into a cluster (no cluster, no kubeconform here).
 */
class HelmChartTest {

    private static final Path CHART = Repo.path("helm/appfleet");
    private static final String CHART_RULES = "helm/appfleet/files/rules";
    /** Rendering checks the chart's kubeVersion constraint; this is the kubectl on these machines. */
    private static final String KUBE_VERSION = "v1.32.4";

    @TempDir
    Path tempDir;

    @Test
    void theChartsRuleFilesAreByteIdenticalCopiesOfDeployPrometheusRules() throws IOException {
        List<String> source = RuleFiles.files().stream().map(p -> p.getFileName().toString()).toList();
        List<String> copies = Repo.files(CHART_RULES, ".yml", ".yaml").stream().map(p -> p.getFileName().toString())
                .toList();
        assertThat(copies).as("files in %s (copy them from %s)", CHART_RULES, RuleFiles.DIR)
                .containsExactlyElementsOf(source);
        for (String name : source) {
            Path original = Repo.path(RuleFiles.DIR).resolve(name);
            Path copy = Repo.path(CHART_RULES).resolve(name);
            assertThat(Files.mismatch(original, copy)).as("%s differs from %s: cp %s %s", copy, original,
                    Repo.root().relativize(original), Repo.root().relativize(copy)).isEqualTo(-1L);
        }
    }

    @Test
    void helmLintFindsNothingInStrictMode() {
        LintResult lint = new Helm(CHART).lint().strict().call();
        assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
        assertThat(lint.getMessages()).as("helm lint --strict messages").noneMatch(m -> m.contains("[WARNING]")
                || m.contains("[ERROR]"));
    }

    @Test
    void theDefaultValuesRenderNoPrometheusRule() {
        List<JsonNode> docs = render(template());
        assertThat(docs).noneMatch(d -> "PrometheusRule".equals(d.path("kind").asText()));
    }

    @Test
    void enabledItRendersAPrometheusRuleWithTheGroupsOfDeployPrometheusRules() throws IOException {
        List<JsonNode> docs = render(template().withName("fleet-prod").withNamespace("appfleet")
                .set("prometheusRule.enabled", true)
                .set("prometheusRule.namespace", "monitoring")
                .set("prometheusRule.additionalLabels.release", "kube-prometheus-stack"));
        List<JsonNode> rules = docs.stream().filter(d -> "PrometheusRule".equals(d.path("kind").asText())).toList();
        assertThat(rules).hasSize(1);
        JsonNode rule = rules.get(0);
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("metadata").path("name").asText()).isEqualTo("fleet-prod-appfleet");
        assertThat(rule.path("metadata").path("namespace").asText()).isEqualTo("monitoring");
        JsonNode labels = rule.path("metadata").path("labels");
        assertThat(labels.path("release").asText()).isEqualTo("kube-prometheus-stack");
        assertThat(labels.path("app.kubernetes.io/part-of").asText()).isEqualTo("fleet");
        assertThat(labels.path("app.kubernetes.io/instance").asText()).isEqualTo("fleet-prod");
        assertThat(labels.path("helm.sh/chart").asText()).isEqualTo("appfleet-0.1.0");

        JsonNode groups = rule.path("spec").path("groups");
        assertThat(groups.isArray()).as("spec.groups is a list: %s", rule.path("spec")).isTrue();
        assertThat(groups).as("spec.groups, as parsed, against the groups of %s", RuleFiles.DIR)
                .isEqualTo(RuleFiles.groups());
        // The alerts' own templates reach Prometheus untouched by Helm.
        assertThat(groups.toString()).contains("{{ $labels.device }}").contains("{{ $value | humanize }}");

        // What the operator hands to Prometheus: the spec as a rule file.
        Path ruleFile = tempDir.resolve("prometheusrule-spec.yml");
        RuleFiles.YAML.writeValue(ruleFile.toFile(), rule.path("spec"));
        Promtool.Result check = Promtool.run(tempDir, "check", "rules", ruleFile.getFileName().toString());
        assertThat(check.ok()).as(check.describe()).isTrue();
    }

    @Test
    void theReleaseNamespaceIsTheDefaultAndAReleaseNamedAfterTheChartIsNotRepeated() {
        JsonNode rule = render(template().withName("appfleet").withNamespace("ops")
                .set("prometheusRule.enabled", true)).stream()
                .filter(d -> "PrometheusRule".equals(d.path("kind").asText())).findFirst().orElseThrow();
        assertThat(rule.path("metadata").path("name").asText()).isEqualTo("appfleet");
        assertThat(rule.path("metadata").path("namespace").asText()).isEqualTo("ops");
    }

    @Test
    void valuesOutsideTheSchemaAreRefused() {
        assertThatThrownBy(() -> template().set("prometheusRule.enabled", "sometimes").call())
                .hasMessageContaining("enabled");
        assertThatThrownBy(() -> template().set("prometheusRule.enable", true).call())
                .hasMessageContaining("enable");
        assertThatThrownBy(() -> template().set("prometheusRule.enabled", true)
                .set("prometheusRule.namespace", "Not_A_Namespace").call())
                .hasMessageContaining("namespace");
    }

    private static TemplateCommand template() {
        return new Helm(CHART).template().withKubeVersion(KUBE_VERSION);
    }

    private static List<JsonNode> render(TemplateCommand command) {
        String yaml = command.call();
        List<JsonNode> docs = new ArrayList<>();
        if (yaml == null || yaml.isBlank()) {
            return docs; // helm-java returns null when nothing renders
        }
        try (MappingIterator<JsonNode> it = RuleFiles.YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode d = it.next();
                if (d != null && !d.isNull() && !d.isMissingNode()) {
                    docs.add(d);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("helm template rendered unparsable YAML:\n" + yaml, e);
        }
        return docs;
    }
}
