package io.appfleet.desired.targeting;

import static io.appfleet.desired.targeting.Devices.decommissioned;
import static io.appfleet.desired.targeting.Devices.device;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.devicestate.DeploymentSnapshot;
import io.appfleet.desired.manifest.AppDeployment;
import io.appfleet.desired.manifest.ManifestFormat;
import io.appfleet.desired.manifest.ManifestReader;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;

class TargetResolverTest {

    static final Map<String, Device> FLEET = new LinkedHashMap<>();

    static {
        put(device("sw-ams-1", Platform.PLATFORM_IOSXE, "ams", Map.of("role", "access")));
        put(device("sw-fra-1", Platform.PLATFORM_IOSXE, "fra", Map.of("role", "access")));
        put(device("sw-lon-1", Platform.PLATFORM_IOSXE, "lon", Map.of("role", "access")));
        put(device("sw-ams-core", Platform.PLATFORM_IOSXE, "ams", Map.of("role", "core")));
        put(device("xr-ams-1", Platform.PLATFORM_IOSXR, "ams", Map.of("role", "access")));
        put(device("sw-site-label", Platform.PLATFORM_IOSXE, "lon", Map.of("role", "access", "site", "ams")));
        put(decommissioned(device("sw-ams-old", Platform.PLATFORM_IOSXE, "ams", Map.of("role", "access"))));
        put(device("infix-1", Platform.PLATFORM_INFIX, "", Map.of()));
    }

    static void put(Device d) {
        FLEET.put(d.getId(), d);
    }

    static AppDeployment.Targets targets(String yaml) {
        return ManifestReader.read("apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: t}\nspec:\n"
                + "  app: {id: a, image: {reference: x}}\n  targets: " + yaml + "\n", ManifestFormat.YAML)
                .spec().targets();
    }

    static Resolution resolve(String yaml) {
        return TargetResolver.resolve(targets(yaml), FLEET.values(), FLEET::get);
    }

    @Test
    void platformsIntersectTheSelectorAndExplicitDevicesAreAdded() {
        Resolution r = resolve("{platforms: [iosxe], selector: {matchLabels: {role: access},"
                + " matchExpressions: [{key: site, operator: In, values: [ams, fra]}]}, devices: [infix-1, nowhere,"
                + " sw-ams-old]}");
        // sw-site-label: its own label site=ams wins over its site field (lon).
        assertThat(r.devices()).containsExactly("infix-1", "sw-ams-1", "sw-fra-1", "sw-site-label");
        assertThat(r.selectorMatches()).isEqualTo(3);
        assertThat(r.unknownDevices()).containsExactly("nowhere");
        assertThat(r.decommissionedDevices()).containsExactly("sw-ams-old");
    }

    @Test
    void platformsAloneSelectorAloneAndDevicesAlone() {
        assertThat(resolve("{platforms: [iosxr, infix]}").devices()).containsExactly("infix-1", "xr-ams-1");
        assertThat(resolve("{selector: {matchLabels: {site: ams}}}").devices())
                .containsExactly("sw-ams-1", "sw-ams-core", "sw-site-label", "xr-ams-1");
        Resolution explicit = resolve("{devices: [sw-lon-1]}");
        assertThat(explicit.devices()).containsExactly("sw-lon-1");
        assertThat(explicit.usesSelector()).isFalse();
        Resolution none = resolve("{selector: {matchLabels: {role: spine}}}");
        assertThat(none.usesSelector()).isTrue();
        assertThat(none.selectorMatches()).isZero();
    }

    @Test
    void notInAndDoesNotExistMatchDevicesWithoutTheKey() {
        assertThat(resolve("{selector: {matchExpressions: [{key: role, operator: NotIn, values: [core]}]}}").devices())
                .contains("infix-1").doesNotContain("sw-ams-core", "sw-ams-old");
        assertThat(resolve("{selector: {matchExpressions: [{key: role, operator: DoesNotExist}]}}").devices())
                .containsExactly("infix-1");
    }

    @Test
    void aSnapshotTestsOneDeviceByTheSameRule() {
        for (String yaml : List.of("{platforms: [iosxe], selector: {matchLabels: {role: access}}, devices: [infix-1]}",
                "{selector: {matchExpressions: [{key: site, operator: Exists}]}}", "{devices: [sw-ams-old, sw-lon-1]}")) {
            Resolution r = resolve(yaml);
            AppDeployment m = ManifestReader.read("apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: t}\n"
                    + "spec:\n  app: {id: a, image: {reference: x}}\n  targets: " + yaml + "\n", ManifestFormat.YAML);
            DeploymentSnapshot s = DeploymentSnapshot.of("t", 1, 1, m);
            for (Device d : FLEET.values()) {
                assertThat(s.targets(d)).as(yaml + " on " + d.getId()).isEqualTo(r.contains(d.getId()));
            }
        }
    }
}
