package io.appfleet.telemetry.scrape;

/**
 * Metrics that write their families straight into a scrape's bytes ({@link ScrapeEndpoint#register}), for the
 * hundreds of thousands of series of a fleet, where a simpleclient {@code Sample} object and label strings per
 * series per scrape cost more than the scrape's budget.
 */
public interface DirectMetrics {

    void writeTo(TextExposition out);
}
