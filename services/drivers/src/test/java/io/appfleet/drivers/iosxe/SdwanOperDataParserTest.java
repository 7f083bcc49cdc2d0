package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.iosxe.SdwanOperData.App;
import io.appfleet.drivers.iosxe.SdwanOperData.NicStats;
import io.appfleet.drivers.iosxe.SdwanOperData.Vnic;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class SdwanOperDataParserTest {

    private static final String FIXTURE = "iosxe-show-sdwan-app-hosting-oper-data-1.txt";
    private static final SdwanOperData DATA = SdwanOperDataParser.parse(Fixtures.text(FIXTURE));
    private static final JsonNode GENIE = Fixtures.json("iosxe-show-sdwan-app-hosting-oper-data-1.genie-expected.json");

    /** genie's flattened names → our leaf path under "details". */
    private static final Map<String, String> DETAILS = Map.ofEntries(
            entry("state", "state"),
            entry("pkg_info_name", "package-information name"),
            entry("pkg_info_path", "package-information path"),
            entry("app_name", "package-information application name"),
            entry("pkg_version", "package-information application installed-version"),
            entry("pkg_desc_name", "package-information application description"),
            entry("pkg_app_type", "package-information application type"),
            entry("pkg_app_owner", "package-information application owner"),
            entry("app_act_allowed", "package-information application activation-allowed"),
            entry("pkg_app_author", "package-information application author"),
            entry("pkg_info_key_type", "package-information signing key-type"),
            entry("pkg_info_method", "package-information signing method"),
            entry("pkg_lic_name", "package-information licensing name"),
            entry("pkg_lic_version", "package-information licensing version"),
            entry("processes_name", "detailed-guest-status processes name"),
            entry("processes_status", "detailed-guest-status processes status"),
            entry("processes_pid", "detailed-guest-status processes pid"),
            entry("processes_uptime", "detailed-guest-status processes uptime"),
            entry("processes_memory", "detailed-guest-status processes memory"),
            entry("profile_name", "activated-profile-name"),
            entry("disk", "resource-reservation disk"),
            entry("memory", "resource-reservation memory"),
            entry("cpu", "resource-reservation cpu"),
            entry("vcpu", "resource-reservation vcpu"),
            entry("cpu_percent", "resource-reservation cpu-percent"),
            entry("guest_intf", "guest-interface"),
            entry("res_add_state", "resource-admission state"),
            entry("res_add_disk_space", "resource-admission disk-space"),
            entry("res_add_memory", "resource-admission memory"),
            entry("res_add_cpu", "resource-admission cpu"),
            entry("res_add_vcpu", "resource-admission vcpus"),
            entry("res_doc_run_opts", "docker-run-opts"),
            entry("details_command", "command"),
            entry("details_entry_point", "entry-point"),
            entry("details_health_stats", "health-status"),
            entry("details_probe_error", "last-health-probe-error"),
            entry("details_probe_output", "last-health-probe-output"),
            entry("details_pkg_run_opt", "pkg-run-opt"),
            entry("ieobc_mac_address", "ieobc-mac-addr"));

    private static final Map<String, String> UTILIZATION = Map.of(
            "utilization_name", "name",
            "req_app_util", "cpu-util requested-application-util",
            "actual_app_util", "cpu-util actual-application-util",
            "cpu_state", "cpu-util cpu-state",
            "mem_allocation", "memory-util memory-allocation",
            "mem_used", "memory-util memory-used");

    private static final Map<String, String> GLOBAL_RESOURCES = Map.of(
            "cpu_details", "cpu system CPU",
            "memory_details", "memory memory",
            "storage_device_harddisk", "storage-device harddisk",
            "storage_device_bootflash", "storage-device bootflash",
            "storage_device_volume_group", "storage-device volume-group",
            "storage_device_caf_persist_disk", "storage-device CAF persist-disk");

    @Test
    void genieTopLevelKeysAreAllMapped() {
        assertThat(Fixtures.fields(GENIE)).containsExactlyInAnyOrder("app_hosting_oper_data_app", "name",
                "storage_utils_storage_util_disk", "mac_address", "app_hosting_oper_data_app_resources_global",
                "app_notifications_event");
    }

    @Test
    void appDetailsAndUtilizationMatchGenie() {
        App app = onlyApp();
        JsonNode byApp = GENIE.get("app_hosting_oper_data_app");
        assertThat(Fixtures.fields(byApp)).containsExactly(app.appId());
        JsonNode g = byApp.get(app.appId());
        for (String key : Fixtures.fields(g)) {
            if (DETAILS.containsKey(key)) {
                assertSame(app.details().get(DETAILS.get(key)), g.get(key), key);
            } else if (UTILIZATION.containsKey(key)) {
                assertSame(app.utilization().get(UTILIZATION.get(key)), g.get(key), key);
            } else {
                fail("no mapping for genie key " + key);
            }
        }
        assertThat(app.state()).isEqualTo("RUNNING");
        assertThat(app.details().get("resource-reservation memory")).isEqualTo(3072L);
    }

    @Test
    void nicCountersMatchGenie() {
        JsonNode byName = GENIE.get("name");
        assertThat(onlyApp().nicStats()).hasSize(byName.size());
        for (Map.Entry<String, JsonNode> e : byName.properties()) {
            JsonNode g = e.getValue();
            assertThat(Fixtures.fields(g)).containsExactlyInAnyOrder("alias", "rx_packets", "rx_bytes", "rx_errors",
                    "tx_packets", "tx_bytes", "tx_errors");
            assertThat(onlyApp().nicStats()).contains(new NicStats(e.getKey(), g.get("alias").asText(),
                    g.get("rx_packets").asLong(), g.get("rx_bytes").asLong(), g.get("rx_errors").asLong(),
                    g.get("tx_packets").asLong(), g.get("tx_bytes").asLong(), g.get("tx_errors").asLong()));
        }
    }

    @Test
    void storageMatchesGenie() {
        JsonNode g = GENIE.get("storage_utils_storage_util_disk");
        Map<String, Object> disk = onlyApp().blocks().get("storage-utils storage-util disk");
        for (String key : Fixtures.fields(g)) {
            Object ours = key.equals("pkg_policy") ? onlyApp().other().get("pkg-policy") : disk.get(key.replace('_', '-'));
            assertSame(ours, g.get(key), key);
        }
    }

    /** genie keys vNICs by MAC with a trailing space. */
    @Test
    void vnicsMatchGenie() {
        JsonNode byMac = GENIE.get("mac_address");
        assertThat(onlyApp().vnics()).hasSize(byMac.size());
        for (Map.Entry<String, JsonNode> e : byMac.properties()) {
            JsonNode g = e.getValue();
            assertThat(Fixtures.fields(g)).containsExactlyInAnyOrder("attached_intf", "ipv4_address", "network_name", "ipv6_address");
            assertThat(onlyApp().vnics()).contains(new Vnic(e.getKey().strip(), g.get("attached_intf").asText(),
                    g.get("ipv4_address").asText(), g.get("network_name").asText(), g.get("ipv6_address").asText()));
        }
    }

    @Test
    void globalResourcesMatchGenie() {
        JsonNode byName = GENIE.get("app_hosting_oper_data_app_resources_global");
        for (String key : Fixtures.fields(byName)) {
            assertThat(GLOBAL_RESOURCES).as("mapping for %s", key).containsKey(key);
            Map<String, Object> ours = DATA.resources().get(GLOBAL_RESOURCES.get(key));
            JsonNode g = byName.get(key);
            for (String leaf : Fixtures.fields(g)) {
                assertSame(ours.get(leaf.replace('_', '-')), g.get(leaf), key + "/" + leaf);
            }
        }
    }

    /** genie files app-globals iox-enabled under the notification as is_enabled. */
    @Test
    void notificationMatchesGenie() {
        JsonNode g = GENIE.get("app_notifications_event");
        assertThat(DATA.notifications()).hasSize(1);
        Map<String, Object> ours = DATA.notifications().get(0);
        for (String key : Fixtures.fields(g)) {
            Object value = key.equals("is_enabled") ? DATA.globals().get("iox-enabled") : ours.get(key.replace('_', '-'));
            assertSame(value, g.get(key), key);
        }
        assertThat(ours.get("message")).isEqualTo("utd is started\\nCurrent is in RUNNING\\n");
    }

    @Test
    void attachedDevicesWithEmptyCells() {
        assertThat(onlyApp().devices()).hasSize(17);
        assertThat(onlyApp().devices().get(0)).isEqualTo(new SdwanOperData.Device(null, "Serial/Trace", "serial3"));
        assertThat(onlyApp().devices().get(3)).isEqualTo(new SdwanOperData.Device("_rootfs", "Disk", null));
    }

    @Test
    void brokenCounterRowIsReported() {
        String bad = Fixtures.text(FIXTURE).replace("ieobc_1  ieobc  190      11175", "ieobc_1  ieobc  190");
        assertThatThrownBy(() -> SdwanOperDataParser.parse(bad))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 54");
    }

    @Test
    void otherOutputIsRejected() {
        assertThatThrownBy(() -> SdwanOperDataParser.parse("pm9005#show sdwan app-hosting oper-data\r\n% No entries found.\r\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
    }

    private static App onlyApp() {
        assertThat(DATA.apps()).hasSize(1);
        return DATA.apps().get(0);
    }

    /** genie keeps confd's quotes ("\"\""); we drop them, and keep numbers as numbers. */
    private static void assertSame(Object ours, JsonNode genie, String what) {
        String g = genie.asText();
        if (g.length() >= 2 && g.startsWith("\"") && g.endsWith("\"")) {
            g = g.substring(1, g.length() - 1);
        }
        assertThat(ours).as(what).isNotNull();
        assertThat(String.valueOf(ours)).as(what).isEqualTo(g);
    }
}
