package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class RolloutProgressTest {

    /** A rollout reply of the contract; {@code waves} as "state:devices" per wave. */
    private static JsonNode rollout(long revision, String state, int current, String reason, String... waves) {
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < waves.length; i++) {
            String[] p = waves[i].split(":");
            w.append(i == 0 ? "" : ",").append("{\"index\":").append(i + 1).append(",\"devices\":").append(p[1])
                    .append(",\"state\":\"").append(p[0]).append("\"}");
        }
        return DesiredStateApi.parse("{\"deployment\":\"acc-probe\",\"revision\":" + revision
                + ",\"stableRevision\":" + (revision > 1 ? revision - 1 : "null") + ",\"state\":\"" + state
                + "\",\"reason\":" + (reason == null ? "null" : "\"" + reason + "\"") + ",\"currentWave\":" + current
                + ",\"waveCount\":" + waves.length + ",\"waves\":[" + w + "],\"succeeded\":18}");
    }

    private static JsonNode deployment(long targeted, long applied) {
        return DesiredStateApi.parse("{\"name\":\"infix-web\",\"status\":{\"targeted\":" + targeted + ",\"applied\":"
                + applied + ",\"pending\":0,\"unschedulable\":0,\"conflicts\":0}}");
    }

    @Test
    void eachWaveIsAnnouncedOnceWhenItOpensAndTheEndOnce() {
        RolloutProgress p = new RolloutProgress(List.of("acc-probe"));
        assertEquals("acc-probe ?", p.summary());
        assertFalse(p.done());
        assertEquals(List.of("acc-probe: wave 1/3 open (2 devices)"),
                p.rollout("acc-probe", rollout(1, "Progressing", 1, null, "Open:2", "Waiting:9", "Waiting:18")));
        assertEquals(List.of(),
                p.rollout("acc-probe", rollout(1, "Progressing", 1, null, "Open:2", "Waiting:9", "Waiting:18")));
        assertEquals("acc-probe wave 1/3", p.summary());
        // Two waves open between polls: both are told, in order.
        assertEquals(List.of("acc-probe: wave 2/3 open (9 devices)", "acc-probe: wave 3/3 open (18 devices)"),
                p.rollout("acc-probe", rollout(1, "Progressing", 3, null, "Succeeded:2", "Succeeded:9", "Open:18")));
        assertFalse(p.done());
        assertEquals(List.of("acc-probe: rollout Succeeded (revision 1, 18 devices)"),
                p.rollout("acc-probe", rollout(1, "Succeeded", 3, null, "Succeeded:2", "Succeeded:9", "Succeeded:18")));
        assertTrue(p.done());
        assertEquals("acc-probe Succeeded", p.summary());
        assertEquals(List.of(), p.pending());

        // A new revision starts over.
        assertEquals(List.of("acc-probe: rollout of revision 2 started", "acc-probe: wave 1/3 open (2 devices)"),
                p.rollout("acc-probe", rollout(2, "Progressing", 1, null, "Open:2", "Waiting:9", "Waiting:18")));
        assertFalse(p.done());
    }

    @Test
    void pausedResumedAndRolledBackAreToldWithTheReason() {
        RolloutProgress p = new RolloutProgress(List.of("acc-probe"));
        p.rollout("acc-probe", rollout(3, "Progressing", 2, null, "Succeeded:1", "Open:3"));
        assertEquals(List.of("acc-probe: rollout Paused at wave 2/2: wave 2: 2 of 3 devices failed (threshold 0)"),
                p.rollout("acc-probe", rollout(3, "Paused", 2, "wave 2: 2 of 3 devices failed (threshold 0)",
                        "Succeeded:1", "Failed:3")));
        assertEquals("acc-probe Paused 2/2", p.summary());
        assertEquals(List.of("acc-probe: rollout Paused at wave 2/2: wave 2: 2 of 3 devices failed (threshold 0)"),
                p.pending());
        assertEquals(List.of(), p.failed(), "a paused rollout may be resumed");
        assertEquals(List.of("acc-probe: rollout resumed at wave 2/2"),
                p.rollout("acc-probe", rollout(3, "Progressing", 2, null, "Succeeded:1", "Open:3")));
        assertEquals(List.of("acc-probe: rollout RolledBack to revision 2: wave 2 failed"),
                p.rollout("acc-probe", rollout(3, "RolledBack", 2, "wave 2 failed", "Succeeded:1", "Failed:3")));
        assertEquals(List.of("acc-probe: rollout RolledBack: wave 2 failed"), p.failed());
        assertFalse(p.done());
    }

    @Test
    void withoutARolloutTheStatusCountsStandIn() {
        RolloutProgress p = new RolloutProgress(List.of("acc-probe", "infix-web"));
        assertEquals(List.of(), p.noRollout("infix-web", deployment(6, 2)));
        assertEquals("acc-probe ?, infix-web 2/6 applied", p.summary());
        assertEquals(List.of("acc-probe: no answer from desired-state yet",
                "infix-web: applied to 2 of 6 targeted devices"), p.pending());
        assertEquals(List.of("infix-web: applied to 6/6 targeted devices"), p.noRollout("infix-web", deployment(6, 6)));
        assertEquals(List.of(), p.noRollout("infix-web", deployment(6, 6)));
        p.rollout("acc-probe", rollout(1, "Succeeded", 1, null, "Succeeded:18"));
        assertTrue(p.done());
        assertEquals("acc-probe Succeeded, infix-web 6/6 applied", p.summary());

        // A deployment deleted meanwhile leaves nothing to wait for.
        p.noRollout("infix-web", null);
        assertEquals("acc-probe Succeeded, infix-web deleted", p.summary());
        assertTrue(p.done());
        assertThrows(IllegalArgumentException.class, () -> p.noRollout("other", null));
    }
}
