package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.iosxe.AppHostingInfra.AppGigPort;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class AppHostingInfraParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void matchesGenie(String n) {
        AppHostingInfra infra = AppHostingInfraParser.parse(Fixtures.text("iosxe-show-app-hosting-infra-" + n + ".txt"));
        JsonNode genie = Fixtures.json("iosxe-show-app-hosting-infra-" + n + ".genie-expected.json");
        for (String key : Fixtures.fields(genie)) {
            JsonNode v = genie.get(key);
            switch (key) {
                case "iox_version" -> assertThat(infra.ioxVersion()).isEqualTo(v.asText());
                case "app_signature_verification" -> assertThat(infra.appSignatureVerification()).isEqualTo(v.asText());
                case "internal_working_directory" -> assertThat(infra.internalWorkingDirectory()).isEqualTo(v.asText());
                case "appge_port_number" -> {
                    assertThat(infra.interfaceMapping()).hasSize(v.size());
                    for (Map.Entry<String, JsonNode> p : v.properties()) {
                        assertThat(Fixtures.fields(p.getValue())).containsExactly("appge_interface_name");
                        AppGigPort ours = infra.interfaceMapping().stream()
                                .filter(x -> x.port() == Long.parseLong(p.getKey())).findFirst().orElseThrow();
                        assertThat(ours.interfaceName()).isEqualTo(p.getValue().get("appge_interface_name").asText());
                    }
                }
                default -> fail("no mapping for genie key " + key);
            }
        }
        assertThat(infra.cpu()).isEqualTo(new CpuQuota(25L, 25L, 7400L, 7400L));
        assertThat(infra.interfaceMapping()).allSatisfy(p -> assertThat(p.portType()).isEqualTo("KR Port - Internal"));
        assertThat(infra.other()).isEmpty();
    }

    @Test
    void bandwidthPerRelease() {
        assertThat(AppHostingInfraParser.parse(Fixtures.text("iosxe-show-app-hosting-infra-1.txt")).interfaceMapping())
                .containsExactly(new AppGigPort(1, "AppGigabitEthernet1/0/1", "KR Port - Internal", "1G"));
        assertThat(AppHostingInfraParser.parse(Fixtures.text("iosxe-show-app-hosting-infra-2.txt")).interfaceMapping())
                .extracting(AppGigPort::bandwidth).containsExactly("10G", "10G");
    }

    @Test
    void cafHealthOnNewerReleases() {
        String out = "IOX version: 10.49.0.0\nApp signature verification: disabled\nCAF Health: Healthy\n"
                + "Internal working directory: /vol/usb1/iox\n";
        AppHostingInfra infra = AppHostingInfraParser.parse(out);
        assertThat(infra.cafHealth()).isEqualTo("Healthy");
        assertThat(infra.interfaceMapping()).isEmpty();
        assertThat(infra.cpu()).isNull();
    }

    @Test
    void brokenMappingRowIsReported() {
        String bad = Fixtures.text("iosxe-show-app-hosting-infra-1.txt").replace("1G", "");
        assertThatThrownBy(() -> AppHostingInfraParser.parse(bad))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 7");
    }
}
