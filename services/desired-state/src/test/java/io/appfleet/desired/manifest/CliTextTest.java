package io.appfleet.desired.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.ssh.CliInput;

/**
 * What the manifest accepts, the drivers accept: the CLI-text rule agrees with the drivers' own
 * gate character by character, and every grammar that ends on a CLI line is at least as strict.
 * A manifest that passes here cannot fail on a device for its characters.
 */
class CliTextTest {

    @Test
    void agreesWithTheDriversGateOnEveryCharacterOfTheBasicPlaneAndSomeBeyond() {
        List<String> disagreements = new ArrayList<>();
        for (int c = 0; c <= 0xFFFF; c++) {
            compare("a" + (char) c + "b", disagreements);
        }
        for (String s : List.of("\uD83D\uDE00", "x".repeat(200), "x".repeat(201), "-e A=b c", "--cap-add=NET_ADMIN")) {
            compare(s, disagreements);
        }
        assertThat(disagreements).isEmpty();
    }

    private static void compare(String s, List<String> out) {
        boolean ours = CliText.problem(s) == null;
        boolean drivers;
        try {
            CliInput.text("x", s);
            drivers = true;
        } catch (IllegalArgumentException e) {
            drivers = false;
        }
        if (ours != drivers) {
            out.add(String.format("U+%04X: manifest %s, drivers %s", (int) s.charAt(s.length() > 2 ? 1 : 0),
                    ours ? "accepts" : "refuses", drivers ? "accept" : "refuse"));
        }
    }

    @Test
    void grammarsThatReachTheCliAreAsStrictAsTheDrivers() {
        for (String url : List.of("https://repo.example.net/perfsonar-1.2.tar", "http://10.0.0.5:8080/p/iperf3.tar",
                "https://r.example/a%20b/c.tar", "http://h/x(1).rpm")) {
            assertThat(ManifestGrammar.matches(ManifestGrammar.PACKAGE_URL, url)).as(url).isTrue();
            assertThat(CliInput.url("url", url)).isEqualTo(url);
            new AppSpec.PackageSource(url, "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", 1);
        }
        for (String url : List.of("https://u:p@h/x.tar", "https://h/x.tar?y", "https://h/x.tar#f", "https://h/a b.tar",
                "ftp://h/x.tar", "https://h/", "https://h", "https://-h/x.tar")) {
            assertThat(ManifestGrammar.matches(ManifestGrammar.PACKAGE_URL, url)).as(url).isFalse();
        }
        for (String id : List.of("a", "perfsonar", "a_1", "a2345678901234567890123456789012")) {
            assertThat(ManifestGrammar.matches(ManifestGrammar.APP_ID, id)).isTrue();
            assertThat(CliInput.APP_ID.matcher(id).matches()).isTrue();
        }
        for (String c : List.of("system-cpp-police-sys-data", "system-cpp-police-forus")) {
            assertThat(ManifestGrammar.matches(ManifestGrammar.CPP_CLASS, c)).isTrue();
            assertThat(CliInput.cppClass("class", c)).isEqualTo(c);
        }
        for (String ip : List.of("10.0.0.1", "255.255.255.255", "0.0.0.0")) {
            assertThat(ManifestGrammar.matches(ManifestGrammar.IPV4, ip)).isTrue();
            assertThat(CliInput.ipv4("ip", ip)).isEqualTo(ip);
        }
        assertThat(ManifestGrammar.matches(ManifestGrammar.IPV4, "01.2.3.4")).isFalse();
    }
}
