package io.appfleet.drivers.iosxe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RunningAppConfigTest {

    private static final String SECTION = String.join("\r\n",
            "app-hosting appid iris",
            " app-vnic gateway0 virtualportgroup 1 guest-interface 0",
            "  guest-ipaddress 100.90.171.2 netmask 255.255.255.252",
            " app-resource profile custom",
            "  cpu 400",
            "  memory 768",
            "app-hosting appid probe",
            " app-vnic management guest-interface 0",
            " app-resource profile custom",
            "  cpu 1000",
            "!",
            "");

    @Test
    void extractsOneAppsBlock() {
        assertThat(RunningAppConfig.block(SECTION, "probe")).containsExactly("app-hosting appid probe",
                "app-vnic management guest-interface 0", "app-resource profile custom", "cpu 1000");
        assertThat(RunningAppConfig.block(SECTION, "prob")).isEmpty();
        assertThat(RunningAppConfig.block("", "probe")).isEmpty();
    }

    @Test
    void configuredOnlyWhenEveryLineIsThere() {
        List<String> running = RunningAppConfig.block(SECTION, "iris");
        assertThat(RunningAppConfig.contains(running, List.of("app-hosting appid iris",
                "app-vnic gateway0 virtualportgroup 1 guest-interface 0",
                "guest-ipaddress 100.90.171.2 netmask 255.255.255.252", "exit", "app-resource profile custom",
                "cpu 400", "exit", "exit"))).isTrue();
        assertThat(RunningAppConfig.contains(running, List.of("app-hosting appid iris", "app-resource profile custom",
                "cpu 500"))).isFalse();
        assertThat(RunningAppConfig.contains(List.of(), List.of("exit"))).isFalse();
    }
}
