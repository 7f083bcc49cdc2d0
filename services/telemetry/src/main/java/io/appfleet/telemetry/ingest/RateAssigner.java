package io.appfleet.telemetry.ingest;

import java.util.ArrayList;
import java.util.List;

import io.appfleet.telemetry.rates.CounterPoint;
import io.appfleet.telemetry.rates.CounterTracker;
import io.appfleet.telemetry.rates.RateStep;

/** Gives each counter measurement of a batch its increase, in the batch's (per-device Kafka) order. */
public final class RateAssigner {

    private final CounterTracker<Measurement.CounterKey> tracker;

    public RateAssigner(CounterTracker<Measurement.CounterKey> tracker) {
        this.tracker = tracker;
    }

    public List<RawRow> assign(List<Measurement> batch) {
        List<RawRow> rows = new ArrayList<>(batch.size());
        for (Measurement m : batch) {
            if (!m.counter()) {
                rows.add(RawRow.of(m));
                continue;
            }
            RateStep step = tracker.observe(m.key(), new CounterPoint(m.sampledAt(), m.epoch(), m.counterValue()));
            if (step instanceof RateStep.Rate r) {
                rows.add(new RawRow(m, r.increase(), r.seconds(), r.reset(), r.gap()));
            } else {
                rows.add(RawRow.of(m));
            }
        }
        return rows;
    }
}
