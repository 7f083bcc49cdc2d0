package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.SyncStatus;

class ConvergenceTest {

    private static final long GEN = 42;

    private static ObservedDeviceState.Builder observed(String id, long gen, SyncStatus sync, HealthStatus health) {
        return ObservedDeviceState.newBuilder().setDeviceId(id).setObservedDesiredGeneration(gen)
                .setReachability(Reachability.REACHABILITY_REACHABLE).setSync(sync).setHealth(health);
    }

    @Test
    void countsTheLatestRecordOfEachDeviceAgainstTheGeneration() {
        Convergence c = new Convergence(Set.of("a", "b", "c", "d", "e", "f"), GEN);
        assertEquals(new Convergence.Counts(6, 0, 0, 0, 0, 0, 0, 6), c.counts());

        // An earlier pass (no desired state yet) looks synced, but is not this generation's.
        c.accept(observed("a", 0, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        c.accept(observed("b", GEN, SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_PROGRESSING).build());
        c.accept(observed("c", GEN, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY).build());
        c.accept(observed("d", GEN + 1, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_DEGRADED).build());
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

        c.accept("c", null); // tombstone
        assertEquals(5, c.counts().converged());
        assertThrows(IllegalArgumentException.class, () -> c.accept("a", new byte[] {(byte) 0xff, 0x01}));
    }

    @Test
    void commonReasonsGroupTheLastErrorsMostFrequentFirst() {
        Convergence c = new Convergence(Set.of("a", "b", "c", "d", "e", "f", "g"), GEN);
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
    }
}
