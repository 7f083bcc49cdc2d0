package io.appfleet.desired.rollout;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.appfleet.desired.rollout.RolloutStore.RolloutRow;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Rollout gauges for dashboards and alerts (a paused or rolled-back rollout): rollouts by state,
 * and per deployment its current wave and its devices by outcome. Labels stay bounded: one
 * series per deployment, never per device.
 */
@ApplicationScoped
public class RolloutMetrics {

    private final MultiGauge byState;
    private final MultiGauge waves;
    private final MultiGauge devices;

    @Inject
    public RolloutMetrics(MeterRegistry registry) {
        byState = MultiGauge.builder("fleet.desired.rollouts").description("Rollouts by state").register(registry);
        waves = MultiGauge.builder("fleet.desired.rollout.wave")
                .description("The highest open wave of each deployment's rollout").register(registry);
        devices = MultiGauge.builder("fleet.desired.rollout.devices")
                .description("Devices of each deployment's rollout by outcome (succeeded, failed, progressing,"
                        + " pending)").register(registry);
    }

    /** Replaces every series with what the rollouts and their last counts say now. */
    void update(List<RolloutRow> rollouts, Map<String, Rollouts.Counts> counts) {
        Map<RolloutState, Integer> states = new EnumMap<>(RolloutState.class);
        for (RolloutState s : RolloutState.values()) {
            states.put(s, 0);
        }
        List<MultiGauge.Row<?>> waveRows = new ArrayList<>();
        List<MultiGauge.Row<?>> deviceRows = new ArrayList<>();
        for (RolloutRow r : rollouts) {
            states.merge(r.state(), 1, Integer::sum);
            Tags tags = Tags.of("deployment", r.deployment());
            waveRows.add(MultiGauge.Row.of(tags, r.currentWave()));
            Rollouts.Counts c = counts.get(r.deployment());
            if (c != null && c.revision() == r.revision()) {
                long total = c.total(c.devices());
                long released = c.total(c.released());
                long ok = c.total(c.succeeded());
                long failed = c.total(c.failed());
                deviceRows.add(MultiGauge.Row.of(tags.and("outcome", "succeeded"), ok));
                deviceRows.add(MultiGauge.Row.of(tags.and("outcome", "failed"), failed));
                deviceRows.add(MultiGauge.Row.of(tags.and("outcome", "progressing"), released - ok - failed));
                deviceRows.add(MultiGauge.Row.of(tags.and("outcome", "pending"), total - released));
            }
        }
        List<MultiGauge.Row<?>> stateRows = new ArrayList<>();
        states.forEach((s, n) -> stateRows.add(MultiGauge.Row.of(Tags.of("state", s.name()), n)));
        byState.register(stateRows, true);
        waves.register(waveRows, true);
        devices.register(deviceRows, true);
    }
}
