package io.appfleet.telemetry.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ExportedMetricsTest {

    private static final String SCRAPE = """
            # HELP fleet_device_up 1 when the adapter reaches the device
            # TYPE fleet_device_up gauge
            fleet_device_up{device="sw1",platform="iosxe",site="ams"} 1.0
            fleet_device_up{device="sw2",platform="iosxe",site="a \\"quoted\\", site"} 0.0
            # TYPE fleet_telemetry_ingest_lag_seconds histogram
            fleet_telemetry_ingest_lag_seconds_bucket{le="0.5"} 3
            fleet_telemetry_ingest_lag_seconds_bucket{le="+Inf"} 4
            fleet_telemetry_ingest_lag_seconds_count 4
            fleet_telemetry_ingest_lag_seconds_sum 1.25
            fleet_telemetry_samples_ingested_total 42.0 1700000000000
            """;

    @Test
    void readsNamesLabelsAndValues() {
        ExportedMetrics m = ExportedMetrics.parse(SCRAPE);
        assertThat(m.names()).containsExactly("fleet_device_up", "fleet_telemetry_ingest_lag_seconds_bucket",
                "fleet_telemetry_ingest_lag_seconds_count", "fleet_telemetry_ingest_lag_seconds_sum",
                "fleet_telemetry_samples_ingested_total");
        assertThat(m.labelValues("fleet_device_up", "site")).containsExactly("a \"quoted\", site", "ams");
        assertThat(m.samples().get(0).value()).isEqualTo("1.0");
        assertThat(m.samples().get(6).value()).as("timestamp dropped").isEqualTo("42.0");
    }

    @Test
    void aHistogramsBaseNameAndItsSeriesAreExported() {
        ExportedMetrics m = ExportedMetrics.parse(SCRAPE);
        assertThat(m.exports("fleet_telemetry_ingest_lag_seconds")).isTrue();
        assertThat(m.exports("fleet_telemetry_ingest_lag_seconds_bucket")).isTrue();
        assertThat(m.exports("fleet_device_up")).isTrue();
        assertThat(m.exports("fleet_device")).isFalse();
        assertThat(m.exports("fleet_telemetry_ingest_lag")).isFalse();
    }

    @Test
    void findsSeriesByLabelValue() {
        ExportedMetrics m = ExportedMetrics.parse(SCRAPE);
        assertThat(m.hasSeries("fleet_device_up", "device", "sw2")).isTrue();
        assertThat(m.hasSeries("fleet_device_up", "device", "sw3")).isFalse();
        assertThat(m.hasSeries("fleet_telemetry_samples_ingested_total", "device", "sw1")).isFalse();
    }

    @Test
    void refusesWhatIsNotASample() {
        assertThatThrownBy(() -> ExportedMetrics.parse("fleet_device_up{device=sw1} 1"))
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> ExportedMetrics.parse("# ok\nfleet_device_up")).hasMessageContaining("line 2");
    }
}
