package io.appfleet.telemetry.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void aSelectorNamesItsMetricAndNotItsLabels() {
        assertThat(PromQl.metricNames("fleet_device_up{device=\"sw1\", site=~\"ams|fra\"} == 0"))
                .containsExactly("fleet_device_up");
    }

    @Test
    void functionsAndAggregationsAreNotMetrics() {
        assertThat(PromQl.metricNames(
                "histogram_quantile(0.99, sum by (job, le) (rate(fleet_telemetry_ingest_lag_seconds_bucket[5m])))"))
                .containsExactly("fleet_telemetry_ingest_lag_seconds_bucket");
        assertThat(PromQl.metricNames("sum(rate(fleet_cpp_dropped_frames_total[5m])) by (device, class)"))
                .containsExactly("fleet_cpp_dropped_frames_total");
        assertThat(PromQl.metricNames("topk(10, max without (instance) (fleet_app_cpu_ratio))"))
                .containsExactly("fleet_app_cpu_ratio");
        assertThat(PromQl.metricNames("absent(up{job=\"appfleet-telemetry\"} == 1)")).containsExactly("up");
        assertThat(PromQl.metricNames("count_values(\"version\", fleet_build_info) or vector(0)"))
                .containsExactly("fleet_build_info");
    }

    @Test
    void aggregationOperatorsAreRecognisedWithTheirModifierFirst() {
        assertThat(PromQl.metricNames("count by (site) (fleet_device_up == 0) >= 3")).containsExactly("fleet_device_up");
        assertThat(PromQl.metricNames("avg without(instance)(fleet_device_up)")).containsExactly("fleet_device_up");
    }

    @Test
    void vectorMatchingKeywordsAndTheirLabelListsAreSkipped() {
        String expr = """
                (
                  fleet_app_desired_running == 1
                  unless on (device, app) fleet_app_running == 1
                )
                unless on(device) fleet_device_up == 0
                """;
        assertThat(PromQl.metricNames(expr))
                .containsExactly("fleet_app_desired_running", "fleet_app_running", "fleet_device_up");
        assertThat(PromQl.metricNames("a * on (device) group_left (platform, site) (b >= bool 0)"))
                .containsExactly("a", "b");
        assertThat(PromQl.metricNames("a / ignoring(outcome) group_right b and c or d unless e"))
                .containsExactly("a", "b", "c", "d", "e");
        assertThat(PromQl.metricNames("a * on(device) group_left b")).containsExactly("a", "b");
    }

    @Test
    void recordingRuleNamesWithColonsAreMetrics() {
        assertThat(PromQl.metricNames("device_class:fleet_cpp_dropped_frames:rate5m{class=\"system-cpp-police-sys-data\"} > 10"))
                .containsExactly("device_class:fleet_cpp_dropped_frames:rate5m");
    }

    @Test
    void numbersDurationsOffsetsAndNumberWordsAreSkipped() {
        assertThat(PromQl.metricNames("rate(a[5m] offset 1h30m) > 1e3 and b @ 1609746000 > Inf or c != NaN"))
                .containsExactly("a", "b", "c");
        assertThat(PromQl.metricNames("max_over_time(deriv(a[10m])[1h:5m]) > -0.5 * 0x1F"))
                .containsExactly("a");
        assertThat(PromQl.metricNames("a @ start() - a @ end()")).containsExactly("a");
    }

    @Test
    void stringsNeverNameMetrics() {
        assertThat(PromQl.metricNames(
                "label_replace(fleet_device_up, \"dst\", \"fake_metric $1\", \"device\", \"(sw.*)\")"))
                .containsExactly("fleet_device_up");
        assertThat(PromQl.metricNames("a{x=~`back\\tick`, y='single \\' quote'} + b{z=\"}\"}"))
                .containsExactly("a", "b");
    }

    @Test
    void grafanaVariablesAreSkippedInsideAndOutsideMatchers() {
        assertThat(PromQl.metricNames(
                "sum by (app) (rate(fleet_app_cpu_seconds_total{device=~\"$device\", app=~\"${app:regex}\"}[$__rate_interval]))"))
                .containsExactly("fleet_app_cpu_seconds_total");
        assertThat(PromQl.metricNames("topk($top, a{device=\"[[device]]\"}) * ${scale}")).containsExactly("a");
        assertThat(PromQl.metricNames("a{device=$device}")).containsExactly("a");
    }

    @Test
    void aNameMatcherNamesItsMetric() {
        assertThat(PromQl.metricNames("{__name__=\"fleet_devices\", site=\"ams\"}")).containsExactly("fleet_devices");
        assertThat(PromQl.metricNames("{__name__=~\"fleet_.*\"}")).isEmpty();
    }

    @Test
    void commentsAreSkipped() {
        assertThat(PromQl.metricNames("a # not_a_metric(here)\n + b")).containsExactly("a", "b");
    }

    @Test
    void grafanaVariableQueriesNameTheMetricsOfTheirExpressionOnly() {
        assertThat(PromQl.variableQueryMetricNames("label_values(fleet_device_up{platform=~\"$platform\"}, site)"))
                .containsExactly("fleet_device_up");
        assertThat(PromQl.variableQueryMetricNames("label_values(site)")).isEmpty();
        assertThat(PromQl.variableQueryMetricNames("metrics(fleet_.*)")).isEmpty();
        assertThat(PromQl.variableQueryMetricNames("query_result(topk(5, sum by (device) (rate(a[1h]))))"))
                .containsExactly("a");
        assertThat(PromQl.variableQueryMetricNames("label_values(a{x=\"1,2\"}, device)")).containsExactly("a");
        assertThat(PromQl.variableQueryMetricNames("sum(b)")).containsExactly("b");
    }

    @Test
    void labelMatchersAreReportedWithTheirMetric() {
        assertThat(PromQl.labelMatchers(
                "sum by (topic) (fleet_consumer_lag_records{topic!=\"fleet.telemetry.v1\"}) > 1000 "
                        + "or rate(fleet_cpp_dropped_frames_total {class=\"system-cpp-police-sys-data\", device=~\"$device\"}[5m])"
                        + " + {__name__=\"a\", job=\"x\"}"))
                .containsExactly(
                        new PromQl.LabelMatcher("fleet_consumer_lag_records", "topic", "!=", "fleet.telemetry.v1"),
                        new PromQl.LabelMatcher("fleet_cpp_dropped_frames_total", "class", "=", "system-cpp-police-sys-data"),
                        new PromQl.LabelMatcher("fleet_cpp_dropped_frames_total", "device", "=~", "$device"),
                        new PromQl.LabelMatcher(null, "__name__", "=", "a"),
                        new PromQl.LabelMatcher(null, "job", "=", "x"));
    }
}
