package io.appfleet.desired.deployment;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.appfleet.desired.deployment.DeploymentStore.DeploymentRow;
import io.appfleet.desired.deployment.DeploymentStore.RevisionRow;
import io.appfleet.desired.deployment.DeploymentViews.AppChange;
import io.appfleet.desired.deployment.DeploymentViews.DeviceChange;
import io.appfleet.desired.deployment.DeploymentViews.Refusal;
import io.appfleet.desired.deployment.DeploymentViews.Status;
import io.appfleet.desired.devicestate.ActiveDeployments;
import io.appfleet.desired.devicestate.Conflict;
import io.appfleet.desired.devicestate.DeploymentSnapshot;
import io.appfleet.desired.devicestate.DesiredStatePublisher;
import io.appfleet.desired.devicestate.DesiredStatePublisher.Plan;
import io.appfleet.desired.devicestate.DesiredStatePublisher.PublishReport;
import io.appfleet.desired.devicestate.DeviceComputation;
import io.appfleet.desired.devicestate.FleetLock;
import io.appfleet.desired.devicestate.FleetSnapshot;
import io.appfleet.desired.devicestate.Placement;
import io.appfleet.desired.devicestate.RevisionChooser;
import io.appfleet.desired.rollout.Rollbacks;
import io.appfleet.desired.rollout.Rollouts;
import io.appfleet.desired.devicestate.StepPlan;
import io.appfleet.desired.devicestate.StoredState;
import io.appfleet.desired.devicestate.TargetStatusStore;
import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.ManifestJson;
import io.appfleet.desired.manifest.ManifestReader;
import io.appfleet.desired.targeting.InventoryConsumer;
import io.appfleet.desired.targeting.InventoryView;
import io.appfleet.desired.targeting.Resolution;
import io.appfleet.desired.targeting.TargetResolver;
import io.appfleet.platform.problem.FieldError;
import io.appfleet.platform.problem.ProblemException;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;

/**
 * Every change of a deployment, whatever its source (REST, git poller, webhook): validates it
 * against the fleet, stores a revision and publishes the affected devices' full desired state in
 * ONE transaction (the records go through the outbox). Applying a manifest identical to the
 * current revision changes nothing. The git poller and the webhook call {@link #apply} and
 * {@link #delete} with a {@link ChangeSource} naming the commit.
 */
@ApplicationScoped
public class DeploymentService implements Rollbacks {

    private static final Logger LOG = Logger.getLogger(DeploymentService.class);
    private static final int MAX_LISTED = 20;
    /** The principal of revisions an automatic rollback makes. */
    public static final String AUTO_ROLLBACK = "appfleet-auto-rollback";

    @Inject
    DeploymentStore store;

    @Inject
    FleetLock lock;

    @Inject
    ActiveDeployments active;

    @Inject
    DesiredStatePublisher publisher;

    @Inject
    TargetStatusStore targets;

    @Inject
    InventoryView inventory;

    @Inject
    InventoryConsumer inventoryConsumer;

    @Inject
    Rollouts rollouts;

    @ConfigProperty(name = "appfleet.desired.rollback-window", defaultValue = "10")
    int rollbackWindow;

    /**
     * Creates or updates the deployment {@code manifest.metadata.name}.
     *
     * @throws ProblemException 400 when its selector matches no device, 409 when it and another
     *                          deployment claim one app id (or CPP policer) on a device, 503 while
     *                          the inventory view is still loading
     */
    @Transactional
    public DeploymentViews.ApplyResult apply(AppDeployment manifest, ChangeSource source) {
        requireReady();
        lock.acquire();
        return applyLocked(manifest, source, "apply", null, false);
    }

    /**
     * Deletes the deployment: its app leaves the full desired state of every device it was on.
     * The revision history stays.
     *
     * @throws ProblemException 404 when there is no such deployment
     */
    @Transactional
    public DeploymentViews.DeleteResult delete(String name, ChangeSource source) {
        requireReady();
        lock.acquire();
        DeploymentRow existing = store.find(name);
        if (existing == null) {
            throw ProblemException.notFound("deployment '" + name + "' does not exist");
        }
        Set<String> affected = targets.devicesOf(name);
        long revision = store.nextRevision(name);
        store.delete(name);
        store.addRevision(new RevisionRow(name, revision, "delete", null, null, source.kind(), source.commitSha(),
                source.path(), source.principal(), null, now()));
        rollouts.deleted(name);
        PublishReport report = publisher.publish(publisher.plan(affected, active.load(), rollouts.chooser()),
                label(name, revision, source));
        LOG.infof("deployment %s deleted (revision %d, source %s, by %s): %d devices recomputed, %d published",
                name, revision, source.kind().db(), source.principal(), report.devices(), report.updated());
        return new DeploymentViews.DeleteResult(name, revision, report.devices(), report.updated() + report.deleted());
    }

    /**
     * Makes an earlier revision current again, as a new revision with the old manifest (nothing
     * happens when it equals the current one).
     *
     * @throws ProblemException 400 for a revision outside the last {@code appfleet.desired.rollback-window}
     */
    @Transactional
    public DeploymentViews.ApplyResult rollback(String name, long revision, ChangeSource source) {
        requireReady();
        lock.acquire();
        DeploymentRow existing = store.find(name);
        if (existing == null) {
            throw ProblemException.notFound("deployment '" + name + "' does not exist");
        }
        long oldest = Math.max(1, existing.revision() - rollbackWindow + 1);
        if (revision < oldest || revision > existing.revision()) {
            throw ProblemException.badRequest("revision", "can be from " + oldest + " to " + existing.revision()
                    + " (the last " + rollbackWindow + " revisions)");
        }
        RevisionRow row = store.revision(name, revision);
        if (row == null || row.spec() == null) {
            throw ProblemException.badRequest("revision", "revision " + revision + " of '" + name
                    + "' holds no manifest (it was a delete)");
        }
        return applyLocked(ManifestReader.fromStored(row.spec()), source, "rollback", revision, false);
    }

    /**
     * A rollout over its failure threshold with autoRollback: the stable revision becomes current
     * again as a new revision, recorded with the stable revision's source and rolled out to every
     * device at once. Runs in the rollout controller's transaction (no interceptor here: a refusal
     * must not mark that transaction for rollback, the controller records it and goes on).
     */
    @Override
    public void rollBack(String name, long toRevision, String reason) {
        RevisionRow row = store.revision(name, toRevision);
        if (row == null || row.spec() == null) {
            throw ProblemException.badRequest("revision", "revision " + toRevision + " of '" + name
                    + "' holds no manifest");
        }
        ChangeSource source = new ChangeSource(row.source(), AUTO_ROLLBACK, row.commitSha(), row.sourcePath());
        applyLocked(ManifestReader.fromStored(row.spec()), source, "rollback", toRevision, true);
    }

    /** What {@link #apply} would do with {@code manifest}, changing nothing. Same errors as apply. */
    @Transactional
    public DeploymentViews.Diff diff(AppDeployment manifest) {
        requireReady();
        String name = manifest.name();
        DeploymentRow existing = store.find(name);
        boolean unchanged = existing != null && existing.digest().equals(ManifestJson.digest(manifest));
        long revision = unchanged ? existing.revision() : store.nextRevision(name);
        Check check = check(manifest, revision, existing);
        Plan plan = check.plan();
        List<DeviceChange> changes = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();
        int same = 0;
        for (DeviceComputation c : plan.computations().values()) {
            for (Placement p : c.placements()) {
                if (p.deployment().equals(name) && (p.phase() == Placement.Phase.UNSCHEDULABLE
                        || p.phase() == Placement.Phase.CONFLICT)) {
                    refused.add(new Refusal(p.deviceId(), TargetStatusStore.phaseName(p.phase()), p.reason()));
                }
            }
            DeviceChange change = change(c, plan.previous().get(c.deviceId()));
            if (change == null) {
                same++;
            } else {
                changes.add(change);
            }
        }
        return new DeploymentViews.Diff(name, revision, unchanged ? "unchanged" : existing == null ? "created" : "updated",
                check.resolution().devices().size(), changes.size(), same, changes, refused,
                check.resolution().unknownDevices(), check.resolution().decommissionedDevices());
    }

    public boolean exists(String name) {
        return store.find(name) != null;
    }

    public DeploymentViews.Deployment get(String name) {
        DeploymentRow row = store.find(name);
        if (row == null) {
            throw ProblemException.notFound("deployment '" + name + "' does not exist");
        }
        AppDeployment manifest = ManifestReader.fromStored(row.spec());
        return new DeploymentViews.Deployment(row.name(), row.appId(), row.revision(), row.createdAt(), row.updatedAt(),
                ManifestJson.toTree(manifest), status(name, manifest));
    }

    public DeploymentViews.Page<DeploymentViews.Summary> list(int page, int size) {
        checkPage(page, size);
        List<DeploymentViews.Summary> items = new ArrayList<>();
        for (DeploymentRow row : store.list(page, size)) {
            items.add(new DeploymentViews.Summary(row.name(), row.appId(), row.revision(), row.createdAt(),
                    row.updatedAt(), status(row.name(), ManifestReader.fromStored(row.spec()))));
        }
        return new DeploymentViews.Page<>(items, page, size, store.count());
    }

    /** The deployment's devices, by id; {@code phase} (Applied, Pending, Unschedulable, Conflict) filters. */
    public DeploymentViews.Page<DeploymentViews.Target> devices(String name, String phase, int page, int size) {
        checkPage(page, size);
        if (store.find(name) == null) {
            throw ProblemException.notFound("deployment '" + name + "' does not exist");
        }
        if (phase != null && !Set.of("Applied", "Pending", "Unschedulable", "Conflict").contains(phase)) {
            throw ProblemException.badRequest("phase", "must be one of Applied, Pending, Unschedulable, Conflict");
        }
        Map<String, Long> counts = targets.counts(name);
        long total = phase == null ? counts.values().stream().mapToLong(Long::longValue).sum() : counts.get(phase);
        List<DeploymentViews.Target> items = targets.page(name, phase, page, size).stream()
                .map(r -> new DeploymentViews.Target(r.deviceId(), r.phase(), r.revision(), r.reason(), r.updatedAt()))
                .toList();
        return new DeploymentViews.Page<>(items, page, size, total);
    }

    /**
     * The live deployments whose current revision came from {@code source}, each with the repository
     * file it was read from (null when none): what a git sync may prune when the file is gone,
     * leaving deployments made through the API alone.
     */
    public Map<String, String> namesFromSource(ChangeSource.Kind source) {
        return store.namesBySource(source);
    }

    /** Newest first; history outlives a delete. */
    public List<DeploymentViews.Revision> revisions(String name) {
        List<DeploymentViews.Revision> out = store.revisions(name).stream().map(DeploymentService::view).toList();
        if (out.isEmpty()) {
            throw ProblemException.notFound("deployment '" + name + "' has no revisions");
        }
        return out;
    }

    public DeploymentViews.RevisionDetail revision(String name, long revision) {
        RevisionRow row = store.revision(name, revision);
        if (row == null) {
            throw ProblemException.notFound("deployment '" + name + "' has no revision " + revision);
        }
        return new DeploymentViews.RevisionDetail(view(row),
                row.spec() == null ? null : ManifestJson.toTree(ManifestReader.fromStored(row.spec())));
    }

    private DeploymentViews.ApplyResult applyLocked(AppDeployment manifest, ChangeSource source, String action,
            Long rollbackOf, boolean immediate) {
        String name = manifest.name();
        String digest = ManifestJson.digest(manifest);
        DeploymentRow existing = store.find(name);
        if (existing != null && existing.digest().equals(digest)) {
            return new DeploymentViews.ApplyResult(name, existing.revision(), "unchanged", status(name, manifest), 0, 0);
        }
        long revision = store.nextRevision(name);
        Check check = check(manifest, revision, existing);
        Instant now = now();
        String json = ManifestJson.toJson(manifest);
        store.save(name, manifest.spec().app().id(), revision, json, digest, now);
        store.addRevision(new RevisionRow(name, revision, action, json, digest, source.kind(), source.commitSha(),
                source.path(), source.principal(), rollbackOf, now));
        // The rollout holds devices back until their wave: start it, release its first devices (which
        // devices can take the revision at all comes from the check's computation), then publish once.
        rollouts.start(name, revision, manifest, check.resolution().devices(),
                existing == null ? null : existing.revision(), immediate, source.principal());
        Map<String, String> phases = new HashMap<>();
        for (DeviceComputation c : check.plan().computations().values()) {
            for (Placement p : c.placements()) {
                if (p.deployment().equals(name)) {
                    phases.put(p.deviceId(), TargetStatusStore.phaseName(p.phase()));
                }
            }
        }
        rollouts.firstStep(name, check.fleet(), Instant.now(), phases);
        String label = label(name, revision, source);
        PublishReport report = publisher.publish(publisher.plan(check.plan().computations().keySet(), check.fleet(),
                rollouts.chooser(), check.plan()), label);
        rollouts.recordReleasedGenerations();
        LOG.infof("deployment %s %s to revision %d (source %s%s, by %s): %d devices targeted, %d published,"
                + " %d tombstones", name, existing == null ? "created" : action + " applied", revision,
                source.kind().db(), source.commitSha() == null ? "" : " " + source.commitSha(), source.principal(),
                check.resolution().devices().size(), report.updated(), report.deleted());
        return new DeploymentViews.ApplyResult(name, revision, existing == null ? "created" : "updated",
                status(name, manifest), report.updated(), report.deleted());
    }

    private record Check(Resolution resolution, FleetSnapshot fleet, Plan plan) {
    }

    /** The fleet-wide rules: a selector must match, no two deployments may claim one app id on a device. */
    private Check check(AppDeployment manifest, long revision, DeploymentRow existing) {
        String name = manifest.name();
        Resolution resolution = TargetResolver.resolve(manifest.spec().targets(), inventory.all(), inventory::get);
        if (resolution.usesSelector() && resolution.selectorMatches() == 0) {
            throw ProblemException.badRequest("spec.targets", "platforms and selector match no device in inventory ("
                    + inventory.size() + " devices known, decommissioned ones excluded); a deployment must target at"
                    + " least one device when it is applied");
        }
        FleetSnapshot fleet = active.load().with(DeploymentSnapshot.of(name, revision,
                existing == null ? Long.MAX_VALUE : existing.priority(), manifest));
        Set<String> affected = new TreeSet<>(resolution.devices());
        affected.addAll(targets.devicesOf(name));
        Plan plan = publisher.plan(affected, fleet, RevisionChooser.CURRENT);
        List<Conflict> conflicts = plan.conflictsOf(name);
        if (!conflicts.isEmpty()) {
            throw conflict(name, manifest.spec().app().id(), conflicts);
        }
        return new Check(resolution, fleet, plan);
    }

    private static ProblemException conflict(String name, String appId, List<Conflict> conflicts) {
        Map<String, Set<String>> devicesByPair = new LinkedHashMap<>();
        Map<String, Conflict> example = new HashMap<>();
        for (Conflict c : conflicts) {
            String other = c.winner().equals(name) ? c.loser() : c.winner();
            String key = c.field() + "|" + other;
            devicesByPair.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(c.deviceId());
            example.putIfAbsent(key, c);
        }
        List<FieldError> errors = new ArrayList<>();
        List<Map<String, Object>> details = new ArrayList<>();
        StringBuilder detail = new StringBuilder();
        for (Map.Entry<String, Set<String>> e : devicesByPair.entrySet()) {
            Conflict c = example.get(e.getKey());
            String other = c.winner().equals(name) ? c.loser() : c.winner();
            List<String> devices = e.getValue().stream().limit(MAX_LISTED).toList();
            String what = c.field().equals("spec.app.id")
                    ? "deployments '" + name + "' and '" + other + "' both claim app id '" + appId + "'"
                    : "deployments '" + name + "' and '" + other + "' set "
                            + c.field().substring("spec.devicePolicy.cppPolicers.".length()) + " differently";
            String message = what + " on " + e.getValue().size() + " device(s): " + String.join(", ", devices)
                    + (e.getValue().size() > devices.size() ? ", …" : "");
            errors.add(new FieldError(c.field(), message));
            if (detail.length() > 0) {
                detail.append("; ");
            }
            detail.append(message);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("field", c.field());
            d.put("deployments", List.of(name, other));
            d.put("devices", devices);
            d.put("deviceCount", e.getValue().size());
            details.add(d);
        }
        return new ProblemException(409, "Conflict", detail.toString(), errors, Map.of("conflicts", details));
    }

    /** The device's change between the stored state and the computed one, or null when there is none. */
    private static DeviceChange change(DeviceComputation c, StoredState prev) {
        DesiredDeviceState before = prev == null ? null : prev.state();
        if (c.removed()) {
            if (before == null) {
                return null;
            }
            return new DeviceChange(c.deviceId(), "remove", List.of(), false,
                    List.of("none: the device is no longer managed and is left as it is"));
        }
        Map<String, DesiredApp> old = new LinkedHashMap<>();
        if (before != null) {
            before.getAppsList().forEach(a -> old.put(a.getAppId(), a));
        }
        List<AppChange> apps = new ArrayList<>();
        List<String> steps = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (DesiredApp now : c.state().getAppsList()) {
            seen.add(now.getAppId());
            DesiredApp was = old.get(now.getAppId());
            if (was == null) {
                List<String> s = StepPlan.steps(null, now);
                apps.add(new AppChange(now.getAppId(), "added", now.getDeploymentName(), null,
                        now.getDeploymentRevision(), s));
                steps.addAll(s);
            } else if (!was.equals(now)) {
                List<String> s = StepPlan.steps(was, now);
                apps.add(new AppChange(now.getAppId(), "changed", now.getDeploymentName(), was.getDeploymentRevision(),
                        now.getDeploymentRevision(), s));
                steps.addAll(s);
            }
        }
        for (DesiredApp was : old.values()) {
            if (!seen.contains(was.getAppId())) {
                List<String> s = StepPlan.steps(was, null);
                apps.add(new AppChange(was.getAppId(), "removed", was.getDeploymentName(), was.getDeploymentRevision(),
                        null, s));
                steps.addAll(s);
            }
        }
        boolean settingsChanged = before == null ? c.state().getSettings().getCppPolicersCount() > 0
                : !before.getSettings().equals(c.state().getSettings());
        if (settingsChanged) {
            steps.add("configure cpp-policers");
        }
        boolean pruneChanged = before != null ? before.getPruneUnmanaged() != c.state().getPruneUnmanaged()
                : c.state().getPruneUnmanaged();
        if (apps.isEmpty() && !settingsChanged && !pruneChanged) {
            return null;
        }
        if (pruneChanged && c.state().getPruneUnmanaged()) {
            steps.add("uninstall apps appfleet does not manage");
        }
        return new DeviceChange(c.deviceId(), "update", apps, settingsChanged, steps);
    }

    private Status status(String name, AppDeployment manifest) {
        Map<String, Long> counts = targets.counts(name);
        Resolution resolution = TargetResolver.resolve(
                new AppDeployment.Targets(List.of(), null, manifest.spec().targets().devices()), List.of(),
                inventory::get);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        Rollouts.Summary rollout = rollouts.summary(name);
        return new Status(total, counts.get("Applied"), counts.get("Pending"), counts.get("Unschedulable"),
                counts.get("Conflict"), resolution.unknownDevices(), resolution.decommissionedDevices(),
                rollout == null ? null : rollout.succeeded(), rollout == null ? null : rollout.failed(),
                rollout == null ? null : rollout.rollout());
    }

    private void requireReady() {
        if (!inventoryConsumer.ready()) {
            throw new ProblemException(503, "Service unavailable", "the inventory view is still loading from"
                    + " fleet.inventory.v1; retry in a few seconds", null, null);
        }
    }

    private static void checkPage(int page, int size) {
        if (page < 0) {
            throw ProblemException.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > 1000) {
            throw ProblemException.badRequest("size", "must be from 1 to 1000");
        }
    }

    /** The source.revision of published records: the commit for git changes, else {@code name@revision}. */
    static String label(String name, long revision, ChangeSource source) {
        return source.commitSha() != null ? source.commitSha() : name + "@" + revision;
    }

    private static DeploymentViews.Revision view(RevisionRow r) {
        return new DeploymentViews.Revision(r.revision(), r.action(), r.source().db(), r.commitSha(), r.sourcePath(),
                r.principal(), r.rollbackOf(), r.digest(), r.createdAt());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
