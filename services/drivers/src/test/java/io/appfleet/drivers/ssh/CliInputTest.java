package io.appfleet.drivers.ssh;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CliInputTest {

    /** Each would end a CLI line early, start a second command, or close a quoted string. */
    static final String[] INJECTIONS = {
            "a\nreload", "a\rreload", "a\r\nreload", "a;reload", "a\"b", "a'b", "a`b", "a\u2018b", "a\u2019b",
            "a\u201Cb", "a\u201Db", "a\u00ABb", "a\u0003", "a\u0000b", "a\u001Bb", "a\u007Fb", "a\u2028b", "a\u0085b",
            "a\u200Bb", "a\tb"};

    @ParameterizedTest
    @ValueSource(strings = {"a", "iperf", "perfsonar_2", "a23456789012345678901234567890ab"})
    void acceptsAppIds(String id) {
        assertThat(CliInput.appId("appId", id)).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1abc", "Iperf", "ip-erf", "a234567890123456789012345678901ab", "ip erf", "_a",
            "a\n", "a;b", "a\"", "a'", "a\u2019"})
    void refusesBadAppIds(String id) {
        assertThatThrownBy(() -> CliInput.appId("appId", id))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("appId ");
    }

    @Test
    void refusesEveryInjectionInFreeTextAndNamesTheField() {
        for (String bad : INJECTIONS) {
            assertThatThrownBy(() -> CliInput.text("runOpts[0]", bad))
                    .as("%s", bad.chars().mapToObj(Integer::toHexString).toList())
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("runOpts[0] ")
                    // The value itself is never echoed: it may be a secret.
                    .hasMessageNotContaining(bad);
        }
    }

    @Test
    void acceptsOrdinaryRunOptions() {
        assertThat(CliInput.text("runOpts[0]", "--cap-add=NET_ADMIN")).isEqualTo("--cap-add=NET_ADMIN");
        assertThat(CliInput.text("runOpts[1]", "-e MODE=probe -p 80:8080")).isNotNull();
    }

    @Test
    void refusesOverlongAndEmptyText() {
        assertThatThrownBy(() -> CliInput.text("f", "x".repeat(201))).hasMessageContaining("longer than");
        assertThatThrownBy(() -> CliInput.text("f", " ")).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> CliInput.text("f", null)).hasMessageContaining("must not be empty");
    }

    @Test
    void checksPathsAddressesAndClasses() {
        assertThat(CliInput.devicePath("packagePath", "usbflash0:apps/perfsonar-1.2.tar")).isNotNull();
        assertThatThrownBy(() -> CliInput.devicePath("packagePath", "usbflash0:../x.tar")).hasMessageStartingWith("packagePath");
        assertThatThrownBy(() -> CliInput.devicePath("packagePath", "x.tar")).hasMessageStartingWith("packagePath");
        assertThatThrownBy(() -> CliInput.devicePath("packagePath", "flash:a b.tar")).hasMessageStartingWith("packagePath");
        assertThat(CliInput.ipv4("ip", "100.90.171.2")).isNotNull();
        assertThatThrownBy(() -> CliInput.ipv4("ip", "300.1.1.1")).hasMessageStartingWith("ip");
        assertThat(CliInput.cppClass("c", "system-cpp-police-sys-data")).isNotNull();
        assertThatThrownBy(() -> CliInput.cppClass("c", "system cpp")).hasMessageStartingWith("c ");
        assertThatThrownBy(() -> CliInput.number("resources.vcpu", 0, 1, 8)).hasMessageStartingWith("resources.vcpu");
        assertThatThrownBy(() -> CliInput.number("resources.vcpu", null, 1, 8)).hasMessageStartingWith("resources.vcpu");
    }

    @Test
    void urlsAreHttpWithoutUserInfoQueryOrSpaces() {
        assertThat(CliInput.url("url", "http://10.0.0.5:8080/pkgs/perfsonar-1.2.tar")).isNotNull();
        assertThat(CliInput.url("url", "https://repo.example.com/a/b_c~d%20e.tar")).isNotNull();
        for (String bad : new String[] {"ftp://h/x.tar", "http://user:secret@h/x.tar", "http://h/x.tar?token=1",
                "http://h/x.tar#frag", "http://h/a b.tar", "http://h/x.tar\nreload", "http:///x.tar", "usbflash0:x.tar"}) {
            assertThatThrownBy(() -> CliInput.url("packageSource.url", bad)).as(bad)
                    .hasMessageStartingWith("packageSource.url").hasMessageNotContaining("secret");
        }
    }
}
