package io.appfleet.telemetry.fleet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.appfleet.telemetry.scrape.ScrapeEndpoint;
import io.quarkus.runtime.StartupEvent;

/** Puts {@link FleetMetrics} on /q/metrics ({@link ScrapeEndpoint}). */
@ApplicationScoped
public class FleetMetricsRegistration {

    @Inject
    ScrapeEndpoint scrape;
    @Inject
    FleetView view;
    @Inject
    StepStats steps;
    @Inject
    ConsumerStats consumers;

    void onStart(@Observes StartupEvent event) {
        scrape.register(new FleetMetrics(view, steps, consumers));
    }
}
