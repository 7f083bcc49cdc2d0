package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class AppUtilizationParserTest {

    @Test
    void matchesGenie() {
        AppUtilization u = AppUtilizationParser.parse(Fixtures.text("iosxe-show-app-hosting-utilization-1.txt"));
        JsonNode genie = Fixtures.json("iosxe-show-app-hosting-utilization-1.genie-expected.json");
        for (String key : Fixtures.fields(genie)) {
            JsonNode v = genie.get(key);
            switch (key) {
                case "app_name" -> assertThat(u.appId()).isEqualTo(v.asText());
                case "cpu_util" -> {
                    assertThat(Fixtures.fields(v)).containsExactlyInAnyOrder("alloc", "used", "core_info");
                    assertThat(u.cpu().allocationUnits()).isEqualTo(v.get("alloc").asLong());
                    assertThat(u.cpu().usedPercent()).isEqualTo(decimal(v.get("used"), "%"));
                    assertThat(u.cpu().cores()).isEqualTo(v.get("core_info").asText());
                }
                case "mem_util" -> {
                    assertThat(Fixtures.fields(v)).containsExactlyInAnyOrder("alloc", "used");
                    assertThat(u.memory().allocationMb()).isEqualTo(Fixtures.amount(v.get("alloc"), "MB"));
                    assertThat(u.memory().usedKb()).isEqualTo(Fixtures.amount(v.get("used"), "KB"));
                }
                case "disk_util" -> {
                    assertThat(Fixtures.fields(v)).containsExactlyInAnyOrder("alloc", "used");
                    assertThat(u.disk().allocationMb()).isEqualTo(Fixtures.amount(v.get("alloc"), "MB"));
                    assertThat(u.disk().usedMb()).isEqualTo(decimal(v.get("used"), "MB"));
                }
                default -> fail("no mapping for genie key " + key);
            }
        }
        assertThat(u.other()).isEmpty();
    }

    @Test
    void memoryUsedInMbIsConvertedToKb() {
        String out = "Application: a\nMemory Utilization:\n  Memory Allocation: 1 GB\n  Memory Used:       2 MB\n";
        AppUtilization u = AppUtilizationParser.parse(out);
        assertThat(u.memory()).isEqualTo(new AppUtilization.Memory(1024L, 2048L));
    }

    @Test
    void otherFirstLineIsRejected() {
        assertThatThrownBy(() -> AppUtilizationParser.parse("Application thousand_eyes not running\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
    }

    @Test
    void cpuUsedWithoutNumber() {
        String bad = Fixtures.text("iosxe-show-app-hosting-utilization-1.txt").replace("0.00 %", "n/a");
        assertThatThrownBy(() -> AppUtilizationParser.parse(bad))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 4");
    }

    private static double decimal(JsonNode genie, String unit) {
        String[] parts = genie.asText().split("\\s+");
        assertThat(parts[1]).isEqualTo(unit);
        return Double.parseDouble(parts[0]);
    }
}
