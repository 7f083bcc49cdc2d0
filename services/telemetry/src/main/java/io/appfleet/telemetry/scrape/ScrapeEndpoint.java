package io.appfleet.telemetry.scrape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReferenceArray;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
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
     * Per part of the scrape (the registry, then each DirectMetrics), its array of the last scrape once sent, for the
     * next one: 50 MB with the samples of 10,000 devices, which the JVM would otherwise zero and the collector
     * reclaim at every scrape.
     */
    private final AtomicReferenceArray<byte[]> spares = new AtomicReferenceArray<>(64);

    /**
     * The parts after the first are written on these threads while the handler's thread writes the first: with a
     * fleet's half a million series, two cores halve the time Prometheus waits.
     */
    private final ExecutorService writers = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "scrape-writer");
        t.setDaemon(true);
        return t;
    });

    void install(@Observes Router router) {
        // Not ordered: concurrent scrapes (two Prometheus replicas) need not wait for each other.
        router.get(PATH).blockingHandler(this::scrape, false);
    }

    /** Metrics written after the registry's, in the order registered. */
    public void register(DirectMetrics metrics) {
        direct.add(metrics);
    }

    void scrape(RoutingContext context) {
        List<DirectMetrics> parts = new ArrayList<>(direct.size() + 1);
        parts.add(out -> out.write(prometheus.getPrometheusRegistry().metricFamilySamples()));
        parts.addAll(direct);
        List<CompletableFuture<TextExposition>> later = new ArrayList<>();
        for (int i = 1; i < parts.size(); i++) {
            int part = i;
            later.add(CompletableFuture.supplyAsync(() -> write(part, parts.get(part)), writers));
        }
        TextExposition[] written = new TextExposition[parts.size()];
        written[0] = write(0, parts.get(0));
        for (int i = 1; i < parts.size(); i++) {
            written[i] = later.get(i - 1).join();
        }
        ByteBuf body = Unpooled.wrappedBuffer(Arrays.stream(written)
                .map(t -> Unpooled.wrappedBuffer(t.array(), 0, t.size())).toArray(ByteBuf[]::new));
        // Netty copies heap buffers out before writing them to the socket: the arrays are free once the write is done.
        context.response().putHeader("Content-Type", CONTENT_TYPE).end(Buffer.buffer(body)).onComplete(done -> {
            for (int i = 0; i < written.length && i < spares.length(); i++) {
                spares.set(i, written[i].array());
            }
        });
    }

    private TextExposition write(int part, DirectMetrics metrics) {
        byte[] reuse = part < spares.length() ? spares.getAndSet(part, null) : null; // a concurrent scrape gets new ones
        TextExposition text = reuse == null ? new TextExposition(0) : new TextExposition(reuse);
        metrics.writeTo(text);
        return text;
    }
}
