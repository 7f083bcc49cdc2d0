package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class AppHostingResourceParserTest {

    @Test
    void matchesGenie() {
        AppHostingResource r = AppHostingResourceParser.parse(Fixtures.text("iosxe-show-app-hosting-resource-1.txt"));
        JsonNode genie = Fixtures.json("iosxe-show-app-hosting-resource-1.genie-expected.json");
        for (String key : Fixtures.fields(genie)) {
            JsonNode v = genie.get(key);
            switch (key) {
                case "cpu" -> {
                    // genie keeps one metric; the device prints Percentage here (Units on other releases).
                    assertThat(v.get("metric").asText()).isEqualTo("Percentage");
                    assertThat(r.cpu().quotaPercent()).isEqualTo(v.get("quota").asLong());
                    assertThat(r.cpu().availablePercent()).isEqualTo(v.get("available").asLong());
                }
                case "vcpu" -> assertThat(r.vcpu().count()).isEqualTo(v.get("count").asLong());
                case "memory" -> {
                    assertThat(v.get("metric").asText()).isEqualTo("MB");
                    assertThat(r.memory().quotaMb()).isEqualTo(v.get("quota").asLong());
                    assertThat(r.memory().availableMb()).isEqualTo(v.get("available").asLong());
                }
                case "storage_space" -> {
                    assertThat(v.get("metric").asText()).isEqualTo("MB");
                    assertThat(r.storageSpace().totalMb()).isEqualTo(v.get("total").asLong());
                    assertThat(r.storageSpace().availableMb()).isEqualTo(v.get("available").asLong());
                }
                default -> fail("no mapping for genie key " + key);
            }
        }
        assertThat(r.cpu().quotaUnits()).isNull();
    }

    @Test
    void unknownFieldIsReported() {
        String bad = Fixtures.text("iosxe-show-app-hosting-resource-1.txt").replace("Count: 2", "Cores: 2");
        assertThatThrownBy(() -> AppHostingResourceParser.parse(bad))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 5");
    }

    @Test
    void valueWithoutBlockTitleIsRejected() {
        assertThatThrownBy(() -> AppHostingResourceParser.parse("  Quota: 25(Percentage)\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
    }
}
