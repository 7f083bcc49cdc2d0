package io.appfleet.devicesim;

import io.appfleet.devicesim.FleetSpec.Platform;
import io.appfleet.devicesim.SimFleet.Device;
import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.infix.InfixDriver;
import io.appfleet.drivers.iosxe.IosxeDriver;
import io.appfleet.drivers.iosxr.IosxrDriver;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A mixed fleet from one spec (3 IOS-XE on two releases, 2 IOS-XR 7.x, 2 Infix), each platform's
 * real driver converging one of its devices, and fault rates fleet-wide and per device.
 */
class SimFleetIT {

    private static final String PASS = "Sim-Fleet-Pass1";
    private static SimFleet fleet;
    private static SshClient ssh;
    private static String base;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        base = TestAddresses.base();
        port = TestAddresses.port();
        fleet = SimFleet.start(FleetSpec.parse("""
                baseAddress: %s
                credentials: {username: netops, password: %s}
                platforms:
                  iosxe: {count: 3, osVersions: ["16.12.5", "17.9.4"], port: %d, installMs: 200}
                  iosxr: {count: 2, osVersions: ["7.3.1", "7.11.2"], port: %d}
                  infix: {count: 2, osVersions: ["25.01"], port: %d}
                """.formatted(base, PASS, port, port, port + 1)));
        ssh = SshClients.startShared();
    }

    @AfterAll
    static void stop() throws IOException {
        ssh.stop();
        fleet.close();
    }

    @BeforeEach
    void clear() {
        fleet.clearFaults();
    }

    private static DeviceTarget target(Device d) {
        return new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(), d.osVersion(),
                new DeviceTarget.Login("netops", PASS), d.fingerprint())
                .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static List<StepResult> reconcile(DeviceDriver driver, List<AppSpec> desired) throws DeviceException {
        List<StepResult> results = new ArrayList<>();
        for (Step step : driver.plan(driver.installedApps(), desired, DevicePolicy.NONE, false)) {
            StepResult r = driver.run(step);
            results.add(r);
            assertThat(r.ok()).as("%s: %s", step, r.message()).isTrue();
        }
        return results;
    }

    private static void converges(DeviceDriver driver, AppSpec app) throws DeviceException {
        driver.connect();
        assertThat(reconcile(driver, List.of(app))).isNotEmpty();
        assertThat(driver.installedApps()).extracting(InstalledApp::appId, InstalledApp::state)
                .contains(org.assertj.core.groups.Tuple.tuple(app.appId(), ObservedAppState.OBSERVED_APP_STATE_RUNNING));
        assertThat(driver.plan(driver.installedApps(), List.of(app), DevicePolicy.NONE, false)).isEmpty();
    }

    @Test
    void theSpecLaysOutThreePlatformsOnConsecutiveAddresses() {
        assertThat(fleet.devices()).hasSize(7);
        assertThat(fleet.devices(Platform.IOSXE)).extracting(Device::hostname)
                .containsExactly("sim-iosxe-1", "sim-iosxe-2", "sim-iosxe-3");
        assertThat(fleet.devices(Platform.IOSXE)).extracting(Device::osVersion).containsExactly("16.12.5", "17.9.4", "16.12.5");
        assertThat(fleet.devices(Platform.IOSXR)).extracting(Device::osVersion).containsExactly("7.3.1", "7.11.2");
        assertThat(fleet.devices(Platform.INFIX)).extracting(Device::hostname).containsExactly("sim-infix-1", "sim-infix-2");
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < fleet.devices().size(); i++) {
            Device d = fleet.devices().get(i);
            assertThat(d.address()).isEqualTo(fleet.spec().address(d.platform(),
                    fleet.devices(d.platform()).indexOf(d)));
            assertThat(addresses.add(d.address().getHostString())).as("address of %s unique", d.hostname()).isTrue();
            assertThat(d.fingerprint()).startsWith("SHA256:");
        }
        assertThat(fleet.byHostname("sim-iosxr-2")).get().extracting(Device::platform).isEqualTo(Platform.IOSXR);
        assertThat(fleet.byHostname("sim-infix-2").orElseThrow().address().getPort()).isEqualTo(port + 1);
        assertThat(fleet.byHostname("nope")).isEmpty();
    }

    @Test
    void eachPlatformsDriverConvergesOneDevice() throws Exception {
        Device xe = fleet.byHostname("sim-iosxe-2").orElseThrow();
        try (IosxeDriver driver = new IosxeDriver(target(xe), ssh, Duration.ofSeconds(10), Duration.ofMillis(50))) {
            converges(driver, new AppSpec("probe", DesiredState.RUNNING, "usbflash0:probe.tar",
                    new AppSpec.Resources(1, 1000, 256, 64), List.of(), AppSpec.Network.management()));
            assertThat(driver.hostKeyFingerprint()).isEqualTo(xe.fingerprint());
        }
        Device xr = fleet.byHostname("sim-iosxr-1").orElseThrow();
        try (IosxrDriver driver = new IosxrDriver(target(xr), ssh)) {
            converges(driver, new AppSpec("probe", DesiredState.RUNNING, "/misc/app_host/probe-1.0.0-eXR_7.3.1.x86_64.rpm",
                    null, List.of("--network", "host"), null));
            assertThat(xr.ssh().iosxr().isRunning("probe")).isTrue();
        }
        Device infix = fleet.byHostname("sim-infix-1").orElseThrow();
        try (InfixDriver driver = new InfixDriver(target(infix), Duration.ofMillis(20))) {
            converges(driver, new AppSpec("web", DesiredState.RUNNING, "docker://nginx:alpine", null, List.of(),
                    AppSpec.Network.management()));
            assertThat(driver.hostKeyFingerprint()).isEqualTo(infix.fingerprint());
            assertThat(infix.infix().running("web")).contains(true);
        }
    }

    /** For each command, whether the device cut the connection (a fresh session per command). */
    private static List<Boolean> sshDrops(Device d, int commands) throws IOException {
        String command = d.platform() == Platform.IOSXE ? "show app-hosting list" : "show appmgr application-table";
        List<Boolean> dropped = new ArrayList<>();
        for (int i = 0; i < commands; i++) {
            try (SshCliClient c = new SshCliClient(d.ssh(), "netops", PASS)) {
                dropped.add(c.execStatus(command) == null);
            }
        }
        return dropped;
    }

    private static List<Boolean> httpDrops(Device d, int requests) throws Exception {
        HttpClient http = InfixDriverSimulatorIT.insecureClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("netops:" + PASS).getBytes(StandardCharsets.UTF_8));
        List<Boolean> dropped = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            HttpRequest get = HttpRequest.newBuilder(URI.create("https://" + d.address().getHostString() + ":"
                    + d.address().getPort() + "/restconf/yang-library-version")).header("Authorization", auth)
                    .timeout(Duration.ofSeconds(5)).GET().build();
            try {
                dropped.add(http.send(get, HttpResponse.BodyHandlers.ofString()).statusCode() != 200);
            } catch (IOException e) {
                dropped.add(true);
            }
        }
        return dropped;
    }

    private static long count(List<List<Boolean>> runs) {
        return runs.stream().flatMap(List::stream).filter(b -> b).count();
    }

    @Test
    void fleetWideDropRateCutsAboutRateTimesNCommandsTheSameOnesForTheSameSeed() throws Exception {
        FaultRates rates = new FaultRates(0.3, 0, 0, 0, 0);
        List<Device> sshDevices = fleet.devices().stream().filter(d -> d.ssh() != null).toList();
        fleet.faultRates(rates, 1234);
        List<List<Boolean>> first = new ArrayList<>();
        for (Device d : sshDevices) {
            first.add(sshDrops(d, 20));
        }
        // 100 commands at 0.3: mean 30, sd 4.6.
        assertThat(count(first)).isBetween(16L, 44L);

        fleet.faultRates(rates, 1234);
        List<List<Boolean>> again = new ArrayList<>();
        for (Device d : sshDevices) {
            again.add(sshDrops(d, 20));
        }
        assertThat(again).as("same seed, same faults").isEqualTo(first);

        // HTTP: the JDK client retries a GET whose reused connection closed, so count on the device side:
        // every request is logged, and each one not answered 200 was dropped.
        long requests = 0;
        long answered = 0;
        for (Device d : fleet.devices(Platform.INFIX)) {
            d.infix().log().clear();
            answered += httpDrops(d, 50).stream().filter(b -> !b).count();
            requests += d.infix().log().lines().size();
        }
        assertThat(requests).isGreaterThanOrEqualTo(100);
        double share = (double) (requests - answered) / requests;
        assertThat(share).as("%d of %d dropped", requests - answered, requests).isBetween(0.15, 0.45);

        fleet.clearFaults();
        assertThat(sshDrops(sshDevices.get(0), 5)).containsOnly(false);
        assertThat(httpDrops(fleet.devices(Platform.INFIX).get(0), 5)).containsOnly(false);
    }

    @Test
    void aFaultOnOneDeviceLeavesTheOthersAlone() throws Exception {
        Device broken = fleet.byHostname("sim-iosxe-3").orElseThrow();
        broken.faultRates(new FaultRates(1, 0, 0, 0, 0), 1);
        assertThat(sshDrops(broken, 3)).containsOnly(true);
        assertThat(sshDrops(fleet.byHostname("sim-iosxe-1").orElseThrow(), 3)).containsOnly(false);

        // crashRate 1 on one Infix device: its running container exits at the next request.
        Device infix = fleet.byHostname("sim-infix-2").orElseThrow();
        try (InfixDriver driver = new InfixDriver(target(infix), Duration.ofMillis(20))) {
            converges(driver, new AppSpec("web", DesiredState.RUNNING, "docker://nginx:alpine", null, List.of(),
                    AppSpec.Network.management()));
            infix.faultRates(new FaultRates(0, 0, 0, 0, 1), 1);
            assertThat(driver.installedApps()).extracting(InstalledApp::state)
                    .containsExactly(ObservedAppState.OBSERVED_APP_STATE_STOPPED);
        }
    }
}
