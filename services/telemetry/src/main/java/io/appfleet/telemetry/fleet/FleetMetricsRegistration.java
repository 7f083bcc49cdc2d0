package io.appfleet.telemetry.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Puts {@link FleetMetrics} on the Prometheus registry that Micrometer's Prometheus registry scrapes
 * for /q/metrics (Quarkus 3.37's micrometer-registry-prometheus-simpleclient: a simpleclient
 * {@code CollectorRegistry}).
 */
@ApplicationScoped
public class FleetMetricsRegistration {

    @Inject
    PrometheusMeterRegistry prometheus;
    @Inject
    FleetView view;
    @Inject
    StepStats steps;
    @Inject
    ConsumerStats consumers;

    void onStart(@Observes StartupEvent event) {
        prometheus.getPrometheusRegistry().register(new FleetMetrics(view, steps, consumers));
    }
}
