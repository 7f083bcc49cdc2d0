package io.appfleet.desired.rollout;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.appfleet.desired.devicestate.ActiveDeployments;
import io.appfleet.desired.devicestate.DeploymentSnapshot;
import io.appfleet.desired.devicestate.DesiredAppMapper;
import io.appfleet.desired.devicestate.DesiredStatePublisher;
import io.appfleet.desired.devicestate.FleetSnapshot;
import io.appfleet.desired.devicestate.RevisionChooser;
import io.appfleet.desired.devicestate.TargetStatusStore;
import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.AppDeployment.Rollout;
import io.appfleet.desired.manifest.ManifestReader;
import io.appfleet.desired.observed.ObservedView;
import io.appfleet.desired.rollout.RolloutStore.DeviceRow;
import io.appfleet.desired.rollout.RolloutStore.RolloutRow;
import io.appfleet.platform.problem.ProblemException;
import io.appfleet.proto.fleet.v1.DesiredApp;

/**
 * Rollouts: how each deployment's current revision reaches its devices. A new revision starts a
 * rollout ({@link #start}); {@link #step} moves a progressing one on (called by the
 * {@link RolloutController} and right after a start or an operator's action); {@link #chooser}
 * tells the desired-state computation which revision each device gets meanwhile. Every method that
 * writes runs inside the caller's transaction, which holds the FleetLock.
 */
@ApplicationScoped
public class Rollouts {

    private static final Logger LOG = Logger.getLogger(Rollouts.class);
    private static final int EVENTS_SHOWN = 50;

    @Inject
    RolloutStore store;

    @Inject
    TargetStatusStore targets;

    @Inject
    ObservedView observed;

    @Inject
    ActiveDeployments active;

    @Inject
    DesiredStatePublisher publisher;

    @Inject
    Rollbacks rollbacks;

    @Inject
    RolloutMetrics metrics;

    @Inject
    RolloutStatusPublisher status;

    /** The last evaluation's counts per deployment, for status without a database round trip per device. */
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private final Map<String, AppDeployment> revisions = new ConcurrentHashMap<>();
    private static final java.time.Duration SETTLED_REFRESH = java.time.Duration.ofSeconds(10);
    /** When the settled rollouts were last counted; only the controller's passes touch it. */
    private Instant settledCountedAt;

    /** What an evaluation found, per wave (index 0 = wave 1) and in total. */
    public record Counts(long revision, long[] devices, long[] released, long[] succeeded, long[] failed,
            long excluded, Map<String, Long> sync, Map<String, Long> health) {

        public long total(long[] perWave) {
            long n = 0;
            for (long v : perWave) {
                n += v;
            }
            return n;
        }
    }

    /** What a step asks of the caller: publish released devices, or roll back to a revision. */
    public record Step(List<String> released, boolean waveOpened, Long rollbackTo, String reason) {
        static final Step NONE = new Step(List.of(), false, null, null);
    }

    /**
     * Starts the rollout of {@code revision} over {@code targeted}, replacing the deployment's
     * earlier rollout. Devices keep what they were given until their wave opens. {@code immediate}:
     * every wave at once, nothing held back (an automatic rollback).
     *
     * @param previousRevision the deployment's revision before this one (null when it is new)
     */
    public void start(String name, long revision, AppDeployment manifest, Collection<String> targeted,
            Long previousRevision, boolean immediate, String startedBy) {
        RolloutRow old = store.find(name);
        // What an abort returns to: the last revision that rolled out completely. A deployment older
        // than rollouts (no rollout row) counts its previous revision as complete.
        Long stable = old == null ? previousRevision
                : old.state() == RolloutState.Succeeded ? Long.valueOf(old.revision()) : old.stableRevision();
        if (stable != null && stable == revision) {
            stable = null;
        }
        Rollout settings = settings(manifest);
        int waveCount = settings.waves().size();
        Instant now = now();
        RolloutRow row = new RolloutRow(name, revision, stable, RolloutState.Progressing, null,
                immediate ? waveCount : 1, waveCount, null, 0, immediate, now, now);
        store.start(row, WavePlan.assign(name, targeted, settings.waves()));
        store.addEvent(name, revision, "Started", immediate ? null : 1, "revision " + revision + " rolling out to "
                + targeted.size() + " devices in " + waveCount + (waveCount == 1 ? " wave" : " waves")
                + " (by " + startedBy + ")");
        counts.remove(name);
    }

    /**
     * Evaluates a progressing rollout once: releases the next devices, opens the next wave or
     * finishes, or stops it at the failure threshold. The caller publishes what it released.
     */
    public Step step(String name, FleetSnapshot fleet, Instant now) {
        return step(name, fleet, now, null);
    }

    /**
     * The first step of a rollout just started, before anything is published: which devices can be
     * placed comes from {@code phases} (the apply's own computation, device → phase), so the apply
     * publishes once, with those devices released. The caller publishes and then calls
     * {@link #recordReleasedGenerations()}.
     */
    public Step firstStep(String name, FleetSnapshot fleet, Instant now, Map<String, String> phases) {
        return step(name, fleet, now, phases);
    }

    /** Records which desired generation carried each release made since the last call (same transaction). */
    public void recordReleasedGenerations() {
        store.recordReleasedGenerations();
    }

    /** One evaluation, then fleet.rollouts.v1 is told when it changed the rollout's state or counts. */
    private Step step(String name, FleetSnapshot fleet, Instant now, Map<String, String> phases) {
        Step step = evaluate(name, fleet, now, phases);
        publishStatus(name);
        return step;
    }

    private Step evaluate(String name, FleetSnapshot fleet, Instant now, Map<String, String> phases) {
        RolloutRow row = store.find(name);
        DeploymentSnapshot d = fleet.get(name);
        if (row == null || d == null || d.revision() != row.revision()) {
            return Step.NONE;
        }
        List<Member> members = members(row, d, true, phases);
        if (row.state() != RolloutState.Progressing) {
            return Step.NONE;
        }
        Rollout settings = settings(d.manifest());
        WaveGate.Position position = new WaveGate.Position(row.currentWave(), row.waveCount(), row.doneSince(),
                row.failureBaseline(), row.skipGates());
        WaveGate.Result r = WaveGate.evaluate(position, new WaveGate.Settings(settings.maxUnavailable(),
                settings.failureThreshold(), settings.healthyForDuration()), members,
                TimeWindows.allows(settings.windows(), now), now);
        if (r.breach() != null) {
            return breach(row, settings, r.breach());
        }
        if (!r.release().isEmpty()) {
            store.release(name, r.release(), now);
            countReleased(row, members, r.release());
        }
        boolean opened = r.waveOpened(position);
        if (opened) {
            store.markWave(name, row.currentWave(), false, now);
            store.markWave(name, r.currentWave(), true, now);
            long size = members.stream().filter(m -> !m.excluded() && m.wave() == r.currentWave()).count();
            store.addEvent(name, row.revision(), "WaveOpened", r.currentWave(), "wave " + r.currentWave() + "/"
                    + row.waveCount() + " open (" + size + " more devices)");
            LOG.infof("rollout %s revision %d: wave %d/%d open", name, row.revision(), r.currentWave(), row.waveCount());
        }
        RolloutRow next = row.withProgress(r.currentWave(), r.doneSince());
        if (r.succeeded()) {
            for (int w = 1; w <= row.waveCount(); w++) {
                store.markWave(name, w, false, now);
            }
            next = next.with(RolloutState.Succeeded, null);
            store.addEvent(name, row.revision(), "Succeeded", null, "every wave done: revision " + row.revision()
                    + " is the stable revision");
            LOG.infof("rollout %s revision %d succeeded", name, row.revision());
        }
        if (!next.equals(row)) {
            store.update(next);
        }
        return new Step(r.release(), opened, null, null);
    }

    /**
     * The counts with this step's releases in (as progressing): what fleet.rollouts.v1 and the status
     * say right after an apply or a wave opens, rather than at the next evaluation.
     */
    private void countReleased(RolloutRow row, List<Member> members, List<String> releasedNow) {
        Counts before = counts.get(row.deployment());
        if (before == null) {
            return;
        }
        Set<String> released = new HashSet<>(releasedNow);
        List<Member> after = new ArrayList<>(members.size());
        for (Member m : members) {
            after.add(!m.released() && released.contains(m.deviceId())
                    ? new Member(m.deviceId(), m.wave(), m.rank(), true, m.excluded(), DeviceOutcome.PROGRESSING)
                    : m);
        }
        countsOf(row, after, before.sync(), before.health());
    }

    private Step breach(RolloutRow row, Rollout settings, String reason) {
        String name = row.deployment();
        if (settings.autoRollback() && row.stableRevision() != null) {
            store.update(row.with(RolloutState.RolledBack, reason));
            store.addEvent(name, row.revision(), "RolledBack", row.currentWave(), reason + "; rolling back to revision "
                    + row.stableRevision());
            LOG.warnf("rollout %s revision %d rolled back to %d: %s", name, row.revision(), row.stableRevision(), reason);
            return new Step(List.of(), false, row.stableRevision(), reason);
        }
        String why = settings.autoRollback() ? reason + "; no earlier revision to roll back to" : reason;
        store.update(row.with(RolloutState.Paused, why));
        store.addEvent(name, row.revision(), "Paused", row.currentWave(), why);
        LOG.warnf("rollout %s revision %d paused: %s", name, row.revision(), why);
        return Step.NONE;
    }

    /**
     * Moves one rollout on through as many waves as are due now and publishes what it released;
     * over the failure threshold with autoRollback, makes the stable revision current again.
     *
     * @return true when it rolled back (the deployments changed)
     */
    public boolean advance(String name, FleetSnapshot fleet, Instant now) {
        DeploymentSnapshot d = fleet.get(name);
        String label = d == null ? name : name + "@" + d.revision();
        for (int i = 0; i <= 20; i++) {
            Step step = step(name, fleet, now);
            if (step.rollbackTo() != null) {
                try {
                    rollbacks.rollBack(name, step.rollbackTo(), step.reason());
                } catch (ProblemException e) {
                    String why = "the automatic rollback to revision " + step.rollbackTo() + " was refused: "
                            + e.getMessage();
                    LOG.errorf("rollout %s: %s", name, why);
                    RolloutRow row = store.find(name);
                    store.update(row.with(RolloutState.Paused, row.reason() + "; " + why));
                    store.addEvent(name, row.revision(), "Paused", row.currentWave(), why);
                    publishStatus(name);
                }
                return true;
            }
            publish(step.released(), label);
            if (!step.waveOpened()) {
                break;
            }
        }
        return false;
    }

    /** Names of the rollouts a controller pass moves on. */
    public List<String> progressing() {
        return store.all().stream().filter(r -> r.state() == RolloutState.Progressing).map(RolloutRow::deployment)
                .toList();
    }

    /**
     * Refreshes the counts of rollouts that are not progressing (so their status stays live after
     * the last wave) at most every {@link #SETTLED_REFRESH}: they change only as devices drift, and
     * reading every device of every settled rollout each second would be most of a pass. Updates the
     * rollout metrics.
     */
    public void refreshCounts(FleetSnapshot fleet, Instant now) {
        List<RolloutRow> all = store.all();
        if (settledCountedAt == null || !now.isBefore(settledCountedAt.plus(SETTLED_REFRESH))) {
            settledCountedAt = now;
            for (RolloutRow row : all) {
                DeploymentSnapshot d = fleet.get(row.deployment());
                if (row.state() != RolloutState.Progressing && d != null && d.revision() == row.revision()) {
                    members(row, d, false);
                    publishStatus(row.deployment());
                }
            }
        }
        counts.keySet().removeIf(name -> all.stream().noneMatch(r -> r.deployment().equals(name)));
        metrics.update(all, counts);
    }

    /** Publishes the current desired state of {@code deviceIds} and records which generation carried each release. */
    public int publish(Collection<String> deviceIds, String label) {
        if (deviceIds.isEmpty()) {
            return 0;
        }
        int n = publisher.publish(publisher.plan(deviceIds, active.load(), chooser()), label).updated();
        store.recordReleasedGenerations();
        return n;
    }

    /** {@link #publish} with the rollout's {@code <deployment>@<revision>} as the records' source revision. */
    public int publishFor(String name, Collection<String> deviceIds) {
        RolloutRow row = store.find(name);
        return publish(deviceIds, row == null ? name : name + "@" + row.revision());
    }

    /** The revision each device gets from each deployment, as the rollouts stand now. */
    public RevisionChooser chooser() {
        Map<String, RolloutRow> rows = new HashMap<>();
        for (RolloutRow r : store.all()) {
            if (r.state().active()) {
                rows.put(r.deployment(), r);
            }
        }
        if (rows.isEmpty()) {
            return RevisionChooser.CURRENT;
        }
        Map<String, Set<String>> released = store.released(rows.keySet());
        Map<String, DeploymentSnapshot> stable = new HashMap<>();
        for (RolloutRow r : rows.values()) {
            AppDeployment m = r.stableRevision() == null ? null : revision(r.deployment(), r.stableRevision());
            if (m != null) {
                stable.put(r.deployment(), DeploymentSnapshot.of(r.deployment(), r.stableRevision(), 0, m));
            }
        }
        return new RolloutChooser(rows, released, targets.givenRevisions(rows.keySet()), stable, this::revision);
    }

    public RolloutView view(String name) {
        RolloutRow row = store.find(name);
        if (row == null) {
            throw ProblemException.notFound("deployment '" + name + "' has no rollout");
        }
        DeploymentSnapshot d = active.load().get(name);
        if (d != null && d.revision() == row.revision()) {
            members(row, d, false);
        }
        Counts c = counts.get(name);
        List<RolloutView.Wave> waves = new ArrayList<>();
        for (RolloutStore.WaveRow w : store.waves(name)) {
            int i = w.wave() - 1;
            long devices = c == null ? 0 : c.devices()[i];
            long released = c == null ? 0 : c.released()[i];
            long ok = c == null ? 0 : c.succeeded()[i];
            long failed = c == null ? 0 : c.failed()[i];
            waves.add(new RolloutView.Wave(w.wave(), devices, released, ok, failed, released - ok - failed,
                    waveState(row, w), w.openedAt(), w.doneAt()));
        }
        List<RolloutView.Event> events = store.events(name, EVENTS_SHOWN).stream()
                .map(e -> new RolloutView.Event(e.time(), e.type(), e.wave(), e.revision(), e.message())).toList();
        long total = c == null ? 0 : c.total(c.devices());
        long released = c == null ? 0 : c.total(c.released());
        long ok = c == null ? 0 : c.total(c.succeeded());
        long failed = c == null ? 0 : c.total(c.failed());
        return new RolloutView(name, row.revision(), row.stableRevision(), row.state().name(), row.reason(),
                row.currentWave(), row.waveCount(), waves, ok, failed, released - ok - failed, total - released,
                c == null ? 0 : c.excluded(), c == null ? Map.of() : c.sync(), c == null ? Map.of() : c.health(),
                row.startedAt(), row.updatedAt(), events);
    }

    /** The short form for a deployment's status, with the last counts; null when it has no rollout. */
    public Summary summary(String name) {
        RolloutRow row = store.find(name);
        if (row == null) {
            return null;
        }
        Counts c = counts.get(name);
        Long ok = c == null || c.revision() != row.revision() ? null : c.total(c.succeeded());
        Long failed = c == null || c.revision() != row.revision() ? null : c.total(c.failed());
        return new Summary(new RolloutView.Summary(row.revision(), row.state().name(), row.currentWave(),
                row.waveCount()), ok, failed);
    }

    /** A rollout's short form and its succeeded/failed device counts (null before the first evaluation). */
    public record Summary(RolloutView.Summary rollout, Long succeeded, Long failed) {
    }

    // --- operator actions; the caller holds the FleetLock and publishes what the step returns ---

    public void pause(String name, String who) {
        RolloutRow row = require(name);
        if (row.state() == RolloutState.Paused) {
            return;
        }
        requireState(row, "pause", RolloutState.Progressing);
        store.update(row.with(RolloutState.Paused, "paused by " + who));
        store.addEvent(name, row.revision(), "Paused", row.currentWave(), "paused by " + who);
        publishStatus(name);
    }

    /**
     * Progressing again; failures so far are accepted (only new ones count against the threshold).
     *
     * @return the devices to republish: after an abort, every device the rollout had released gets
     *         the revision back
     */
    public Set<String> resume(String name, String who) {
        RolloutRow row = require(name);
        if (row.state() == RolloutState.Progressing) {
            return Set.of();
        }
        requireState(row, "resume", RolloutState.Paused, RolloutState.Aborted);
        long failed = 0;
        Counts c = counts.get(name);
        if (c != null && c.revision() == row.revision()) {
            failed = c.total(c.failed());
        }
        store.update(row.with(RolloutState.Progressing, null).withBaseline((int) failed).withProgress(row.currentWave(),
                null));
        store.addEvent(name, row.revision(), "Resumed", row.currentWave(), "resumed by " + who
                + (failed > 0 ? "; " + failed + " failed devices accepted" : ""));
        Set<String> ids = new HashSet<>();
        if (row.state() == RolloutState.Aborted) {
            store.devices(name).stream().filter(d -> d.releasedAt() != null).forEach(d -> ids.add(d.deviceId()));
        }
        publishStatus(name);
        return ids;
    }

    /** Every device back on the stable revision (or without the app when there is none). */
    public Set<String> abort(String name, String who) {
        RolloutRow row = require(name);
        if (row.state() != RolloutState.Aborted) {
            requireState(row, "abort", RolloutState.Progressing, RolloutState.Paused);
            store.update(row.with(RolloutState.Aborted, "aborted by " + who));
            store.addEvent(name, row.revision(), "Aborted", row.currentWave(), "aborted by " + who + "; devices return to "
                    + (row.stableRevision() == null ? "not having the app" : "revision " + row.stableRevision()));
        }
        Set<String> ids = new HashSet<>();
        store.devices(name).forEach(d -> ids.add(d.deviceId()));
        publishStatus(name);
        return ids;
    }

    /** Opens the next wave now, or with {@code full} every wave without holding anything back. */
    public void promote(String name, boolean full, String who) {
        RolloutRow row = require(name);
        requireState(row, "promote", RolloutState.Progressing, RolloutState.Paused);
        Instant now = now();
        RolloutRow next;
        String what;
        if (full || row.currentWave() >= row.waveCount()) {
            next = row.withSkipGates();
            what = "every wave opened, nothing held back";
            for (int w = row.currentWave() + 1; w <= row.waveCount(); w++) {
                store.markWave(name, w, true, now);
            }
        } else {
            next = row.withProgress(row.currentWave() + 1, null);
            what = "wave " + (row.currentWave() + 1) + "/" + row.waveCount() + " opened";
            store.markWave(name, row.currentWave(), false, now);
            store.markWave(name, row.currentWave() + 1, true, now);
        }
        store.update(next.with(RolloutState.Progressing, null));
        store.addEvent(name, row.revision(), "Promoted", next.currentWave(), what + " by " + who);
        publishStatus(name);
    }

    /** The deployment was deleted (its rollout rows went with it): a tombstone on fleet.rollouts.v1. */
    public void deleted(String name) {
        counts.remove(name);
        status.publishDeleted(name);
    }

    /**
     * Puts the rollout on fleet.rollouts.v1 (in the caller's transaction) when its state, waves or
     * last counts differ from the last record: a few rows per rollout, not per device.
     */
    private void publishStatus(String name) {
        RolloutRow row = store.find(name);
        if (row == null) {
            return;
        }
        Counts c = counts.get(name);
        status.publishIfChanged(row, store.waves(name), c == null || c.revision() != row.revision() ? null : c,
                Rollouts::waveState);
    }

    private RolloutRow require(String name) {
        RolloutRow row = store.find(name);
        if (row == null) {
            throw ProblemException.notFound("deployment '" + name + "' has no rollout");
        }
        return row;
    }

    private static void requireState(RolloutRow row, String action, RolloutState... allowed) {
        for (RolloutState s : allowed) {
            if (row.state() == s) {
                return;
            }
        }
        throw new ProblemException(409, "Conflict", "cannot " + action + " the rollout of revision " + row.revision()
                + " of '" + row.deployment() + "': it is " + row.state(), null, null);
    }

    /**
     * The rollout's devices as they stand, with their outcome. With {@code adopt}, targeted devices
     * the rollout does not know yet (new in inventory, or newly matching) join its last wave.
     */
    private List<Member> members(RolloutRow row, DeploymentSnapshot d, boolean adopt) {
        return members(row, d, adopt, null);
    }

    /** {@code knownPhases}: device → placement phase when the caller has them, else read from deployment_target. */
    private List<Member> members(RolloutRow row, DeploymentSnapshot d, boolean adopt, Map<String, String> knownPhases) {
        String name = row.deployment();
        Map<String, String> phases = knownPhases != null ? knownPhases : targets.phases(name);
        List<DeviceRow> rows = store.devices(name);
        if (adopt) {
            Set<String> known = new HashSet<>();
            int rank = 0;
            for (DeviceRow r : rows) {
                known.add(r.deviceId());
                rank = Math.max(rank, r.rank() + 1);
            }
            List<WavePlan.Slot> joined = new ArrayList<>();
            for (String id : phases.keySet()) {
                if (!known.contains(id)) {
                    joined.add(new WavePlan.Slot(id, row.waveCount(), rank++));
                }
            }
            if (!joined.isEmpty()) {
                store.addDevices(name, joined);
                rows = store.devices(name);
            }
        }
        DesiredApp app = DesiredAppMapper.toProto(d.manifest(), row.revision());
        OutcomeJudge.Expected expected = new OutcomeJudge.Expected(app.getAppId(), app.getState(), app.getConfigDigest());
        List<Member> out = new ArrayList<>(rows.size());
        Map<String, Long> sync = new java.util.TreeMap<>();
        Map<String, Long> health = new java.util.TreeMap<>();
        for (DeviceRow r : rows) {
            String phase = phases.get(r.deviceId());
            boolean excluded = phase == null || !(phase.equals("Applied") || phase.equals("Pending"));
            boolean released = r.releasedAt() != null;
            DeviceOutcome outcome = released && !excluded
                    ? OutcomeJudge.judge(expected, r.releasedGeneration(), observed.get(r.deviceId()))
                    : DeviceOutcome.PROGRESSING;
            out.add(new Member(r.deviceId(), r.wave(), r.rank(), released, excluded, outcome));
            if (!excluded) {
                AppStatus status = AppStatus.of(observed.get(r.deviceId()), app.getAppId());
                sync.merge(status.sync(), 1L, Long::sum);
                health.merge(status.health(), 1L, Long::sum);
            }
        }
        countsOf(row, out, sync, health);
        return out;
    }

    private Counts countsOf(RolloutRow row, List<Member> members, Map<String, Long> sync, Map<String, Long> health) {
        int n = row.waveCount();
        long[] devices = new long[n];
        long[] released = new long[n];
        long[] ok = new long[n];
        long[] failed = new long[n];
        long excluded = 0;
        for (Member m : members) {
            if (m.excluded()) {
                excluded++;
                continue;
            }
            int i = Math.min(n, m.wave()) - 1;
            devices[i]++;
            if (m.released()) {
                released[i]++;
            }
            if (m.succeeded()) {
                ok[i]++;
            }
            if (m.failed()) {
                failed[i]++;
            }
        }
        Counts c = new Counts(row.revision(), devices, released, ok, failed, excluded, sync, health);
        counts.put(row.deployment(), c);
        return c;
    }

    static String waveState(RolloutRow row, RolloutStore.WaveRow w) {
        if (row.state() == RolloutState.Succeeded || w.doneAt() != null) {
            return "Succeeded";
        }
        if (w.openedAt() == null && w.wave() > row.currentWave()) {
            return "Waiting";
        }
        if ((row.state() == RolloutState.RolledBack || (row.state() == RolloutState.Paused && row.reason() != null
                && row.reason().startsWith("wave "))) && w.wave() == row.currentWave()) {
            return "Failed";
        }
        return "Open";
    }

    private AppDeployment revision(String name, long revision) {
        return revisions.computeIfAbsent(name + "@" + revision, k -> {
            String json = store.revisionSpec(name, revision);
            return json == null ? null : ManifestReader.fromStored(json);
        });
    }

    /** The manifest's rollout with the documented default for every field it leaves out. */
    static Rollout settings(AppDeployment m) {
        Rollout r = m.spec().rollout();
        Rollout d = Rollout.DEFAULT;
        if (r == null) {
            return d;
        }
        return new Rollout(r.waves() == null || r.waves().isEmpty() ? d.waves() : r.waves(),
                r.maxUnavailable() == null ? d.maxUnavailable() : r.maxUnavailable(),
                r.failureThreshold() == null ? d.failureThreshold() : r.failureThreshold(),
                r.healthyFor() == null ? d.healthyFor() : r.healthyFor(), r.autoRollback(),
                r.windows() == null ? List.of() : r.windows());
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
