package io.appfleet.local;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.google.protobuf.InvalidProtocolBufferException;

import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.SyncStatus;

/**
 * How far a set of devices has come towards the desired state desired-state published for each, from the latest
 * {@code fleet.desired.v1} and {@code fleet.observed.v1} record of each device. A device is converged when its latest
 * observation is of this run ({@code observed_at} not before {@code since}: a kept --data-dir holds an earlier run's
 * records, taken from simulators that are gone), compares with its latest desired generation or a later one, and
 * says {@code Synced} and {@code Healthy}. A device with no desired state yet (no manifest targets it, or its wave
 * has not opened) or no current observation counts as waiting, except that an unreachable device counts as
 * unreachable whatever the generation.
 */
final class Convergence {

    /**
     * @param waiting devices without desired state or without an observation of it yet (and not unreachable)
     */
    record Counts(int total, int converged, int synced, int healthy, int outOfSync, int degraded, int unreachable,
            int waiting) {

        boolean done() {
            return total > 0 && converged == total;
        }
    }

    private final Set<String> ids;
    private final Instant since;
    private final Map<String, Long> desired = new ConcurrentHashMap<>();
    private final Map<String, ObservedDeviceState> latest = new ConcurrentHashMap<>();

    Convergence(Set<String> ids, Instant since) {
        this.ids = Set.copyOf(ids);
        this.since = since;
    }

    /** A record of {@code fleet.desired.v1}: the device's generation to reach; a tombstone leaves it none. */
    void acceptDesired(String key, byte[] value) {
        if (key == null || !ids.contains(key)) {
            return;
        }
        if (value == null) {
            desired.remove(key);
            return;
        }
        try {
            desired.put(key, DesiredDeviceState.parseFrom(value).getGeneration());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("undecodable desired state: " + e.getMessage(), e);
        }
    }

    void accept(DesiredDeviceState s) {
        acceptDesired(s.getDeviceId(), s.toByteArray());
    }

    /**
     * A record of {@code fleet.observed.v1}; other devices' records, tombstones of unknown ones and observations
     * from before {@code since} are ignored.
     */
    void acceptObserved(String key, byte[] value) {
        if (key == null || !ids.contains(key)) {
            return;
        }
        if (value == null) {
            latest.remove(key);
            return;
        }
        ObservedDeviceState s;
        try {
            s = ObservedDeviceState.parseFrom(value);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("undecodable observed state: " + e.getMessage(), e);
        }
        Instant at = Instant.ofEpochSecond(s.getObservedAt().getSeconds(), s.getObservedAt().getNanos());
        if (!at.isBefore(since)) {
            latest.put(key, s);
        }
    }

    void accept(ObservedDeviceState s) {
        acceptObserved(s.getDeviceId(), s.toByteArray());
    }

    Counts counts() {
        int converged = 0;
        int synced = 0;
        int healthy = 0;
        int outOfSync = 0;
        int degraded = 0;
        int unreachable = 0;
        int waiting = 0;
        for (String id : ids) {
            ObservedDeviceState s = latest.get(id);
            if (s != null && unreachable(s)) {
                unreachable++;
                continue;
            }
            if (!current(id, s)) {
                waiting++;
                continue;
            }
            boolean isSynced = s.getSync() == SyncStatus.SYNC_STATUS_SYNCED;
            boolean isHealthy = s.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY;
            synced += isSynced ? 1 : 0;
            healthy += isHealthy ? 1 : 0;
            converged += isSynced && isHealthy ? 1 : 0;
            outOfSync += s.getSync() == SyncStatus.SYNC_STATUS_OUT_OF_SYNC ? 1 : 0;
            degraded += s.getHealth() == HealthStatus.HEALTH_STATUS_DEGRADED
                    || s.getHealth() == HealthStatus.HEALTH_STATUS_MISSING ? 1 : 0;
        }
        return new Counts(ids.size(), converged, synced, healthy, outOfSync, degraded, unreachable, waiting);
    }

    /** Whether {@code s} is an observation of the device's latest desired state. */
    private boolean current(String id, ObservedDeviceState s) {
        Long generation = desired.get(id);
        return s != null && generation != null && s.getObservedDesiredGeneration() >= generation;
    }

    private static boolean unreachable(ObservedDeviceState s) {
        return s.getReachability() == Reachability.REACHABILITY_UNREACHABLE
                || s.getReachability() == Reachability.REACHABILITY_AUTH_FAILED
                || s.getReachability() == Reachability.REACHABILITY_HOST_KEY_MISMATCH;
    }

    /**
     * Why the devices that are not converged are not, most common first: the last error of each (code and first
     * line), else what its record says; at most {@code max} reasons with how many devices give each.
     */
    List<String> commonReasons(int max) {
        Map<String, Long> reasons = ids.stream().map(this::reason).filter(r -> r != null)
                .collect(Collectors.groupingBy(r -> r, LinkedHashMap::new, Collectors.counting()));
        return reasons.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(max)
                .map(e -> e.getValue() + (e.getValue() == 1 ? " device: " : " devices: ") + e.getKey())
                .toList();
    }

    private String reason(String id) {
        ObservedDeviceState s = latest.get(id);
        if (s == null) {
            return "no observed state yet";
        }
        boolean current = current(id, s);
        if (current && s.getSync() == SyncStatus.SYNC_STATUS_SYNCED && s.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY
                && !unreachable(s)) {
            return null;
        }
        if (s.hasLastError() && !s.getLastError().getMessage().isBlank()) {
            String first = s.getLastError().getMessage().strip().lines().findFirst().orElse("");
            if (first.length() > 160) {
                first = first.substring(0, 157) + "...";
            }
            return (s.getLastError().getCode().isEmpty() ? "" : s.getLastError().getCode() + ": ") + first;
        }
        if (!desired.containsKey(id)) {
            return "no desired state (no manifest targets it, or its wave has not opened)";
        }
        if (!current) {
            return "desired generation not observed yet";
        }
        return "sync " + name(s.getSync().name(), "SYNC_STATUS_") + ", health "
                + name(s.getHealth().name(), "HEALTH_STATUS_") + ", no error reported";
    }

    private static String name(String enumName, String prefix) {
        return enumName.startsWith(prefix) ? enumName.substring(prefix.length()) : enumName;
    }

    /** {@link #line(Counts, Duration, int)} followed by where the rollouts stand, when there are any. */
    static String line(Counts c, Duration elapsed, int barWidth, String rollouts) {
        String devices = line(c, elapsed, barWidth);
        return rollouts == null || rollouts.isEmpty() ? devices : devices + "  " + rollouts;
    }

    /**
     * One progress line: {@code [#######-------]  57/200 converged  Synced 60  Healthy 57  OutOfSync 3
     * Degraded 0  Unreachable 0  12.4 s}. Waiting devices are shown only while there are any.
     */
    static String line(Counts c, Duration elapsed, int barWidth) {
        int filled = c.total() == 0 ? 0 : (int) ((long) c.converged() * barWidth / c.total());
        StringBuilder b = new StringBuilder(barWidth + 120);
        b.append('[').append("#".repeat(filled)).append("-".repeat(barWidth - filled)).append("] ");
        int width = String.valueOf(c.total()).length();
        b.append(String.format(Locale.ROOT, "%" + width + "d/%d converged", c.converged(), c.total()));
        b.append("  Synced ").append(c.synced()).append("  Healthy ").append(c.healthy())
                .append("  OutOfSync ").append(c.outOfSync()).append("  Degraded ").append(c.degraded())
                .append("  Unreachable ").append(c.unreachable());
        if (c.waiting() > 0) {
            b.append("  waiting ").append(c.waiting());
        }
        b.append(String.format(Locale.ROOT, "  %.1f s", elapsed.toMillis() / 1000.0));
        return b.toString();
    }
}
