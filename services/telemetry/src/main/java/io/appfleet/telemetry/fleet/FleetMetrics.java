package io.appfleet.telemetry.fleet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.appfleet.telemetry.scrape.DirectMetrics;
import io.appfleet.telemetry.scrape.TextExposition;
import io.prometheus.client.Collector.Type;

/**
 * The "fleet state" metrics of the metrics contract, built from the {@link FleetView},
 * {@link StepStats} and {@link ConsumerStats} at scrape time: one pass over the devices per scrape
 * instead of a gauge object per series (with 10,000 devices and 20,000 apps that would be some
 * 50,000 meters to keep in step with the topics). Written straight into the scrape
 * ({@link DirectMetrics}, registered by {@link FleetMetricsRegistration}): a simpleclient {@code Sample}
 * object per series, with its label lists and strings, cost a third of a 10,000-device scrape.
 */
public class FleetMetrics implements DirectMetrics {

    private static final List<String> PLATFORM_SITE_SYNC_HEALTH = List.of("platform", "site", "sync", "health");
    private static final List<String> PLATFORM_SITE_REACHABILITY = List.of("platform", "site", "reachability");
    private static final List<String> DEVICE_PLATFORM_SITE = List.of("device", "platform", "site");
    private static final List<String> PLATFORM_SITE_STATE = List.of("platform", "site", "state");
    private static final List<String> DEVICE_APP_PLATFORM_SITE = List.of("device", "app", "platform", "site");
    private static final List<String> PLATFORM_STEP_OUTCOME = List.of("platform", "step", "outcome");
    private static final List<String> PLATFORM_STEP = List.of("platform", "step");
    private static final List<String> PLATFORM_STEP_LE = List.of("platform", "step", "le");
    private static final List<String> STATE = List.of("state");
    private static final List<String> DEPLOYMENT_STATE = List.of("deployment", "state");
    private static final List<String> DEPLOYMENT = List.of("deployment");
    private static final List<String> DEPLOYMENT_OUTCOME = List.of("deployment", "outcome");
    private static final List<String> TOPIC = List.of("topic");

    static final String DEVICES = "fleet_devices";
    static final String DEVICES_REACHABILITY = "fleet_devices_reachability";
    static final String DEVICE_UP = "fleet_device_up";
    static final String APPS = "fleet_apps";
    static final String APP_RUNNING = "fleet_app_running";
    static final String APP_DESIRED_RUNNING = "fleet_app_desired_running";
    static final String STEPS = "fleet_reconcile_steps";
    static final String STEP_DURATION = "fleet_reconcile_step_duration_seconds";
    static final String ROLLOUTS = "fleet_rollouts";
    static final String ROLLOUT_INFO = "fleet_rollout_info";
    static final String ROLLOUT_WAVE = "fleet_rollout_wave";
    static final String ROLLOUT_WAVES = "fleet_rollout_waves";
    static final String ROLLOUT_DEVICES = "fleet_rollout_devices";
    static final String CONSUMER_LAG = "fleet_consumer_lag_records";
    static final String DEAD_LETTERED = "fleet_dead_lettered_records";

    private static final String[] LE = new String[StepStats.BUCKETS.length + 1];

    static {
        for (int i = 0; i < StepStats.BUCKETS.length; i++) {
            double b = StepStats.BUCKETS[i];
            // as Go clients write them ("1", not "1.0"), so a dashboard's le="1" matches
            LE[i] = b == Math.rint(b) ? Long.toString((long) b) : Double.toString(b);
        }
        LE[StepStats.BUCKETS.length] = "+Inf";
    }

    private final FleetView view;
    private final StepStats steps;
    private final ConsumerStats consumers;

    public FleetMetrics(FleetView view, StepStats steps, ConsumerStats consumers) {
        this.view = view;
        this.steps = steps;
        this.consumers = consumers;
    }

    @Override
    public void writeTo(TextExposition out) {
        Family[] f = families();
        collectDevices(f[0], f[1], f[2], f[3], f[4], f[5]);
        collectSteps(f[6], f[7]);
        collectRollouts(f[8], f[9], f[10], f[11], f[12]);
        consumers.lags().forEach((topic, lag) -> f[13].add(TOPIC, lag, topic));
        consumers.deadLettered().forEach((topic, n) -> f[14].addNamed(DEAD_LETTERED + "_total", TOPIC, n, topic));
        for (Family family : f) {
            out.family(family.name, family.type, family.help).append(family.lines);
        }
    }

    private static Family[] families() {
        return new Family[] {
            new Family(DEVICES, Type.GAUGE, "Devices by platform, site, sync and health (combinations that exist)"),
            new Family(DEVICES_REACHABILITY, Type.GAUGE, "Devices by platform, site and reachability"),
            new Family(DEVICE_UP, Type.GAUGE, "1 when the device-adapter reaches the device, else 0"),
            new Family(APPS, Type.GAUGE, "Apps observed on devices (managed and unmanaged) by state"),
            new Family(APP_RUNNING, Type.GAUGE, "1 when the managed app is observed running, else 0"),
            new Family(APP_DESIRED_RUNNING, Type.GAUGE, "1 when desired state says the app should run, else 0"),
            new Family(STEPS, Type.COUNTER, "Reconcile steps seen on fleet.events.v1 by outcome"),
            new Family(STEP_DURATION, Type.HISTOGRAM, "Duration of reconcile steps"),
            new Family(ROLLOUTS, Type.GAUGE, "Deployments' current rollouts by state"),
            new Family(ROLLOUT_INFO, Type.GAUGE, "1 for the state of each deployment's current rollout"),
            new Family(ROLLOUT_WAVE, Type.GAUGE, "The highest open wave of each deployment's rollout, 1-based"),
            new Family(ROLLOUT_WAVES, Type.GAUGE, "Waves of each deployment's rollout"),
            new Family(ROLLOUT_DEVICES, Type.GAUGE, "Devices of each deployment's rollout by outcome"),
            new Family(CONSUMER_LAG, Type.GAUGE, "Records telemetry's consumers are behind the end of each topic"),
            new Family(DEAD_LETTERED, Type.COUNTER, "Records telemetry sent to <topic>.dlq"),
        };
    }

    private void collectDevices(Family devices, Family reachability, Family up, Family apps, Family running,
            Family desiredRunning) {
        Map<List<String>, long[]> byStatus = new HashMap<>();
        Map<List<String>, long[]> byReach = new HashMap<>();
        Map<List<String>, long[]> byAppState = new HashMap<>();
        String[] seen = new String[8];
        view.forEachDevice(d -> {
            FleetView.InventoryEntry i = d.inventory();
            FleetView.ObservedEntry o = d.observed();
            String platform = i.platform();
            String site = i.siteLabel();
            String sync = o == null ? FleetNames.UNKNOWN : o.sync();
            String health = o == null ? FleetNames.UNKNOWN : o.health();
            String reach = o == null ? FleetNames.UNKNOWN : o.reachability();
            count(byStatus, platform, site, sync, health);
            count(byReach, platform, site, reach);
            up.add(DEVICE_PLATFORM_SITE, "reachable".equals(reach) ? 1 : 0, i.id(), platform, site);
            int emitted = 0;
            String[] ids = seen;
            if (o != null) {
                for (FleetView.ObservedAppEntry a : o.apps()) {
                    count(byAppState, platform, site, a.state());
                    if (a.managed() && indexOf(ids, 0, emitted, a.appId()) < 0) {
                        ids = remember(ids, emitted++, a.appId());
                        running.add(DEVICE_APP_PLATFORM_SITE, a.running() ? 1 : 0, i.id(), a.appId(), platform, site);
                    }
                }
            }
            if (d.desired() != null) {
                int managedObserved = emitted;
                for (FleetView.DesiredAppEntry a : d.desired().apps()) {
                    if (indexOf(ids, managedObserved, emitted, a.appId()) >= 0) {
                        continue; // the same app twice in a desired state: one series
                    }
                    if (indexOf(ids, 0, managedObserved, a.appId()) < 0) {
                        // desired but not reported as a managed app: not running (yet)
                        running.add(DEVICE_APP_PLATFORM_SITE, 0, i.id(), a.appId(), platform, site);
                    }
                    ids = remember(ids, emitted++, a.appId());
                    desiredRunning.add(DEVICE_APP_PLATFORM_SITE, "running".equals(a.state()) ? 1 : 0, i.id(),
                            a.appId(), platform, site);
                }
            }
        });
        emitSorted(devices, PLATFORM_SITE_SYNC_HEALTH, byStatus);
        emitSorted(reachability, PLATFORM_SITE_REACHABILITY, byReach);
        emitSorted(apps, PLATFORM_SITE_STATE, byAppState);
    }

    private void collectSteps(Family counts, Family durations) {
        Map<List<String>, long[]> byStep = new HashMap<>();
        steps.forEachStep((k, n) -> byStep.put(List.of(k.platform(), k.step(), k.outcome()), new long[] {n}));
        for (Map.Entry<List<String>, long[]> e : sorted(byStep)) {
            counts.addNamed(STEPS + "_total", PLATFORM_STEP_OUTCOME, e.getValue()[0], e.getKey().toArray(String[]::new));
        }
        List<Map.Entry<StepStats.DurationKey, StepStats.Histogram>> hs = new ArrayList<>();
        steps.forEachDuration((k, h) -> hs.add(Map.entry(k, h)));
        hs.sort(Comparator.comparing((Map.Entry<StepStats.DurationKey, StepStats.Histogram> e) -> e.getKey().platform())
                .thenComparing(e -> e.getKey().step()));
        for (Map.Entry<StepStats.DurationKey, StepStats.Histogram> e : hs) {
            String platform = e.getKey().platform();
            String step = e.getKey().step();
            StepStats.Histogram h = e.getValue();
            for (int b = 0; b < LE.length; b++) {
                durations.addNamed(STEP_DURATION + "_bucket", PLATFORM_STEP_LE, h.cumulative()[b], platform, step,
                        LE[b]);
            }
            durations.addNamed(STEP_DURATION + "_count", PLATFORM_STEP, h.count(), platform, step);
            durations.addNamed(STEP_DURATION + "_sum", PLATFORM_STEP, h.sum(), platform, step);
        }
    }

    private void collectRollouts(Family byState, Family info, Family wave, Family waves, Family devices) {
        Map<String, Long> states = new LinkedHashMap<>();
        FleetNames.ROLLOUT_STATES.forEach(s -> states.put(s, 0L));
        for (RolloutInfo r : view.rollouts()) {
            states.merge(r.state(), 1L, Long::sum);
            info.add(DEPLOYMENT_STATE, 1, r.deployment(), r.state());
            wave.add(DEPLOYMENT, r.currentWave(), r.deployment());
            waves.add(DEPLOYMENT, r.waveCount(), r.deployment());
            devices.add(DEPLOYMENT_OUTCOME, r.succeeded(), r.deployment(), "succeeded");
            devices.add(DEPLOYMENT_OUTCOME, r.failed(), r.deployment(), "failed");
            devices.add(DEPLOYMENT_OUTCOME, r.progressing(), r.deployment(), "progressing");
            devices.add(DEPLOYMENT_OUTCOME, r.pending(), r.deployment(), "pending");
        }
        states.forEach((s, n) -> byState.add(STATE, n, s));
    }

    private static void count(Map<List<String>, long[]> counts, String... labels) {
        counts.computeIfAbsent(Arrays.asList(labels), k -> new long[1])[0]++;
    }

    private static void emitSorted(Family family, List<String> names, Map<List<String>, long[]> counts) {
        for (Map.Entry<List<String>, long[]> e : sorted(counts)) {
            family.add(names, e.getValue()[0], e.getKey().toArray(String[]::new));
        }
    }

    private static List<Map.Entry<List<String>, long[]>> sorted(Map<List<String>, long[]> counts) {
        List<Map.Entry<List<String>, long[]>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> {
            for (int i = 0; i < a.getKey().size(); i++) {
                int c = a.getKey().get(i).compareTo(b.getKey().get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        });
        return entries;
    }

    private static int indexOf(String[] ids, int from, int to, String id) {
        for (int i = from; i < to; i++) {
            if (ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static String[] remember(String[] ids, int at, String id) {
        String[] out = at < ids.length ? ids : Arrays.copyOf(ids, ids.length * 2);
        out[at] = id;
        return out;
    }

    /** One metric family being filled during a scrape (its lines; a pass over the devices fills three at once). */
    private static final class Family {
        final String name;
        final Type type;
        final String help;
        final TextExposition lines = new TextExposition(0);

        Family(String name, Type type, String help) {
            this.name = name;
            this.type = type;
            this.help = help;
        }

        void add(List<String> labelNames, double value, String... labelValues) {
            addNamed(name, labelNames, value, labelValues);
        }

        void addNamed(String sampleName, List<String> labelNames, double value, String... labelValues) {
            lines.sample(sampleName, labelNames, labelValues, value);
        }
    }
}
