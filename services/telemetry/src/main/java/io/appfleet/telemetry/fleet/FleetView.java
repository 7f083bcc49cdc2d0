package io.appfleet.telemetry.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.RolloutStatus;
import io.appfleet.proto.fleet.v1.RolloutWave;

/**
 * The fleet as the compacted topics last said, in memory: inventory (which devices, platform, site,
 * labels, admin state), observed state, desired state and rollouts. The topics are read from the
 * beginning at every start ({@link FleetStateConsumers}), which rebuilds this view; the database
 * keeps no copy. Decommissioned devices are dropped like deleted ones; devices in maintenance stay.
 * Older records than the one held (by generation, or observed_at for observations) are ignored, so
 * a replay cannot move anything back. Entries are immutable and replaced whole: readers on other
 * threads (queries, scrapes) never see half an update.
 */
@ApplicationScoped
public class FleetView {

    /** What inventory says about a device, with the labels a selector sees (labels plus {@code site}). */
    record InventoryEntry(String id, String platform, String site, String siteLabel, Map<String, String> labels,
            Map<String, String> selectorLabels, String adminState, String osVersion, String host, int port,
            String transport, long generation) {
    }

    record ObservedEntry(String reachability, String sync, String health, List<ObservedAppEntry> apps,
            LastError lastError, Instant observedAt, Instant lastReachableAt, String osVersion,
            long observedDesiredGeneration, boolean hostingAvailable, String hostingMessage) {
    }

    record ObservedAppEntry(String appId, boolean managed, String state, String rawState, String sync, String health,
            String version, String message, String deploymentName, long deploymentRevision, Instant stateSince,
            LastError lastError) {

        boolean running() {
            return state == RUNNING;
        }
    }

    record DesiredEntry(long generation, List<DesiredAppEntry> apps) {
    }

    record DesiredAppEntry(String appId, String state, String deploymentName, long deploymentRevision) {
    }

    /** One device joined across the topics; {@code observed} and {@code desired} may be null. */
    record DeviceEntry(InventoryEntry inventory, ObservedEntry observed, DesiredEntry desired) {
    }

    static final String RUNNING = FleetNames.appState(ObservedAppState.OBSERVED_APP_STATE_RUNNING);

    private final ConcurrentSkipListMap<String, InventoryEntry> inventory = new ConcurrentSkipListMap<>();
    private final Map<String, ObservedEntry> observed = new ConcurrentHashMap<>();
    private final Map<String, DesiredEntry> desired = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<String, RolloutInfo> rollouts = new ConcurrentSkipListMap<>();
    private final Set<String> caughtUp = ConcurrentHashMap.newKeySet();
    private final Set<String> expected = ConcurrentHashMap.newKeySet();

    // --- updates, from the topic readers ---

    /** Stores what inventory says (null: deleted); a decommissioned device leaves the view. */
    public void putDevice(String id, Device d) {
        if (d == null || d.getAdminState() == AdminState.ADMIN_STATE_DECOMMISSIONED) {
            inventory.remove(id);
            return;
        }
        inventory.compute(id, (k, old) -> old != null && old.generation() > d.getGeneration() ? old : inventoryEntry(d));
    }

    /** Stores the device's latest observation (null: deleted); an older observation than the one held is ignored. */
    public void putObserved(String id, ObservedDeviceState s) {
        if (s == null) {
            observed.remove(id);
            return;
        }
        ObservedEntry entry = observedEntry(s);
        observed.compute(id, (k, old) -> old != null && entry.observedAt() != null && old.observedAt() != null
                && old.observedAt().isAfter(entry.observedAt()) ? old : entry);
    }

    /** Stores the device's desired state (null: no longer managed); an older generation than the one held is ignored. */
    public void putDesired(String id, DesiredDeviceState s) {
        if (s == null) {
            desired.remove(id);
            return;
        }
        List<DesiredAppEntry> apps = new ArrayList<>(s.getAppsCount());
        for (DesiredApp a : s.getAppsList()) {
            apps.add(new DesiredAppEntry(a.getAppId(), FleetNames.desiredState(a.getState()), a.getDeploymentName(),
                    a.getDeploymentRevision()));
        }
        DesiredEntry entry = new DesiredEntry(s.getGeneration(), List.copyOf(apps));
        desired.compute(id, (k, old) -> old != null && old.generation() > entry.generation() ? old : entry);
    }

    /** Stores a deployment's rollout (null: the deployment was deleted); an older generation is ignored. */
    public void putRollout(String deployment, RolloutStatus s) {
        if (s == null) {
            rollouts.remove(deployment);
            return;
        }
        RolloutInfo info = rolloutInfo(s);
        rollouts.compute(deployment, (k, old) -> old != null && old.generation() > info.generation() ? old : info);
    }

    /** The view waits for {@code topic} before it calls itself ready. */
    void expect(String topic) {
        expected.add(topic);
    }

    void markCaughtUp(String topic) {
        caughtUp.add(topic);
    }

    // --- queries (the NOC API and the metrics) ---

    /** True once every topic of the view has been read up to its end as of the start. */
    public boolean ready() {
        return !expected.isEmpty() && caughtUp.containsAll(expected);
    }

    /** Devices in the view (not decommissioned). */
    public int size() {
        return inventory.size();
    }

    public FleetSummary summary() {
        Map<String, Long> sync = zeros(FleetNames.syncs());
        Map<String, Long> health = zeros(FleetNames.healths());
        Map<String, Long> reach = zeros(FleetNames.reachabilities());
        Map<String, Long> platform = zeros(FleetNames.platforms());
        Map<String, Long> apps = zeros(FleetNames.appStates());
        long[] devices = {0};
        long[] appCount = {0};
        forEachDevice(d -> {
            devices[0]++;
            ObservedEntry o = d.observed();
            sync.merge(o == null ? FleetNames.UNKNOWN : o.sync(), 1L, Long::sum);
            health.merge(o == null ? FleetNames.UNKNOWN : o.health(), 1L, Long::sum);
            reach.merge(o == null ? FleetNames.UNKNOWN : o.reachability(), 1L, Long::sum);
            platform.merge(d.inventory().platform(), 1L, Long::sum);
            if (o != null) {
                for (ObservedAppEntry a : o.apps()) {
                    apps.merge(a.state(), 1L, Long::sum);
                    appCount[0]++;
                }
            }
        });
        Map<String, Long> rolloutStates = new LinkedHashMap<>();
        FleetNames.ROLLOUT_STATES.forEach(s -> rolloutStates.put(s, 0L));
        rollouts.values().forEach(r -> rolloutStates.merge(r.state(), 1L, Long::sum));
        return new FleetSummary(ready(), devices[0], sync, health, reach, platform, appCount[0], apps, rollouts.size(),
                rolloutStates);
    }

    /**
     * Devices that match {@code filter}, ordered by id, {@code limit} from {@code offset}, with the
     * number of matching devices.
     *
     * @throws InvalidQueryException for a bad page
     */
    public Page<DeviceSummary> devices(DeviceFilter filter, int offset, int limit) {
        Page.check(offset, limit);
        List<DeviceSummary> items = new ArrayList<>(Math.min(limit, 256));
        long total = 0;
        for (InventoryEntry i : inventory.values()) {
            DeviceEntry d = join(i);
            if (!filter.matches(d)) {
                continue;
            }
            if (total >= offset && items.size() < limit) {
                items.add(summaryOf(d));
            }
            total++;
        }
        return new Page<>(items, total, offset, limit);
    }

    /** One device; empty when inventory does not know it (or it is decommissioned). */
    public Optional<DeviceDetail> device(String id) {
        InventoryEntry i = id == null ? null : inventory.get(id);
        return i == null ? Optional.empty() : Optional.of(detailOf(join(i)));
    }

    /** Every deployment's rollout, by deployment name. */
    public List<RolloutInfo> rollouts() {
        return List.copyOf(rollouts.values());
    }

    /** One deployment's rollout; empty when fleet.rollouts.v1 has none for it. */
    public Optional<RolloutInfo> rollout(String deployment) {
        return Optional.ofNullable(deployment == null ? null : rollouts.get(deployment));
    }

    /** The metrics label of a device's platform, {@code unknown} for a device inventory does not know. */
    public String platformOf(String deviceId) {
        InventoryEntry i = inventory.get(deviceId);
        return i == null ? FleetNames.UNKNOWN : i.platform();
    }

    /** Every device of the view joined across the topics, in id order (for the metrics). */
    void forEachDevice(Consumer<DeviceEntry> action) {
        for (InventoryEntry i : inventory.values()) {
            action.accept(join(i));
        }
    }

    private DeviceEntry join(InventoryEntry i) {
        return new DeviceEntry(i, observed.get(i.id()), desired.get(i.id()));
    }

    // --- conversions ---

    private static InventoryEntry inventoryEntry(Device d) {
        Map<String, String> labels = Collections.unmodifiableMap(new TreeMap<>(d.getLabelsMap()));
        Map<String, String> selector = labels;
        if (!d.getSite().isEmpty() && !labels.containsKey("site")) {
            Map<String, String> withSite = new HashMap<>(labels);
            withSite.put("site", d.getSite());
            selector = Collections.unmodifiableMap(withSite);
        }
        return new InventoryEntry(d.getId(), FleetNames.platform(d.getPlatform()), d.getSite(),
                FleetNames.site(d.getSite()), labels, selector, FleetNames.adminState(d.getAdminState()),
                d.getOsVersion(), d.getHost(), d.getPort(), FleetNames.transport(d.getTransport()), d.getGeneration());
    }

    private static ObservedEntry observedEntry(ObservedDeviceState s) {
        List<ObservedAppEntry> apps = new ArrayList<>(s.getAppsCount());
        for (ObservedApp a : s.getAppsList()) {
            apps.add(new ObservedAppEntry(a.getAppId(), a.getManaged(), FleetNames.appState(a.getState()),
                    a.getRawState(), FleetNames.sync(a.getSync()), FleetNames.health(a.getHealth()), a.getVersion(),
                    a.getMessage(), a.getDeploymentName(), a.getDeploymentRevision(),
                    Protos.instantOrNull(a.hasStateSince(), a.getStateSince()),
                    LastError.of(a.getLastError(), a.hasLastError())));
        }
        return new ObservedEntry(FleetNames.reachability(s.getReachability()), FleetNames.sync(s.getSync()),
                FleetNames.health(s.getHealth()), List.copyOf(apps), LastError.of(s.getLastError(), s.hasLastError()),
                Protos.instantOrNull(s.hasObservedAt(), s.getObservedAt()),
                Protos.instantOrNull(s.hasLastReachableAt(), s.getLastReachableAt()), s.getOsVersion(),
                s.getObservedDesiredGeneration(), s.hasHosting() && s.getHosting().getAvailable(),
                s.hasHosting() ? s.getHosting().getMessage() : null);
    }

    private static RolloutInfo rolloutInfo(RolloutStatus s) {
        List<RolloutInfo.WaveInfo> waves = new ArrayList<>(s.getWavesCount());
        for (RolloutWave w : s.getWavesList()) {
            waves.add(new RolloutInfo.WaveInfo(w.getIndex(), w.getDevices(), w.getReleased(), w.getSucceeded(),
                    w.getFailed(), Math.max(0, w.getReleased() - w.getSucceeded() - w.getFailed()),
                    FleetNames.waveState(w.getState()), Protos.instantOrNull(w.hasOpenedAt(), w.getOpenedAt()),
                    Protos.instantOrNull(w.hasFinishedAt(), w.getFinishedAt())));
        }
        return new RolloutInfo(s.getDeploymentName(), s.getRevision(), FleetNames.rolloutState(s.getState()),
                s.getReason(), s.hasStableRevision() ? s.getStableRevision() : null, s.getCurrentWave(),
                s.getWavesCount(), waves, s.getTotals().getSucceeded(), s.getTotals().getFailed(),
                s.getTotals().getProgressing(), s.getTotals().getPending(), s.getTotals().getExcluded(),
                Protos.instantOrNull(s.hasStartedAt(), s.getStartedAt()),
                Protos.instantOrNull(s.hasUpdatedAt(), s.getUpdatedAt()), s.getGeneration());
    }

    private static DeviceSummary summaryOf(DeviceEntry d) {
        InventoryEntry i = d.inventory();
        ObservedEntry o = d.observed();
        int apps = 0;
        int running = 0;
        if (o != null) {
            for (ObservedAppEntry a : o.apps()) {
                if (!a.state().equals("absent")) {
                    apps++;
                }
                if (a.running()) {
                    running++;
                }
            }
        }
        return new DeviceSummary(i.id(), i.platform(), i.site(), i.labels(), i.adminState(),
                o == null ? FleetNames.UNKNOWN : o.reachability(), o == null ? FleetNames.UNKNOWN : o.sync(),
                o == null ? FleetNames.UNKNOWN : o.health(), apps, running, o == null ? null : o.observedAt(),
                o == null ? null : o.lastError());
    }

    private static DeviceDetail detailOf(DeviceEntry d) {
        InventoryEntry i = d.inventory();
        ObservedEntry o = d.observed();
        Map<String, DesiredAppEntry> wanted = new LinkedHashMap<>();
        if (d.desired() != null) {
            d.desired().apps().forEach(a -> wanted.put(a.appId(), a));
        }
        List<AppDetail> apps = new ArrayList<>();
        if (o != null) {
            for (ObservedAppEntry a : o.apps()) {
                DesiredAppEntry w = wanted.remove(a.appId());
                apps.add(new AppDetail(a.appId(), a.managed(), a.state(), a.rawState(), a.sync(), a.health(),
                        a.version(), a.message(), a.deploymentName(), a.deploymentRevision(),
                        w == null ? null : w.state(), a.stateSince(), a.lastError()));
            }
        }
        for (DesiredAppEntry w : wanted.values()) {
            apps.add(new AppDetail(w.appId(), true, FleetNames.UNKNOWN, null, FleetNames.UNKNOWN, FleetNames.UNKNOWN,
                    null, null, w.deploymentName(), w.deploymentRevision(), w.state(), null, null));
        }
        apps.sort(Comparator.comparing(AppDetail::appId));
        return new DeviceDetail(i.id(), i.platform(), i.osVersion(), i.host(), i.port(), i.transport(), i.site(),
                i.labels(), i.adminState(), i.generation(), o == null ? FleetNames.UNKNOWN : o.reachability(),
                o == null ? FleetNames.UNKNOWN : o.sync(), o == null ? FleetNames.UNKNOWN : o.health(),
                o == null ? null : o.observedAt(), o == null ? null : o.lastReachableAt(),
                o == null ? null : o.osVersion(), d.desired() == null ? 0 : d.desired().generation(),
                o == null ? 0 : o.observedDesiredGeneration(), o == null ? null : o.hostingAvailable(),
                o == null ? null : o.hostingMessage(), apps, o == null ? null : o.lastError());
    }

    private static Map<String, Long> zeros(Set<String> keys) {
        Map<String, Long> out = new LinkedHashMap<>();
        keys.forEach(k -> out.put(k, 0L));
        return out;
    }
}
