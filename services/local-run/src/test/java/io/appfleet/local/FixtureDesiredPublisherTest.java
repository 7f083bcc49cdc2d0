package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.appfleet.local.FixtureDesiredPublisher.Fixture;
import io.appfleet.local.FixtureDesiredPublisher.SimDevice;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;

class FixtureDesiredPublisherTest {

    private static final Path FIXTURE = ServiceSpecTest.repoRoot().resolve("deploy/examples/desired/sim-fleet.yaml");

    private static PackageServer.Package served(String file) {
        return new PackageServer.Package(file, 100, "ab".repeat(32), "http://127.0.0.1:1/packages/" + file);
    }

    @Test
    void theExampleFixtureGivesEveryPlatformAnAppAndIosXeTheCppSetting() throws Exception {
        Fixture f = FixtureDesiredPublisher.parse(FIXTURE);
        assertEquals(List.of("infix", "iosxe", "iosxr"), List.copyOf(f.platforms().keySet()));
        assertEquals(3, f.packages().size());
        assertTrue(f.revision().matches("fixture-[0-9a-f]{12}"), f.revision());
        assertEquals(List.of(CppPolicerSetting.newBuilder().setClassName("system-cpp-police-sys-data").setEnabled(false)
                .build()), f.platforms().get("iosxe").cppPolicers());
        for (String p : List.of("iosxe", "iosxr", "infix")) {
            assertEquals(1, f.platforms().get(p).apps().size(), p);
            assertTrue(f.packages().containsKey(f.platforms().get(p).apps().get(0).packageFile()), p);
        }
    }

    @Test
    void eachDeviceGetsTheFullStateOfItsPlatform() throws Exception {
        Fixture f = FixtureDesiredPublisher.parse(FIXTURE);
        Instant now = Instant.parse("2026-01-02T03:04:05.123Z");
        List<DesiredDeviceState> states = FixtureDesiredPublisher.desiredStates(f, List.of(
                new SimDevice("sim-iosxe-1", "iosxe"), new SimDevice("sim-iosxr-1", "iosxr"),
                new SimDevice("sim-infix-1", "infix")), FixtureDesiredPublisherTest::served, 7, now);
        assertEquals(3, states.size());
        DesiredDeviceState xe = states.get(0);
        assertEquals("sim-iosxe-1", xe.getDeviceId());
        assertEquals(7, xe.getGeneration());
        assertEquals(now.getEpochSecond(), xe.getComputedAt().getSeconds());
        assertEquals(f.revision(), xe.getSource().getRevision());
        assertEquals(List.of("sim-probe"), xe.getSource().getDeploymentNamesList());
        assertFalse(xe.getPruneUnmanaged());
        assertEquals(1, xe.getSettings().getCppPolicersCount());
        DesiredApp probe = xe.getApps(0);
        assertEquals("probe", probe.getAppId());
        assertEquals(DesiredAppState.DESIRED_APP_STATE_RUNNING, probe.getState());
        assertEquals("http://127.0.0.1:1/packages/probe-iox.tar", probe.getPackage().getUrl());
        assertEquals("ab".repeat(32), probe.getPackage().getSha256());
        assertEquals(100, probe.getPackage().getSizeBytes());
        assertEquals(1000, probe.getResources().getCpuUnits());
        assertEquals(List.of("--cap-add NET_ADMIN"), probe.getRunOptsList());
        assertEquals(Map.of("PROBE_TARGET", "192.0.2.1"), probe.getEnvMap());
        assertEquals(FixtureDesiredPublisher.configDigest(probe), probe.getConfigDigest());
        assertTrue(probe.getConfigDigest().matches("[0-9a-f]{64}"));

        assertEquals(0, states.get(1).getSettings().getCppPolicersCount(), "CPP is an IOS-XE setting only");
        assertEquals("probe", states.get(1).getApps(0).getAppId());
        assertEquals("web", states.get(2).getApps(0).getAppId());
    }

    @Test
    void aPlatformTheFixtureLeavesOutGetsAnEmptyStateAndImagesWork() {
        Fixture f = FixtureDesiredPublisher.parse("""
                platforms:
                  infix:
                    apps:
                      - {appId: web, image: "docker://nginx:alpine", state: stopped}
                """);
        List<DesiredDeviceState> states = FixtureDesiredPublisher.desiredStates(f, List.of(
                new SimDevice("x", "iosxe"), new SimDevice("i", "infix")), FixtureDesiredPublisherTest::served, 1,
                Instant.EPOCH);
        assertEquals(0, states.get(0).getAppsCount());
        DesiredApp web = states.get(1).getApps(0);
        assertEquals("docker://nginx:alpine", web.getImage().getReference());
        assertEquals(DesiredAppState.DESIRED_APP_STATE_STOPPED, web.getState());
        assertEquals("sim-web", web.getDeploymentName());
    }

    @Test
    void theDigestFollowsWhatReachesTheDeviceOnly() {
        DesiredApp a = DesiredApp.newBuilder().setAppId("probe").setDeploymentName("d1").setDeploymentRevision(1)
                .addRunOpts("--net host").build();
        String digest = FixtureDesiredPublisher.configDigest(a);
        assertEquals(digest, FixtureDesiredPublisher.configDigest(a.toBuilder().setDeploymentName("d2")
                .setDeploymentRevision(9).setConfigDigest("old").build()));
        assertNotEquals(digest, FixtureDesiredPublisher.configDigest(a.toBuilder().addRunOpts("-e A=1").build()));
    }

    @Test
    void mistakesNameTheKey() {
        record Case(String yaml, String message) {
        }
        for (Case c : List.of(
                new Case("platforms: {}\nextra: 1", "extra: unknown key"),
                new Case("packages: {a.tar: 10}", "platforms: expected a mapping"),
                new Case("platforms: {ios: {}}", "platforms.ios: unknown key; known here: infix, iosxe, iosxr"),
                new Case("platforms: {iosxe: {apps: [{appId: Probe, image: x}]}}",
                        "platforms.iosxe.apps[0].appId: must match"),
                new Case("platforms: {iosxe: {apps: [{appId: p}]}}",
                        "platforms.iosxe.apps[0]: give exactly one of 'package'"),
                new Case("platforms: {iosxe: {apps: [{appId: p, image: x, package: a.tar}]}}",
                        "platforms.iosxe.apps[0]: give exactly one of 'package'"),
                new Case("platforms: {iosxe: {apps: [{appId: p, package: a.tar}]}}",
                        "platforms.iosxe.apps[0].package: a.tar is not under packages"),
                new Case("platforms: {iosxe: {apps: [{appId: p, image: x}, {appId: p, image: y}]}}",
                        "platforms.iosxe.apps[1].appId: p is listed twice"),
                new Case("platforms: {iosxe: {apps: [{appId: p, image: x, state: absent}]}}",
                        "platforms.iosxe.apps[0].state: 'running' or 'stopped'"),
                new Case("platforms: {iosxe: {apps: [{appId: p, image: x, resources: {cpu: 1}}]}}",
                        "platforms.iosxe.apps[0].resources.cpu: unknown key"),
                new Case("platforms: {iosxe: {apps: [{appId: p, image: x, resources: {vcpu: -1}}]}}",
                        "platforms.iosxe.apps[0].resources.vcpu: a whole number"),
                new Case("platforms: {iosxe: {cppPolicers: {system-cpp-police-sys-data: off}}}",
                        "platforms.iosxe.cppPolicers.system-cpp-police-sys-data: 'enabled', 'disabled' or a rate"),
                new Case("packages: {../x.tar: 1}\nplatforms: {}", "packages.../x.tar: not a plain file name"),
                new Case("packages: {a.tar: 0}\nplatforms: {}", "packages.a.tar: the size in bytes"),
                new Case("platforms: [", "not valid YAML"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FixtureDesiredPublisher.parse(c.yaml()), c.yaml());
            assertTrue(e.getMessage().startsWith(c.message()) || e.getMessage().contains(c.message()),
                    c.yaml() + " -> " + e.getMessage());
        }
        assertEquals(250, FixtureDesiredPublisher.parse("platforms: {iosxe: {cppPolicers: {c: 250}}}").platforms()
                .get("iosxe").cppPolicers().get(0).getRatePps());
    }
}
