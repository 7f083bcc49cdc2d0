package io.appfleet.telemetry.fleet;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * What telemetry's own consumers report about themselves, per topic: records behind the end of the
 * topic and records sent to {@code <topic>.dlq}. The metrics read it at scrape time.
 */
@ApplicationScoped
public class ConsumerStats {

    private final Map<String, LongSupplier> lags = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> deadLettered = new ConcurrentHashMap<>();

    /** {@code lag} answers the records behind, or a negative number while it is not known. */
    public void lag(String topic, LongSupplier lag) {
        lags.put(topic, lag);
    }

    public void deadLettered(String topic) {
        counter(topic).incrementAndGet();
    }

    /** Makes the topic's dead-letter count show (as 0) before its first dead letter. */
    void watchDeadLetters(String topic) {
        counter(topic);
    }

    /** Known lags by topic, sorted; topics whose lag is not known yet are left out. */
    public Map<String, Long> lags() {
        Map<String, Long> out = new TreeMap<>();
        lags.forEach((topic, lag) -> {
            long n = lag.getAsLong();
            if (n >= 0) {
                out.put(topic, n);
            }
        });
        return out;
    }

    public Map<String, Long> deadLettered() {
        Map<String, Long> out = new TreeMap<>();
        deadLettered.forEach((topic, n) -> out.put(topic, n.get()));
        return out;
    }

    private AtomicLong counter(String topic) {
        return deadLettered.computeIfAbsent(topic, t -> new AtomicLong());
    }
}
