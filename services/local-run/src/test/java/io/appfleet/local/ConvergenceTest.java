package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.SyncStatus;

class ConvergenceTest {

    private static final long GEN = 42;
    private static final Instant RUN_START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Timestamp DURING_RUN = Timestamp.newBuilder().setSeconds(RUN_START.getEpochSecond() + 5)
            .build();

    private static ObservedDeviceState.Builder observed(String id, long gen, SyncStatus sync, HealthStatus health) {
        return ObservedDeviceState.newBuilder().setDeviceId(id).setObservedDesiredGeneration(gen)
                .setReachability(Reachability.REACHABILITY_REACHABLE).setSync(sync).setHealth(health)
                .setObservedAt(DURING_RUN);
    }

    private static DesiredDeviceState desired(String id, long gen) {
        return DesiredDeviceState.newBuilder().setDeviceId(id).setGeneration(gen).build();
    }

    private static Convergence withDesired(Set<String> ids, long gen) {
        Convergence c = new Convergence(ids, RUN_START);
        ids.forEach(id -> c.accept(desired(id, gen)));
        return c;
    }

    @Test
    void countsTheLatestRecordOfEachDeviceAgainstItsDesiredGeneration() {
        Convergence c = new Convergence(Set.of("a", "b", "c", "d", "e", "f"), RUN_START);
        assertEquals(new Convergence.Counts(6, 0, 0, 0, 0, 0, 0, 6), c.counts());
        for (String id : List.of("a", "b", "c", "d", "e", "f", "zz")) {
            c.accept(desired(id, id.equals("d") ? GEN - 1 : GEN));
        }

        // An earlier pass (no desired state yet) looks synced, but is not this generation's.
        c.accept(observed("a", 0, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        c.accept(observed("b", GEN, SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_PROGRESSING).build());
        c.accept(observed("c", GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        c.accept(observed("d", GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_DEGRADED).build());
        c.accept(observed("e", 0, SyncStatus.SYNC_STATUS_UNKNOWN, HealthStatus.HEALTH_STATUS_UNKNOWN)
                .setReachability(Reachability.REACHABILITY_UNREACHABLE).build());
        c.accept(observed("zz", GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        assertEquals(new Convergence.Counts(6, 1, 2, 1, 1, 1, 1, 2), c.counts());
        assertFalse(c.counts().done());

        for (String id : List.of("a", "b", "d", "e", "f")) {
            c.accept(observed(id, GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        }
        assertEquals(new Convergence.Counts(6, 6, 6, 6, 0, 0, 0, 0), c.counts());
        assertTrue(c.counts().done());

        // A newer desired generation waits for its observation.
        c.accept(desired("a", GEN + 1));
        assertEquals(new Convergence.Counts(6, 5, 5, 5, 0, 0, 0, 1), c.counts());
        c.accept(observed("a", GEN + 1, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        assertTrue(c.counts().done());

        c.acceptObserved("c", null); // tombstone
        assertEquals(5, c.counts().converged());
        c.acceptDesired("b", null); // no desired state any more: nothing to converge to
        assertEquals(4, c.counts().converged());
        assertThrows(IllegalArgumentException.class, () -> c.acceptObserved("a", new byte[] {(byte) 0xff, 0x01}));
        assertThrows(IllegalArgumentException.class, () -> c.acceptDesired("a", new byte[] {(byte) 0xff, 0x01}));
    }

    @Test
    void observationsFromBeforeTheRunAreAnEarlierRunsOfSimulatorsThatAreGone() {
        Convergence c = withDesired(Set.of("a"), GEN);
        c.accept(observed("a", GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY)
                .setObservedAt(Timestamp.newBuilder().setSeconds(RUN_START.getEpochSecond() - 60)).build());
        assertEquals(new Convergence.Counts(1, 0, 0, 0, 0, 0, 0, 1), c.counts());
        assertEquals(List.of("1 device: no observed state yet"), c.commonReasons(5));
        c.accept(observed("a", GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        assertTrue(c.counts().done());
    }

    @Test
    void aDeviceWithoutDesiredStateNeverCountsAsConverged() {
        Convergence c = new Convergence(Set.of("a"), RUN_START);
        // What the adapter reports for a device nothing is desired of.
        c.accept(observed("a", 0, SyncStatus.SYNC_STATUS_UNKNOWN, HealthStatus.HEALTH_STATUS_UNKNOWN).build());
        assertEquals(new Convergence.Counts(1, 0, 0, 0, 0, 0, 0, 1), c.counts());
        assertEquals(List.of("1 device: no desired state (no manifest targets it, or its wave has not opened)"),
                c.commonReasons(5));
    }

    @Test
    void commonReasonsGroupTheLastErrorsMostFrequentFirst() {
        Convergence c = withDesired(Set.of("a", "b", "c", "d", "e", "f", "g"), GEN);
        ErrorInfo timeout = ErrorInfo.newBuilder().setCode("TIMEOUT").setMessage("no reply to 'show app-hosting list'"
                + " within 30 s\nmore detail").build();
        c.accept(observed("a", GEN, SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_DEGRADED)
                .setLastError(timeout).build());
        c.accept(observed("b", GEN, SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_DEGRADED)
                .setLastError(timeout).build());
        c.accept(observed("c", 0, SyncStatus.SYNC_STATUS_UNKNOWN, HealthStatus.HEALTH_STATUS_UNKNOWN)
                .setReachability(Reachability.REACHABILITY_UNREACHABLE).setLastError(ErrorInfo.newBuilder()
                        .setCode("DEVICE_UNREACHABLE").setMessage("connection refused")).build());
        c.accept(observed("d", GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        c.accept(observed("e", GEN, SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_PROGRESSING)
                .build());
        c.accept(observed("f", 1, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        assertEquals(List.of(
                "2 devices: TIMEOUT: no reply to 'show app-hosting list' within 30 s",
                "1 device: DEVICE_UNREACHABLE: connection refused",
                "1 device: desired generation not observed yet",
                "1 device: no observed state yet",
                "1 device: sync OUT_OF_SYNC, health PROGRESSING, no error reported"), c.commonReasons(5));
        assertEquals(2, c.commonReasons(2).size());
    }

    @Test
    void theProgressLineShowsTheBarTheCountsAndTheTime() {
        assertEquals("[#####---------------]  57/200 converged  Synced 60  Healthy 57  OutOfSync 3  Degraded 1"
                        + "  Unreachable 2  waiting 135  12.4 s",
                Convergence.line(new Convergence.Counts(200, 57, 60, 57, 3, 1, 2, 135), Duration.ofMillis(12_400), 20));
        assertEquals("[##########] 30/30 converged  Synced 30  Healthy 30  OutOfSync 0  Degraded 0  Unreachable 0"
                        + "  61.0 s",
                Convergence.line(new Convergence.Counts(30, 30, 30, 30, 0, 0, 0, 0), Duration.ofSeconds(61), 10));
        assertTrue(Convergence.line(new Convergence.Counts(0, 0, 0, 0, 0, 0, 0, 0), Duration.ZERO, 4)
                .startsWith("[----] 0/0 converged"));
        assertEquals("[##] 1/1 converged  Synced 1  Healthy 1  OutOfSync 0  Degraded 0  Unreachable 0  1.0 s"
                        + "  acc-probe wave 2/3, xr-probe Succeeded",
                Convergence.line(new Convergence.Counts(1, 1, 1, 1, 0, 0, 0, 0), Duration.ofSeconds(1), 2,
                        "acc-probe wave 2/3, xr-probe Succeeded"));
        assertEquals(Convergence.line(new Convergence.Counts(1, 1, 1, 1, 0, 0, 0, 0), Duration.ofSeconds(1), 2),
                Convergence.line(new Convergence.Counts(1, 1, 1, 1, 0, 0, 0, 0), Duration.ofSeconds(1), 2, ""));
    }
}
