package io.appfleet.fleetctl;

import static io.appfleet.fleetctl.ContractServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The tables and lines fleetctl prints, from replies shaped as the API contract's. */
class RenderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static JsonNode json(String sample) throws Exception {
        return MAPPER.readTree(sample(sample));
    }

    /** Column gaps are three spaces or more, cells never hold more than one: " | " shows the cells. */
    private static List<String> cells(String rendered) {
        return rendered.lines().map(l -> l.replaceAll(" {3,}", " | ")).toList();
    }

    @Test
    void deploymentsTable() throws Exception {
        List<JsonNode> items = new ArrayList<>();
        json("deployments-page.json").path("items").forEach(items::add);
        String table = GetCommand.Deployments.table(items, Instant.parse("2025-05-01T10:15:00Z"));
        assertThat(table).isEqualTo(String.join("\n",
                "NAME        APP         REVISION   TARGETED   APPLIED   SUCCEEDED   FAILED   ROLLOUT                AGE",
                "acc-probe   perfsonar   3          10         4         1           1        Progressing wave 2/3   3d",
                "vpg-rate    vpg         12         2          2         -           -        -                      60m"));
    }

    @Test
    void diffNamesEachChangingDeviceWithItsStepsAndEachRefusal() throws Exception {
        JsonNode diff = json("diff-updated.json");
        assertThat(DiffCommand.wouldChange(diff)).isTrue();
        assertThat(DiffCommand.render(diff).lines()).containsExactly(
                "deployment/dr-app: would be updated to revision 2: 2 of 3 devices targeted would change, 1 refused",
                "  dr-1: dryer changed (revision 1 to 2); steps: stop dryer, deactivate dryer, uninstall dryer,"
                        + " install dryer, configure dryer, activate dryer, start dryer",
                "  dr-3: no longer managed, dryer removed (was revision 1), device settings changed; steps: stop dryer,"
                        + " deactivate dryer, uninstall dryer",
                "  dr-2 refused (Unschedulable): keeps revision 1: needs 2000 units of CPU, 100 of 100 units free",
                "  unknown devices: dr-9");

        JsonNode same = json("diff-unchanged.json");
        assertThat(DiffCommand.wouldChange(same)).isFalse();
        assertThat(DiffCommand.render(same)).isEqualTo("deployment/dr-app: no changes (revision 1, 2 devices targeted)");
    }

    @Test
    void aNewRevisionIsAChangeEvenWhenNoDeviceTakesIt() throws Exception {
        JsonNode created = MAPPER.readTree("{\"name\":\"new\",\"revision\":1,\"outcome\":\"created\",\"targeted\":1,"
                + "\"devicesChanged\":0,\"devicesUnchanged\":0,\"changes\":[],\"refused\":[{\"deviceId\":\"d\","
                + "\"phase\":\"Conflict\",\"reason\":\"app id taken\"}],\"unknownDevices\":[],"
                + "\"decommissionedDevices\":[\"old-1\",\"old-2\"]}");
        assertThat(DiffCommand.wouldChange(created)).isTrue();
        assertThat(DiffCommand.render(created).lines()).containsExactly(
                "deployment/new: would be created as revision 1: 0 of 1 device targeted would change, 1 refused",
                "  d refused (Conflict): app id taken",
                "  decommissioned devices: old-1, old-2");
    }

    @Test
    void rolloutStatusShowsStateWavesAndEvents() throws Exception {
        String status = RolloutCommand.Status.render(json("rollout-progressing.json"),
                Instant.parse("2025-05-01T10:05:00Z"));
        assertThat(cells(status)).containsExactly(
                "deployment/acc-probe revision 3: Progressing wave 2/3 (stable revision 2)",
                "devices: 1 succeeded, 1 failed, 2 progressing, 6 pending",
                "started 2025-05-01T10:00:00Z (5m ago), updated 2025-05-01T10:04:00Z (60s ago)",
                "",
                "WAVE | STATE | DEVICES | RELEASED | SUCCEEDED | FAILED | PROGRESSING | OPENED | HEALTHY FOR",
                "1 | Succeeded | 1 | 1 | 1 | 0 | 0 | 5m | 3m",
                "2 | Open | 3 | 3 | 0 | 1 | 2 | 89s | -",
                "3 | Waiting | 6 | 0 | 0 | 0 | 0 | - | -",
                "",
                "EVENTS",
                "TIME | TYPE | WAVE | MESSAGE",
                "2025-05-01T10:00:00Z | Started | 1 | revision 3 to 10 devices in 3 waves",
                "2025-05-01T10:00:00Z | WaveOpened | 1 | 1 device",
                "2025-05-01T10:03:00Z | WaveSucceeded | 1 | healthy for 60s",
                "2025-05-01T10:03:30Z | WaveOpened | 2 | 3 devices");

        String paused = RolloutCommand.Status.render(json("rollout-paused.json"), Instant.parse("2025-05-01T10:06:00Z"));
        assertThat(paused.lines()).containsExactly(
                "deployment/acc-probe revision 3: Paused wave 2/3 (stable revision 2)",
                "reason: wave 2: 2 of 3 devices failed (threshold 0)",
                "devices: 1 succeeded, 2 failed, 0 progressing, 6 pending",
                "started 2025-05-01T10:00:00Z (6m ago), updated 2025-05-01T10:06:00Z (0s ago)");
        assertThat(RolloutCommand.Status.render(json("rollout-succeeded.json"), Instant.parse("2025-05-01T10:20:00Z"))
                .lines().findFirst()).hasValue("deployment/acc-probe revision 3: Succeeded wave 3/3 (first rollout)");
    }

    @Test
    void onlyTheLastTenEventsAreShown() throws Exception {
        StringBuilder events = new StringBuilder();
        for (int i = 1; i <= 12; i++) {
            events.append(i == 1 ? "" : ",").append("{\"time\":\"2025-05-01T10:00:").append(String.format("%02d", i))
                    .append("Z\",\"type\":\"WaveOpened\",\"wave\":").append(i).append(",\"message\":\"m").append(i)
                    .append("\"}");
        }
        JsonNode r = MAPPER.readTree("{\"deployment\":\"d\",\"revision\":1,\"state\":\"Progressing\",\"currentWave\":12,"
                + "\"waveCount\":12,\"events\":[" + events + "]}");
        List<String> lines = RolloutCommand.Status.render(r, Instant.parse("2025-05-01T10:01:00Z")).lines().toList();
        assertThat(lines).contains("EVENTS (last 10 of 12)");
        assertThat(lines.get(lines.size() - 10)).startsWith("2025-05-01T10:00:03Z");
        assertThat(lines.get(lines.size() - 1)).endsWith("m12");
        assertThat(lines).noneMatch(l -> l.endsWith(" m1") || l.endsWith(" m2"));
    }

    @Test
    void progressAndActionLines() throws Exception {
        assertThat(RolloutCommand.Status.progress(json("rollout-progressing.json"))).isEqualTo(
                "deployment/acc-probe revision 3: Progressing wave 2/3: 1 succeeded, 1 failed, 2 progressing, 6 pending");
        assertThat(RolloutCommand.Action.line("acc-probe", "paused", json("rollout-paused.json")))
                .isEqualTo("deployment/acc-probe paused (revision 3: Paused wave 2/3)");
    }

    @Test
    void undoGoesToTheNewestEarlierRevisionThatHoldsAManifest() throws Exception {
        assertThat(RolloutCommand.Undo.previous(json("revisions.json"))).isEqualTo(4);
        assertThat(RolloutCommand.Undo.previous(MAPPER.readTree("[{\"revision\":1,\"action\":\"apply\"}]"))).isNull();
        assertThat(RolloutCommand.Undo.previous(MAPPER.readTree("[]"))).isNull();
        JsonNode back = MAPPER.readTree("{\"name\":\"rb\",\"revision\":4,\"outcome\":\"updated\",\"published\":1,"
                + "\"tombstones\":0}");
        assertThat(RolloutCommand.Undo.line(back, 1)).isEqualTo("deployment/rb rolled back to revision 1 (now revision 4)");
        JsonNode same = MAPPER.readTree("{\"name\":\"rb\",\"revision\":4,\"outcome\":\"unchanged\"}");
        assertThat(RolloutCommand.Undo.line(same, 4))
                .isEqualTo("deployment/rb unchanged: revision 4 is the current manifest (revision 4)");
    }

    @Test
    void applyLine() throws Exception {
        assertThat(ApplyCommand.line(MAPPER.readTree("{\"name\":\"probe\",\"revision\":7,\"outcome\":\"updated\"}")))
                .isEqualTo("deployment/probe updated (revision 7)");
    }

    @Test
    void jsonAndYamlReEncodeTheReply() throws Exception {
        JsonNode reply = MAPPER.readTree("{\"name\":\"probe\",\"revision\":7,\"status\":{\"succeeded\":null},"
                + "\"tags\":[\"a\",\"yes\"]}");
        assertThat(MAPPER.readTree(OutputFormat.JSON.encode(reply))).isEqualTo(reply);
        assertThat(OutputFormat.JSON.encode(reply)).contains("\n  \"name\"");
        String yaml = OutputFormat.YAML.encode(reply);
        assertThat(yaml).startsWith("---\nname: probe\nrevision: 7\n").contains("succeeded: null")
                .contains("- \"yes\"");
        assertThat(new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(yaml))
                .isEqualTo(reply);
    }
}
