package io.appfleet.devicesim;

import io.appfleet.devicesim.FleetSpec.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FleetSpecTest {

    private static final String FULL = """
            baseAddress: 127.20.0.1     # devices take consecutive loopback addresses
            credentials: {username: netops, password: "S3cret!"}
            platforms:
              iosxe: {count: 100, osVersions: ["16.12.5", "17.9.4"], port: 2222, installMs: 1500}
              iosxr: {count: 50, osVersions: ["7.3.1"], port: 2222}
              infix: {count: 50, osVersions: ["25.01"], port: 8443, latencyMs: 5}
            latencyMs: 20
            seed: 42
            faults: {dropSessionRate: 0.01, stallRate: 0.0, wrongStateRate: 0.5, installFailureRate: 0, crashRate: 1}
            """;

    @Test
    void fullSpec() {
        FleetSpec s = FleetSpec.parse(FULL);
        assertThat(s.baseAddress()).isEqualTo("127.20.0.1");
        assertThat(s.distinctPorts()).isFalse();
        assertThat(s.username()).isEqualTo("netops");
        assertThat(s.password()).isEqualTo("S3cret!");
        assertThat(s.totalDevices()).isEqualTo(200);
        assertThat(s.platform(Platform.IOSXE)).isEqualTo(new FleetSpec.PlatformSpec(100, List.of("16.12.5", "17.9.4"),
                2222, 1500, 20));
        assertThat(s.platform(Platform.INFIX).latencyMs()).isEqualTo(5);
        assertThat(s.platform(Platform.IOSXR).installMs()).isZero();
        assertThat(s.faults()).isEqualTo(new FaultRates(0.01, 0, 0.5, 0, 1));
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.osVersion(Platform.IOSXE, 0)).isEqualTo("16.12.5");
        assertThat(s.osVersion(Platform.IOSXE, 1)).isEqualTo("17.9.4");
        assertThat(s.osVersion(Platform.IOSXE, 2)).isEqualTo("16.12.5");
    }

    @Test
    void addressBlocksFollowEachOtherAndNeverOverlap() {
        FleetSpec s = FleetSpec.parse(FULL);
        assertThat(s.address(Platform.IOSXE, 0)).isEqualTo(new InetSocketAddress("127.20.0.1", 2222));
        assertThat(s.address(Platform.IOSXE, 99)).isEqualTo(new InetSocketAddress("127.20.0.100", 2222));
        assertThat(s.address(Platform.IOSXR, 0)).isEqualTo(new InetSocketAddress("127.20.0.101", 2222));
        assertThat(s.address(Platform.IOSXR, 49)).isEqualTo(new InetSocketAddress("127.20.0.150", 2222));
        assertThat(s.address(Platform.INFIX, 0)).isEqualTo(new InetSocketAddress("127.20.0.151", 8443));
        // Past .255 the next octet carries.
        FleetSpec wide = FleetSpec.parse("baseAddress: 127.20.0.200\nplatforms: {iosxe: {count: 100}, infix: {count: 1}}");
        assertThat(wide.address(Platform.INFIX, 0).getHostString()).isEqualTo("127.20.1.44");
    }

    @Test
    void distinctPortsShareTheAddress() {
        FleetSpec s = FleetSpec.parse("""
                baseAddress: 127.0.0.1
                distinctPorts: true
                platforms: {iosxe: {count: 3, port: 30000}, iosxr: {count: 2, port: 30003}, infix: {count: 2, port: 31000}}
                """);
        assertThat(s.address(Platform.IOSXE, 2)).isEqualTo(new InetSocketAddress("127.0.0.1", 30002));
        assertThat(s.address(Platform.IOSXR, 1)).isEqualTo(new InetSocketAddress("127.0.0.1", 30004));
        assertThat(s.address(Platform.INFIX, 1)).isEqualTo(new InetSocketAddress("127.0.0.1", 31001));
    }

    @Test
    void defaults() {
        FleetSpec s = FleetSpec.parse("platforms: {iosxr: {count: 2}}");
        assertThat(s.baseAddress()).isEqualTo("127.20.0.1");
        assertThat(s.username()).isEqualTo("admin");
        assertThat(s.platform(Platform.IOSXR)).isEqualTo(new FleetSpec.PlatformSpec(2, List.of("7.3.1"), 2222, 0, 0));
        assertThat(s.platform(Platform.IOSXE).count()).isZero();
        assertThat(s.faults()).isEqualTo(FaultRates.NONE);
        assertThat(s.seed()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown top key          | platforms: {iosxe: {count: 1}}\\nlatency: 3                                | latency
            unknown platform         | platforms: {nxos: {count: 1}}                                            | platforms.nxos
            unknown platform key     | platforms: {iosxe: {count: 1, cores: 2}}                                 | platforms.iosxe.cores
            unknown fault            | platforms: {iosxe: {count: 1}}\\nfaults: {explodeRate: 0.1}               | faults.explodeRate
            unknown credentials key  | platforms: {iosxe: {count: 1}}\\ncredentials: {user: a}                   | credentials.user
            negative count           | platforms: {iosxe: {count: -1}}                                          | platforms.iosxe.count
            count not a number       | platforms: {iosxr: {count: many}}                                        | platforms.iosxr.count
            fractional count         | platforms: {infix: {count: 1.5}}                                         | platforms.infix.count
            no devices               | platforms: {iosxe: {count: 0}}                                           | platforms
            no platforms             | latencyMs: 3                                                             | platforms
            port zero                | platforms: {iosxe: {count: 1, port: 0}}                                  | platforms.iosxe.port
            port too big             | platforms: {infix: {count: 1, port: 70000}}                              | platforms.infix.port
            negative latency         | platforms: {iosxe: {count: 1}}\\nlatencyMs: -5                            | latencyMs
            negative platform latency| platforms: {iosxe: {count: 1, latencyMs: -1}}                            | platforms.iosxe.latencyMs
            negative installMs       | platforms: {iosxe: {count: 1, installMs: -1}}                            | platforms.iosxe.installMs
            installMs on iosxr       | platforms: {iosxr: {count: 1, installMs: 5}}                             | platforms.iosxr.installMs
            bad address              | baseAddress: 127.300.0.1\\nplatforms: {iosxe: {count: 1}}                 | baseAddress
            address is a name        | baseAddress: localhost\\nplatforms: {iosxe: {count: 1}}                   | baseAddress
            ipv6 address             | baseAddress: '::1'\\nplatforms: {iosxe: {count: 1}}                       | baseAddress
            block runs out of /8     | baseAddress: 127.255.255.250\\nplatforms: {iosxe: {count: 3}, infix: {count: 4}} | baseAddress
            rate above 1             | platforms: {iosxe: {count: 1}}\\nfaults: {dropSessionRate: 1.5}           | faults.dropSessionRate
            rate below 0             | platforms: {iosxe: {count: 1}}\\nfaults: {crashRate: -0.1}                | faults.crashRate
            rate not a number        | platforms: {iosxe: {count: 1}}\\nfaults: {stallRate: often}               | faults.stallRate
            empty os list            | platforms: {iosxe: {count: 1, osVersions: []}}                           | platforms.iosxe.osVersions
            iosxe os not a release   | platforms: {iosxe: {count: 1, osVersions: [denali]}}                     | platforms.iosxe.osVersions
            os with a space          | platforms: {iosxr: {count: 1, osVersions: ["7.3 .1"]}}                   | platforms.iosxr.osVersions
            distinctPorts not bool   | distinctPorts: maybe\\nplatforms: {iosxe: {count: 1}}                     | distinctPorts
            overlapping port ranges  | distinctPorts: true\\nplatforms: {iosxe: {count: 3, port: 3000}, iosxr: {count: 1, port: 3002}} | platforms.iosxr.port
            port range past 65535    | distinctPorts: true\\nplatforms: {infix: {count: 3, port: 65534}}         | platforms.infix.port
            empty password           | platforms: {iosxe: {count: 1}}\\ncredentials: {password: ''}              | credentials.password
            platform not a mapping   | platforms: {iosxe: 5}                                                    | platforms.iosxe
            seed not a number        | platforms: {iosxe: {count: 1}}\\nseed: abc                                | seed
            """)
    void everyErrorNamesItsKey(String what, String yaml, String key) {
        assertThatThrownBy(() -> FleetSpec.parse(yaml.replace("\\n", "\n")))
                .as(what)
                .isInstanceOfSatisfying(FleetSpec.SpecException.class, e -> assertThat(e.key()).isEqualTo(key))
                .hasMessageStartingWith(key + ": ");
    }

    @Test
    void brokenYamlAndEmptySpec() {
        assertThatThrownBy(() -> FleetSpec.parse("platforms: {iosxe: {count: 1}")).hasMessageStartingWith("spec: not valid YAML");
        assertThatThrownBy(() -> FleetSpec.parse("")).hasMessage("spec: is empty");
        assertThatThrownBy(() -> FleetSpec.parse("- 1\n- 2")).hasMessageStartingWith("spec: expected a mapping");
    }

    @Test
    void flags() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("iosxe", "3");
        f.put("iosxr", "2");
        f.put("infix", "1");
        f.put("base", "127.30.0.1");
        f.put("port", "2300");
        f.put("infix-port", "8444");
        f.put("os", "17.9.4");
        f.put("infix-os", "25.01,24.11");
        f.put("latency-ms", "7");
        f.put("drop-session-rate", "0.25");
        f.put("user", "ops");
        f.put("password", "123");
        FleetSpec s = FleetSpec.fromFlags(f);
        assertThat(s.platform(Platform.IOSXE)).isEqualTo(new FleetSpec.PlatformSpec(3, List.of("17.9.4"), 2300, 2000, 7));
        assertThat(s.platform(Platform.IOSXR).port()).as("--port covers IOS-XR too").isEqualTo(2300);
        assertThat(s.platform(Platform.INFIX).osVersions()).containsExactly("25.01", "24.11");
        assertThat(s.address(Platform.INFIX, 0)).isEqualTo(new InetSocketAddress("127.30.0.6", 8444));
        assertThat(s.faults().dropSessionRate()).isEqualTo(0.25);
        assertThat(s.password()).as("a number-like password stays text").isEqualTo("123");
        assertThat(FleetSpec.fromFlags(Map.of()).platform(Platform.IOSXE).count()).as("no count: ten IOS-XE").isEqualTo(10);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "iosxe, -2, --iosxe",
            "infix, x, --infix",
            "base, 10.0.0.999, --base",
            "latency-ms, -1, --latency-ms",
            "crash-rate, 2, --crash-rate",
            "port, 0, --port",
            "iosxr-port, 99999, --iosxr-port",
            "colour, red, --colour",
    })
    void flagErrorsNameTheFlag(String flag, String value, String named) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("iosxr", "1");
        f.put(flag, value);
        assertThatThrownBy(() -> FleetSpec.fromFlags(f))
                .isInstanceOfSatisfying(FleetSpec.SpecException.class, e -> assertThat(e.key()).isEqualTo(named));
    }
}
