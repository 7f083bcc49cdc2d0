package io.appfleet.telemetry.scrape;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /q/metrics}: everything on the Prometheus registry (Micrometer's meters, the fleet metrics) and the
 * {@link DirectMetrics} (the sample metrics) in the text format 0.0.4, written by {@link TextExposition}. It takes the path of Quarkus' own handler
 * (moved to {@code /q/metrics-micrometer} in application.properties), which renders the same registry through
 * a String: fine for a service's few hundred series, too slow for a fleet's half a million.
 *
 * <p>Always the text format, whatever the {@code Accept} header asks: Prometheus takes it for any scrape
 * protocol, and it is what {@code promtool check metrics} checks.
 */
@ApplicationScoped
public class ScrapeEndpoint {

    public static final String PATH = "/q/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    @Inject
    PrometheusMeterRegistry prometheus;

    private final List<DirectMetrics> direct = new CopyOnWriteArrayList<>();

    /**
     * The array of the last scrape once sent, for the next one: 50 MB with the samples of 10,000 devices, which the
     * JVM would otherwise zero and the collector reclaim at every scrape.
     */
    private final AtomicReference<byte[]> spare = new AtomicReference<>();

    void install(@Observes Router router) {
        // Not ordered: concurrent scrapes (two Prometheus replicas) need not wait for each other.
        router.get(PATH).blockingHandler(this::scrape, false);
    }

    /** Metrics written after the registry's, in the order registered. */
    public void register(DirectMetrics metrics) {
        direct.add(metrics);
    }

    void scrape(RoutingContext context) {
        byte[] reuse = spare.getAndSet(null); // a concurrent scrape gets a new one
        TextExposition text = (reuse == null ? new TextExposition(0) : new TextExposition(reuse))
                .write(prometheus.getPrometheusRegistry().metricFamilySamples());
        for (DirectMetrics m : direct) {
            m.writeTo(text);
        }
        byte[] body = text.array();
        // Netty copies a heap buffer out before writing it to the socket: the array is free once the write is done.
        context.response().putHeader("Content-Type", CONTENT_TYPE)
                .end(Buffer.buffer(Unpooled.wrappedBuffer(body, 0, text.size())))
                .onComplete(done -> spare.set(body));
    }
}
