package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.iosxe.CpuPolicerStats.ClassQueues;
import io.appfleet.drivers.iosxe.CpuPolicerStats.PolicerMapping;
import io.appfleet.drivers.iosxe.CpuPolicerStats.PolicerStat;
import io.appfleet.drivers.iosxe.CpuPolicerStats.Queue;
import io.appfleet.drivers.iosxe.CpuPolicerStats.SecondLevelQueue;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CpuPolicerStatsParserTest {

    private static final CpuPolicerStats FULL =
            CpuPolicerStatsParser.parse(Fixtures.text("iosxe-cpp-policer-stats-1.txt"));
    private static final JsonNode GENIE = Fixtures.json("iosxe-cpp-policer-stats-1.genie-expected.json");

    @Test
    void genieHasOnlyTheTablesWeCompare() {
        assertThat(Fixtures.fields(GENIE)).containsExactlyInAnyOrder("cpu_queue_statistics", "cpu_policer_stats",
                "policer_index_map", "sec_policer_config", "cpp_classes_qmap");
    }

    @Test
    void queuesMatchGenie() {
        JsonNode byName = GENIE.get("cpu_queue_statistics");
        assertThat(FULL.queues()).hasSize(byName.size());
        for (Map.Entry<String, JsonNode> e : byName.properties()) {
            JsonNode g = e.getValue();
            assertThat(Fixtures.fields(g)).containsExactlyInAnyOrder("cpu_qid", "cpu_picidx", "cpu_queue_name",
                    "cpu_enabled", "cpu_default_rate", "cpu_set_rate", "q_drop_bytes", "q_drop_frames");
            Queue q = FULL.queues().stream().filter(x -> x.name().equals(e.getKey())).findFirst().orElseThrow();
            assertThat(q).isEqualTo(new Queue(g.get("cpu_qid").asLong(), g.get("cpu_picidx").asLong(),
                    g.get("cpu_queue_name").asText(), g.get("cpu_enabled").asText().equals("Yes"),
                    g.get("cpu_default_rate").asLong(), g.get("cpu_set_rate").asLong(),
                    g.get("q_drop_bytes").asLong(), g.get("q_drop_frames").asLong()));
        }
    }

    /** genie merges the second-level rows (20, 21) into the same map. */
    @Test
    void policerStatsMatchGenie() {
        JsonNode byIndex = GENIE.get("cpu_policer_stats");
        List<PolicerStat> ours = Stream.concat(FULL.policers().stream(), FULL.secondLevelPolicers().stream()).toList();
        assertThat(ours).hasSize(byIndex.size());
        assertThat(FULL.secondLevelPolicers()).extracting(PolicerStat::index).containsExactly(20L, 21L);
        for (Map.Entry<String, JsonNode> e : byIndex.properties()) {
            JsonNode g = e.getValue();
            assertThat(Fixtures.fields(g)).containsExactlyInAnyOrder("index", "accept_bytes", "accept_frames",
                    "drop_bytes", "drop_frames");
            assertThat(ours).contains(new PolicerStat(g.get("index").asLong(), g.get("accept_bytes").asLong(),
                    g.get("accept_frames").asLong(), g.get("drop_bytes").asLong(), g.get("drop_frames").asLong()));
        }
    }

    @Test
    void indexMappingMatchesGenie() {
        JsonNode byIndex = GENIE.get("policer_index_map");
        assertThat(FULL.policerMapping()).hasSize(byIndex.size());
        for (Map.Entry<String, JsonNode> e : byIndex.properties()) {
            JsonNode g = e.getValue();
            assertThat(Fixtures.fields(g)).containsExactlyInAnyOrder("cpp_level2_picidx", "cpp_level1_picidx",
                    "cpp_default_rate", "cpp_set_rate");
            List<Long> level1 = Arrays.stream(g.get("cpp_level1_picidx").asText().trim().split("\\s+"))
                    .map(Long::valueOf).toList();
            assertThat(FULL.policerMapping()).contains(new PolicerMapping(g.get("cpp_level2_picidx").asLong(), level1,
                    g.get("cpp_default_rate").asLong(), g.get("cpp_set_rate").asLong()));
        }
    }

    @Test
    void secondLevelConfigMatchesGenie() {
        JsonNode byQid = GENIE.get("sec_policer_config");
        assertThat(FULL.secondLevelConfig()).hasSize(byQid.size());
        for (Map.Entry<String, JsonNode> e : byQid.properties()) {
            JsonNode g = e.getValue();
            assertThat(Fixtures.fields(g)).containsExactlyInAnyOrder("sec_qid", "sec_level1_picidx",
                    "sec_level2_picidx", "sec_queue_name", "sec_enabled");
            String level2 = g.get("sec_level2_picidx").asText();
            assertThat(FULL.secondLevelConfig()).contains(new SecondLevelQueue(g.get("sec_qid").asLong(),
                    g.get("sec_level1_picidx").asLong(), level2.equals("-") ? null : Long.valueOf(level2),
                    g.get("sec_queue_name").asText(), g.get("sec_enabled").asText().equals("Yes")));
        }
    }

    /** genie's cpp_enabled is the raw "  Openflow/ Exception/ …" list. */
    @Test
    void classesMatchGenie() {
        JsonNode byIndex = GENIE.get("cpp_classes_qmap");
        assertThat(FULL.classes()).hasSize(byIndex.size());
        for (Map.Entry<String, JsonNode> e : byIndex.properties()) {
            JsonNode g = e.getValue();
            assertThat(Fixtures.fields(g)).containsExactlyInAnyOrder("cpp_picidx", "cpp_class", "cpp_enabled");
            List<String> queues = Arrays.stream(g.get("cpp_enabled").asText().split("/"))
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            assertThat(FULL.classes()).contains(new ClassQueues(g.get("cpp_picidx").asLong(),
                    g.get("cpp_class").asText(), queues));
        }
    }

    @Test
    void jsonShapeOfAQueue() {
        JsonNode q = Fixtures.asJson(FULL).get("queues").get(2);
        assertThat(q.toString()).isEqualTo("{\"qid\":2,\"policerIndex\":14,\"name\":\"Forus traffic\",\"enabled\":true,"
                + "\"defaultRate\":4000,\"setRate\":4000,\"dropBytes\":0,\"dropFrames\":0}");
    }

    @Test
    void partialCaptureWithCutsAndRemark() {
        CpuPolicerStats s = CpuPolicerStatsParser.parse(Fixtures.text("iosxe-cpp-policer-stats-2-partial.txt"));
        assertThat(s.queues()).hasSize(5);
        assertThat(s.queues().get(1)).isEqualTo(new Queue(1, 1, "L2 Control", true, 2000, 400, 0, 0L));
        assertThat(s.queues().get(4)).isEqualTo(new Queue(23, 10, "Crypto Control", false, 100, 200, 0, 0L));
        assertThat(s.policers()).isEmpty();
        assertThat(s.classes()).isEmpty();
    }

    @Test
    void olderReleaseWithoutDropFrames() {
        String out = """
                                         CPU Queue Statistics
                ============================================================================================
                                                              (default) (set)     Queue
                QId PlcIdx  Queue Name                Enabled   Rate     Rate      Drop(Bytes)
                --------------------------------------------------------------------------------------------
                0    11     DOT1X Auth                  Yes     1000      1000     678312
                """;
        assertThat(CpuPolicerStatsParser.parse(out).queues())
                .containsExactly(new Queue(0, 11, "DOT1X Auth", true, 1000, 1000, 678312, null));
    }

    @Test
    void textAfterRowsIsReported() {
        String bad = Fixtures.text("iosxe-cpp-policer-stats-1.txt").replace("31   3      Gold Pkt ", "Gold Pkt  31   3 ");
        assertThatThrownBy(() -> CpuPolicerStatsParser.parse(bad))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 39");
    }

    @Test
    void brokenRowIsReported() {
        String bad = Fixtures.text("iosxe-cpp-policer-stats-1.txt").replace("21         0                0", "21         0    x");
        assertThatThrownBy(() -> CpuPolicerStatsParser.parse(bad))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 72");
    }

    @Test
    void otherCommandOutputIsRejected() {
        assertThatThrownBy(() -> CpuPolicerStatsParser.parse(Fixtures.text("iosxe-show-app-hosting-list-1.txt")))
                .isInstanceOf(ParseException.class).hasMessageContaining("CPU Queue Statistics");
    }
}
