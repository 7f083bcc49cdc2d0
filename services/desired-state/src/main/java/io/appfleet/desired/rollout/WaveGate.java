package io.appfleet.desired.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.appfleet.desired.manifest.AppDeployment.Threshold;

/**
 * The decision of one evaluation of a progressing rollout, without I/O: which devices get the
 * revision next, whether the failures breach the threshold, and whether the next wave opens or the
 * rollout is done.
 * <ul>
 * <li>Only devices of open waves (1 … current) are released, at most {@code maxUnavailable} of
 * them not yet succeeded at a time (failed ones count: they are unavailable), and only inside the
 * allowed time windows.</li>
 * <li>More failed devices than {@code failureThreshold} of the open waves' devices (beyond the
 * failures an operator accepted by resuming) is a breach.</li>
 * <li>When every device of the open waves has been released and is done (succeeded, or failed
 * within the threshold) continuously for {@code healthyFor}, the next wave opens; after the last
 * one the rollout has succeeded.</li>
 * </ul>
 * With {@code skipGates} (promote --full, an automatic rollback) every wave is open and nothing is
 * held back.
 */
public final class WaveGate {

    private WaveGate() {
    }

    /** Where the rollout stands before this evaluation. */
    public record Position(int currentWave, int waveCount, Instant doneSince, int failureBaseline, boolean skipGates) {
    }

    /** The rollout's settings, from the manifest. */
    public record Settings(Threshold maxUnavailable, Threshold failureThreshold, Duration healthyFor) {
    }

    /**
     * @param release     devices to give the revision now, in release order
     * @param breach      why the rollout must stop (null when it need not)
     * @param doneSince   the new value of the position's doneSince
     * @param currentWave the highest open wave after this evaluation
     * @param succeeded   every wave is done: the rollout has succeeded
     */
    public record Result(List<String> release, String breach, Instant doneSince, int currentWave, boolean succeeded) {

        public boolean waveOpened(Position before) {
            return currentWave > before.currentWave();
        }
    }

    public static Result evaluate(Position p, Settings s, List<Member> members, boolean windowOpen, Instant now) {
        int wave = p.skipGates() ? p.waveCount() : p.currentWave();
        List<Member> open = new ArrayList<>();
        int eligible = 0;
        for (Member m : members) {
            if (m.excluded()) {
                continue;
            }
            eligible++;
            if (m.wave() <= wave) {
                open.add(m);
            }
        }
        int failed = (int) open.stream().filter(Member::failed).count();
        int allowed = s.failureThreshold().of(open.size());
        if (failed - p.failureBaseline() > allowed) {
            return new Result(List.of(), breach(wave, failed, open.size(), allowed, p.failureBaseline(), open), null,
                    p.currentWave(), false);
        }

        List<String> release = new ArrayList<>();
        if (windowOpen || p.skipGates()) {
            int unavailable = (int) open.stream().filter(m -> m.released() && !m.succeeded()).count();
            int budget = p.skipGates() ? Integer.MAX_VALUE
                    : Math.max(1, s.maxUnavailable().of(eligible)) - unavailable;
            open.stream().filter(m -> !m.released()).sorted(Comparator.comparingInt(Member::rank))
                    .limit(Math.max(0, budget)).forEach(m -> release.add(m.deviceId()));
        }

        boolean allDone = open.stream().allMatch(m -> m.released() && m.outcome().done());
        if (!allDone) {
            return new Result(release, null, null, wave, false);
        }
        Instant since = p.doneSince() == null ? now : p.doneSince();
        boolean heldLongEnough = p.skipGates() || !since.plus(s.healthyFor()).isAfter(now);
        if (!heldLongEnough) {
            return new Result(release, null, since, wave, false);
        }
        if (wave >= p.waveCount()) {
            return new Result(release, null, since, wave, true);
        }
        if (!windowOpen) {
            return new Result(release, null, since, wave, false);
        }
        return new Result(release, null, null, wave + 1, false);
    }

    private static String breach(int wave, int failed, int devices, int allowed, int baseline, List<Member> open) {
        StringBuilder b = new StringBuilder("wave ").append(wave).append(": ").append(failed).append(" of ")
                .append(devices).append(" devices failed");
        if (baseline > 0) {
            b.append(" (").append(baseline).append(" accepted on resume)");
        }
        b.append(", more than the failure threshold of ").append(allowed);
        open.stream().filter(Member::failed).sorted(Comparator.comparing(Member::deviceId)).limit(3)
                .forEach(m -> b.append("; ").append(m.deviceId()).append(": ").append(m.outcome().reason()));
        return b.toString();
    }
}
