package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.iosxe.AppDetails.App;
import io.appfleet.drivers.iosxe.AppDetails.AttachedDevice;
import io.appfleet.drivers.iosxe.AppDetails.NetworkInterface;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class AppDetailParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void detailAppidMatchesGenie(String n) {
        App app = single("iosxe-show-app-hosting-detail-" + n + ".txt");
        JsonNode genie = Fixtures.json("iosxe-show-app-hosting-detail-" + n + ".genie-expected.json");
        for (String key : Fixtures.fields(genie)) {
            JsonNode v = genie.get(key);
            switch (key) {
                case "app_id" -> assertThat(app.appId()).isEqualTo(v.asText());
                case "owner" -> assertThat(app.owner()).isEqualTo(v.asText());
                case "state" -> assertThat(app.state()).isEqualTo(v.asText());
                case "activated_profile_name" -> assertThat(app.activatedProfile()).isEqualTo(v.asText());
                case "application" -> application(app, v);
                case "resource_reservation" -> resources(app, v);
                case "attached_devices" -> devices(app, v);
                case "network_interfaces" -> interfaces(app, v);
                case "application_health" -> health(app, v);
                default -> fail("no mapping for genie key " + key);
            }
        }
    }

    /** genie keys the application by its name, lower-cased with underscores. */
    private static void application(App app, JsonNode byName) {
        assertThat(byName.size()).isEqualTo(1);
        Map.Entry<String, JsonNode> only = byName.properties().iterator().next();
        assertThat(app.packageName().toLowerCase().replace(' ', '_')).isEqualTo(only.getKey());
        for (String key : Fixtures.fields(only.getValue())) {
            String v = only.getValue().get(key).asText();
            switch (key) {
                case "type" -> assertThat(app.type()).isEqualTo(v);
                case "version" -> assertThat(app.version()).isEqualTo(v);
                case "description" -> assertThat(app.description()).isEqualTo(v);
                case "author" -> assertThat(app.author()).isEqualTo(v);
                case "path" -> assertThat(app.packagePath()).isEqualTo(v);
                case "url_path" -> assertThat(app.urlPath()).isEqualTo(v);
                default -> fail("no mapping for genie application key " + key);
            }
        }
    }

    private static void resources(App app, JsonNode r) {
        for (String key : Fixtures.fields(r)) {
            JsonNode v = r.get(key);
            switch (key) {
                case "memory" -> assertThat(app.resources().memoryMb()).isEqualTo(Fixtures.amount(v, "MB"));
                case "disk" -> assertThat(app.resources().diskMb()).isEqualTo(Fixtures.amount(v, "MB"));
                case "cpu" -> assertThat(app.resources().cpuUnits()).isEqualTo(v.asLong());
                case "vcpu" -> assertThat(app.resources().vcpu()).isEqualTo(v.asLong());
                default -> fail("no mapping for genie resource key " + key);
            }
        }
    }

    private static void devices(App app, JsonNode byName) {
        assertThat(app.attachedDevices()).hasSize(byName.size());
        for (Map.Entry<String, JsonNode> d : byName.properties()) {
            assertThat(Fixtures.fields(d.getValue())).containsExactlyInAnyOrder("type", "alias");
            assertThat(app.attachedDevices()).contains(
                    new AttachedDevice(d.getValue().get("type").asText(), d.getKey(), d.getValue().get("alias").asText()));
        }
    }

    /** genie capitalises interface names (eth0 → Eth0); the device prints eth0. */
    private static void interfaces(App app, JsonNode byName) {
        assertThat(app.networkInterfaces()).hasSize(byName.size());
        for (Map.Entry<String, JsonNode> i : byName.properties()) {
            NetworkInterface ours = app.networkInterfaces().stream()
                    .filter(x -> x.name().equalsIgnoreCase(i.getKey())).findFirst().orElseThrow();
            for (String key : Fixtures.fields(i.getValue())) {
                String v = i.getValue().get(key).asText();
                switch (key) {
                    case "mac_address" -> assertThat(ours.macAddress()).isEqualTo(v);
                    case "network_name" -> assertThat(ours.networkName()).isEqualTo(v);
                    default -> fail("no mapping for genie interface key " + key);
                }
            }
        }
    }

    private static void health(App app, JsonNode h) {
        for (String key : Fixtures.fields(h)) {
            String v = h.get(key).asText();
            switch (key) {
                case "status" -> assertThat(app.health().status()).isEqualTo(v);
                case "last_probe_error" -> assertThat(app.health().lastProbeError()).isEqualTo(v);
                case "last_probe_output" -> assertThat(app.health().lastProbeOutput()).isEqualTo(v);
                default -> fail("no mapping for genie health key " + key);
            }
        }
    }

    /** Fixture 3 is plain "show app-hosting detail", which genie parses with a different schema. */
    @Test
    void detail3MatchesGenie() {
        App app = single("iosxe-show-app-hosting-detail-3.txt");
        JsonNode genie = Fixtures.json("iosxe-show-app-hosting-detail-3.genie-expected.json");
        for (String key : Fixtures.fields(genie)) {
            JsonNode v = genie.get(key);
            switch (key) {
                case "app_id" -> assertThat(app.appId()).isEqualTo(v.asText());
                case "owner" -> assertThat(app.owner()).isEqualTo(v.asText());
                case "state" -> assertThat(app.state()).isEqualTo(v.asText());
                case "application" -> {
                    for (String k : Fixtures.fields(v)) {
                        String s = v.get(k).asText();
                        switch (k) {
                            case "type" -> assertThat(app.type()).isEqualTo(s);
                            case "name" -> assertThat(app.packageName()).isEqualTo(s);
                            case "version" -> assertThat(app.version()).isEqualTo(s);
                            case "desc" -> assertThat(app.description()).isEqualTo(s);
                            case "author" -> assertThat(app.author()).isEqualTo(s);
                            case "path" -> assertThat(app.packagePath()).isEqualTo(s);
                            case "p_name" -> assertThat(app.activatedProfile()).isEqualTo(s);
                            default -> fail("no mapping for genie application key " + k);
                        }
                    }
                }
                case "resource_reservation" -> {
                    for (String k : Fixtures.fields(v)) {
                        JsonNode r = v.get(k);
                        switch (k) {
                            case "memory" -> assertThat(app.resources().memoryMb()).isEqualTo(Fixtures.amount(r, "MB"));
                            case "disk" -> assertThat(app.resources().diskMb()).isEqualTo(Fixtures.amount(r, "MB"));
                            case "cpu" -> assertThat(app.resources().cpuUnits()).isEqualTo(Fixtures.amount(r, "units"));
                            case "cpu_p" -> assertThat(app.resources().cpuPercent()).isEqualTo(Fixtures.amount(r, "%"));
                            case "vcpu" -> assertThat(app.resources().vcpu()).isEqualTo(r.asLong());
                            default -> fail("no mapping for genie resource key " + k);
                        }
                    }
                }
                default -> fail("no mapping for genie key " + key);
            }
        }
    }

    @Test
    void detail2HasTheFieldsGenieSkips() {
        App app = single("iosxe-show-app-hosting-detail-2.txt");
        assertThat(app.resources().cpuPercent()).isEqualTo(80L);
        assertThat(app.urlPath()).isNull();
        assertThat(app.platformProfiles()).isEmpty();
        assertThat(app.portForwarding()).isEmpty();
        assertThat(app.networkInterfaces()).containsExactly(new NetworkInterface("eth0", "52:54:dd:8e:f7:aa",
                "192.168.30.2", "::", "mgmt-bridge200", "No", "No"));
        assertThat(app.health()).isNull();
        assertThat(app.other()).isEmpty();
    }

    @Test
    void detail4DockerOn16x() {
        App app = single("iosxe-show-app-hosting-detail-4.txt");
        assertThat(app.appId()).isEqualTo("perfsonar");
        assertThat(app.owner()).isEqualTo("iox");
        assertThat(app.state()).isEqualTo("RUNNING");
        assertThat(app.type()).isEqualTo("docker");
        assertThat(app.packageName()).isEqualTo("perfsonar");
        assertThat(app.version()).isEqualTo("1.1.0");
        assertThat(app.description()).isEqualTo("Cisco IOx PerfSONAR Application");
        assertThat(app.packagePath()).isEqualTo("usbflash1:perfsonar-testpoint.v4.1.c1.1.0-docker.tar");
        assertThat(app.activatedProfile()).isEqualTo("custom");
        assertThat(app.resources()).isEqualTo(new AppDetails.Resources(2048L, 1L, 4000L, null, null));
        assertThat(app.attachedDevices()).hasSize(4).first().isEqualTo(new AttachedDevice("serial/shell", "iox_console_shell", "serial0"));
        assertThat(app.networkInterfaces()).containsExactly(
                new NetworkInterface("eth0", "52:54:dd:1c:b4:96", "172.25.101.163", null, null, null, null));
    }

    @Test
    void detail5Layout168() {
        App app = single("iosxe-show-app-hosting-detail-5.txt");
        assertThat(app.appId()).isEqualTo("perflxc");
        assertThat(app.owner()).isNull();
        assertThat(app.state()).isEqualTo("RUNNING");
        assertThat(app.author()).isEqualTo("Cisco");
        assertThat(app.type()).isEqualTo("lxc");
        assertThat(app.packageName()).isEqualTo("perfsonar-lxc");
        assertThat(app.version()).isEqualTo("1.0.0");
        assertThat(app.activatedProfile()).isEqualTo("custom");
        assertThat(app.description()).isEqualTo("PerfSONAR 4.0 Cisco IOx LXC");
        assertThat(app.resources()).isEqualTo(new AppDetails.Resources(2048L, 10L, 7400L, null, 2L));
        assertThat(app.attachedDevices()).containsExactly(
                new AttachedDevice("Serial/shell", null, null),
                new AttachedDevice("Serial/aux", null, null),
                new AttachedDevice("Serial/Syslog", null, "serial2"),
                new AttachedDevice("Serial/Trace", null, "serial3"));
        assertThat(app.networkInterfaces()).extracting(NetworkInterface::ipv4Address).containsExactly("172.19.198.83");
    }

    @Test
    void plainDetailWithTwoApps() {
        String two = Fixtures.text("iosxe-show-app-hosting-detail-3.txt") + "\n\n"
                + Fixtures.text("iosxe-show-app-hosting-detail-1.txt");
        AppDetails d = AppDetailParser.parse(two);
        assertThat(d.apps()).extracting(App::appId).containsExactly("guestshell", "thousandeyes_enterprise_agent");
        assertThat(d.apps().get(0).health()).isNull();
        assertThat(d.apps().get(1).health().status()).isEqualTo("0");
    }

    @Test
    void newerSectionsAndTableRowsAreKept() {
        String out = Fixtures.text("iosxe-show-app-hosting-detail-2.txt").replace(
                "  ---------------------------------------------------------------------------\n",
                "  ---------------------------------------------------------------------------\n"
                        + "  default                       400       20            256         10\n")
                + "  1            tcp      8080         80\n"
                + "\nNetwork interfaces\neth1:\n   MAC address         : 52:54:dd:8e:f7:ab\n   Speed               : 10G\n"
                + "\nRun-time information\n  Command              :\n  Run options in use   : -e A=1 --cap-add NET_ADMIN\n";
        App app = single(out);
        assertThat(app.platformProfiles()).containsExactly(new AppDetails.ResourceProfile("default", 400, 20, 256, 10));
        assertThat(app.portForwarding()).containsExactly(new AppDetails.PortForward(1, "tcp", "8080", "80"));
        assertThat(app.other()).containsEntry("Run-time information/Run options in use", "-e A=1 --cap-add NET_ADMIN")
                .containsEntry("Run-time information/Command", "")
                .containsEntry("Network interfaces/eth1/Speed", "10G");
        assertThat(app.networkInterfaces()).extracting(NetworkInterface::name).containsExactly("eth0", "eth1");
    }

    @Test
    void theDockerTitleOverRunTimeInformationIsASection() {
        String out = Fixtures.text("iosxe-show-app-hosting-detail-1.txt").replace("Application health information",
                "\nDocker\n------\nRun-time information\n  Command              :\n"
                        + "  Entry-point          :  /usr/sbin/syslog-ng -F\n"
                        + "  Run options in use   : -v $(APP_DATA):/data -p 514:514/udp\n  Package run options  :\n"
                        + "Application health information");
        App app = single(out);
        assertThat(app.other()).containsEntry("Run-time information/Run options in use", "-v $(APP_DATA):/data -p 514:514/udp")
                .containsEntry("Run-time information/Entry-point", "/usr/sbin/syslog-ng -F");
        assertThat(app.health().status()).isEqualTo("0");
    }

    @Test
    void missingStateIsAnError() {
        assertThatThrownBy(() -> AppDetailParser.parse("App id                 : x\nOwner                  : iox\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1").hasMessageContaining("'State'");
    }

    @Test
    void strayTitleAtTheEndIsAnError() {
        String cut = Fixtures.text("iosxe-show-app-hosting-detail-1.txt") + "\nThis is not\n";
        assertThatThrownBy(() -> AppDetailParser.parse(cut))
                .isInstanceOf(ParseException.class).hasMessageContaining("This is not");
    }

    @Test
    void badResourceValueNamesTheLine() {
        String bad = Fixtures.text("iosxe-show-app-hosting-detail-1.txt").replace("500 MB", "lots");
        assertThatThrownBy(() -> AppDetailParser.parse(bad))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 15");
    }

    private static App single(String fixtureOrText) {
        String text = fixtureOrText.endsWith(".txt") ? Fixtures.text(fixtureOrText) : fixtureOrText;
        AppDetails d = AppDetailParser.parse(text);
        assertThat(d.apps()).hasSize(1);
        return d.apps().get(0);
    }
}
