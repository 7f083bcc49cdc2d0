package io.appfleet.desired.devicestate;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Timestamp;

import io.appfleet.desired.targeting.InventoryView;
import io.appfleet.desired.targeting.TargetResolver;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.outbox.Outbox;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Computes and publishes the full desired state of a set of devices. {@link #plan} only computes
 * (the dry-run and the conflict check stop there); {@link #publish} writes, inside the caller's
 * transaction (which must hold the {@link FleetLock}): for every device whose state changed, the
 * next generation in {@code device_desired} and its {@code fleet.desired.v1} record in the outbox,
 * so the record exists exactly when the change that caused it is committed. A device whose state
 * did not change gets no record; a device gone from inventory or decommissioned gets a tombstone.
 */
@ApplicationScoped
public class DesiredStatePublisher {

    public static final String UPDATED = "io.appfleet.desired.device.updated";
    public static final String DELETED = "io.appfleet.desired.device.deleted";

    @Inject
    InventoryView inventory;

    @Inject
    DesiredStateStore store;

    @Inject
    TargetStatusStore targets;

    @Inject
    Outbox outbox;

    private final Counter published;
    private final Counter tombstones;

    @Inject
    public DesiredStatePublisher(MeterRegistry registry) {
        published = Counter.builder("fleet.desired.published.records")
                .description("Desired device states written to the outbox for fleet.desired.v1").register(registry);
        tombstones = Counter.builder("fleet.desired.published.tombstones")
                .description("Tombstones written for devices gone from inventory or decommissioned").register(registry);
    }

    /** What would be published for {@code deviceIds}, computed against the stored previous states. */
    public Plan plan(Collection<String> deviceIds, FleetSnapshot fleet, RevisionChooser chooser) {
        return plan(deviceIds, fleet, chooser, null);
    }

    /**
     * {@link #plan(Collection, FleetSnapshot, RevisionChooser)}, taking a device's computation from
     * {@code current} (a plan of the same fleet with {@link RevisionChooser#CURRENT}, made in this
     * transaction) where {@code chooser} claims exactly what CURRENT claims: the computation is a
     * pure function of the device, its claims and its previous state, so it would come out the same.
     * An apply checks the fleet with CURRENT and then publishes with the rollouts' choice; for the
     * devices a rollout releases at once this saves computing them twice.
     */
    public Plan plan(Collection<String> deviceIds, FleetSnapshot fleet, RevisionChooser chooser, Plan current) {
        TreeSet<String> ids = new TreeSet<>(deviceIds);
        Map<String, StoredState> previous = store.load(ids);
        Map<String, DeviceComputation> out = new LinkedHashMap<>();
        for (String id : ids) {
            Device device = inventory.get(id);
            if (device == null || !TargetResolver.targetable(device)) {
                out.put(id, DeviceComputation.removed(id));
                continue;
            }
            List<Claim> claims = fleet.claimsFor(device, chooser);
            DeviceComputation known = current == null || chooser == RevisionChooser.CURRENT ? null
                    : current.computations().get(id);
            if (known != null && !known.removed() && claims.equals(fleet.claimsFor(device, RevisionChooser.CURRENT))) {
                out.put(id, known);
                continue;
            }
            StoredState prev = previous.get(id);
            out.put(id, DeviceDesiredComputer.compute(device, claims, prev == null ? null : prev.state()));
        }
        return new Plan(out, previous);
    }

    /**
     * Publishes every changed device of {@code plan} and records each deployment's placement.
     *
     * @param revision the {@code source.revision} of the records: a git commit SHA or
     *                 {@code <deployment>@<revision>} for changes made through the API
     */
    public PublishReport publish(Plan plan, String revision) {
        Timestamp now = timestamp(Instant.now());
        List<StoredState> writes = new ArrayList<>();
        List<Placement> placements = new ArrayList<>();
        int updated = 0;
        int deleted = 0;
        for (DeviceComputation c : plan.computations().values()) {
            placements.addAll(c.placements());
            StoredState prev = plan.previous().get(c.deviceId());
            long generation = prev == null ? 1 : prev.generation() + 1;
            if (c.removed()) {
                if (prev != null && !prev.tombstoned()) {
                    writes.add(new StoredState(c.deviceId(), generation, "tombstone", null));
                    outbox.tombstone(Topic.DESIRED, c.deviceId(), DELETED);
                    deleted++;
                }
                continue;
            }
            String digest = contentDigest(c.state());
            boolean empty = c.state().getAppsCount() == 0 && c.state().getSettings().getCppPolicersCount() == 0;
            if (prev != null && !prev.tombstoned() && prev.contentDigest().equals(digest)) {
                continue;
            }
            if (empty && (prev == null || prev.tombstoned())) {
                continue; // never told the device anything: nothing to take back
            }
            DesiredDeviceState record = c.state().toBuilder()
                    .setGeneration(generation)
                    .setComputedAt(now)
                    .setSource(c.state().getSource().toBuilder().setRevision(revision))
                    .build();
            writes.add(new StoredState(c.deviceId(), generation, digest, record));
            outbox.publish(Topic.DESIRED, c.deviceId(), record, UPDATED);
            updated++;
        }
        store.save(writes);
        targets.replace(plan.computations().keySet(), placements);
        published.increment(updated);
        tombstones.increment(deleted);
        return new PublishReport(plan.computations().size(), updated, deleted);
    }

    /** SHA-256 of the state without generation, time and source revision: equal digests, nothing to publish. */
    static String contentDigest(DesiredDeviceState state) {
        // A computed state has none of the three set: copying it (for every device of a large change) is skipped.
        DesiredDeviceState content = state.getGeneration() == 0 && !state.hasComputedAt() && state.hasSource()
                && state.getSource().getRevision().isEmpty() ? state
                        : state.toBuilder().clearGeneration().clearComputedAt()
                                .setSource(state.getSource().toBuilder().clearRevision()).build();
        try {
            byte[] bytes = new byte[content.getSerializedSize()];
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.useDeterministicSerialization();
            content.writeTo(out);
            out.checkNoSpaceLeft();
            return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot digest a desired state", e);
        }
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    /** Computations per device (in device id order) and the states they were compared with. */
    public record Plan(Map<String, DeviceComputation> computations, Map<String, StoredState> previous) {

        public List<Conflict> conflictsOf(String deployment) {
            List<Conflict> out = new ArrayList<>();
            for (DeviceComputation c : computations.values()) {
                for (Conflict x : c.conflicts()) {
                    if (x.winner().equals(deployment) || x.loser().equals(deployment)) {
                        out.add(x);
                    }
                }
            }
            return out;
        }
    }

    /** Devices looked at, records published, tombstones published. */
    public record PublishReport(int devices, int updated, int deleted) {
    }
}
