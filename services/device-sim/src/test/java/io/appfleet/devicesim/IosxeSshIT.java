package io.appfleet.devicesim;

import io.appfleet.drivers.iosxe.AppDetails;
import io.appfleet.drivers.iosxe.AppHostingResource;
import io.appfleet.drivers.iosxe.AppList;
import io.appfleet.drivers.iosxe.AppUtilization;
import io.appfleet.drivers.iosxe.CpuPolicerStats;
import io.appfleet.drivers.iosxe.IosxeParsers;
import io.appfleet.drivers.iosxe.IoxService;
import io.appfleet.drivers.iosxe.LifecycleReply;
import io.appfleet.drivers.iosxe.LifecycleReply.Outcome;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real MINA sshd client against simulated IOS-XE devices. */
class IosxeSshIT {

    private static final String CPP = "show platform hardware fed switch active qos queue stats internal cpu policer";
    private static Fleet fleet;
    private static SimulatedDevice v16;
    private static SimulatedDevice v17;

    @BeforeAll
    static void startFleet() throws IOException {
        fleet = Fleet.start(Fleet.Spec.iosxe(2, TestAddresses.base(), TestAddresses.port())
                .withOsVersions("16.12.5", "17.9.4").withInstallMs(300).withCredentials("netops", "s3cret"));
        v16 = fleet.device(0);
        v17 = fleet.device(1);
    }

    @AfterAll
    static void stopFleet() throws IOException {
        fleet.close();
    }

    @BeforeEach
    void resetFaults() {
        fleet.devices().forEach(d -> d.faults().clear());
    }

    @Test
    void fullLifecycleOverShell() throws IOException {
        SimulatedDevice d = v16;
        d.commandLog().clear();
        try (SshCliClient c = new SshCliClient(d)) {
            assertThat(c.openShell()).isEqualTo(d.hostname() + "#");
            assertThat(c.send("terminal length 0")).isEmpty();
            assertThat(parse(c, "show app-hosting list")).isEqualTo(null);

            c.send("configure terminal");
            assertThat(c.lastPrompt()).isEqualTo(d.hostname() + "(config)#");
            c.send("app-hosting appid iperf");
            assertThat(c.lastPrompt()).isEqualTo(d.hostname() + "(config-app-hosting)#");
            c.send("app-vnic management guest-interface 0");
            c.send("app-resource docker");
            c.send("run-opts 1 \"-p 5201:5201\"");
            c.send("app-resource profile custom");
            c.send("cpu 1000");
            c.send("memory 512");
            c.send("vcpu 1");
            c.send("end");
            assertThat(c.lastPrompt()).isEqualTo(d.hostname() + "#");

            assertThat(verb(c, "app-hosting install appid iperf package flash:iperf3.tar"))
                    .isEqualTo(new LifecycleReply(Outcome.OK, "iperf", "DEPLOYED",
                            "iperf installed successfully\nCurrent state is: DEPLOYED"));
            assertThat(verb(c, "app-hosting activate appid iperf").state()).isEqualTo("ACTIVATED");
            assertThat(verb(c, "app-hosting start appid iperf").state()).isEqualTo("RUNNING");

            AppList list = (AppList) parse(c, "show app-hosting list");
            assertThat(list.apps()).containsExactly(new AppList.App("iperf", "RUNNING"));
            AppDetails detail = (AppDetails) parse(c, "show app-hosting detail appid iperf");
            assertThat(detail.apps().get(0).resources().cpuUnits()).isEqualTo(1000L);
            assertThat(detail.apps().get(0).resources().memoryMb()).isEqualTo(512L);
            assertThat(((AppDetails) parse(c, "show app-hosting detail")).apps()).hasSize(1);
            AppUtilization util = (AppUtilization) parse(c, "show app-hosting utilization appid iperf");
            assertThat(util.memory().allocationMb()).isEqualTo(512L);
            AppHostingResource res = (AppHostingResource) parse(c, "show app-hosting resource");
            assertThat(res.memory().availableMb()).isEqualTo(2048L - 512);
            IoxService iox = (IoxService) parse(c, "show iox-service");
            assertThat(iox.components()).isNotEmpty();
            CpuPolicerStats cpp = (CpuPolicerStats) parse(c, CPP);
            assertThat(cpp.queues()).hasSize(32);

            assertThat(verb(c, "app-hosting stop appid iperf").state()).isEqualTo("STOPPED");
            assertThat(verb(c, "app-hosting deactivate appid iperf").state()).isEqualTo("DEPLOYED");
            assertThat(verb(c, "app-hosting uninstall appid iperf").outcome()).isEqualTo(Outcome.OK);
            c.send("configure terminal");
            c.send("no app-hosting appid iperf");
            c.send("end");
            assertThat(c.send("show running-config | section app-hosting")).isEmpty();
            assertThat(c.send("show app-hosting list")).isEqualTo("No App found\n");
        }
        // The log has every line in order: a driver test can assert that no step was repeated.
        List<String> lines = d.commandLog().lines();
        assertThat(lines).startsWith("terminal length 0", "show app-hosting list", "configure terminal");
        assertThat(lines.stream().filter(l -> l.startsWith("app-hosting ") && !l.startsWith("app-hosting appid")).toList()).containsExactly(
                "app-hosting install appid iperf package flash:iperf3.tar", "app-hosting activate appid iperf",
                "app-hosting start appid iperf", "app-hosting stop appid iperf", "app-hosting deactivate appid iperf",
                "app-hosting uninstall appid iperf");
        assertThat(d.commandLog().entries()).allMatch(e -> e.channel().equals("shell"));
    }

    @Test
    void wrongStateAndUnknownCommandOverShell() throws IOException {
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            assertThat(c.send("app-hosting install appid ws package flash:ws.tar")).contains("installed successfully");
            assertThat(c.send("app-hosting stop appid ws")).isEqualTo("Invalid 'stop' request. ws is in DEPLOYED\n");
            assertThat(c.send("show bogus")).endsWith("% Invalid input detected at '^' marker.\n");
            v16.faults().wrongStateReplies(true);
            assertThat(c.send("app-hosting activate appid ws")).isEqualTo("Invalid 'activate' request. ws is in DEPLOYED\n");
            v16.faults().wrongStateReplies(false);
            c.send("app-hosting uninstall appid ws");
        }
    }

    @Test
    void asyncInstallOn17x() throws IOException, InterruptedException {
        try (SshCliClient c = new SshCliClient(v17)) {
            c.openShell();
            c.send("terminal length 0");
            assertThat(verb(c, "app-hosting install appid tea package flash:tea.tar").outcome())
                    .isEqualTo(Outcome.IN_PROGRESS);
            assertThat(((AppList) parse(c, "show app-hosting list")).apps())
                    .containsExactly(new AppList.App("tea", "INSTALLING"));
            Thread.sleep(400);
            assertThat(((AppList) parse(c, "show app-hosting list")).apps())
                    .containsExactly(new AppList.App("tea", "DEPLOYED"));
            assertThat(verb(c, "app-hosting uninstall appid tea").outcome()).isEqualTo(Outcome.IN_PROGRESS);
        }
    }

    @Test
    void slowInstallFault() throws IOException, InterruptedException {
        v17.faults().installDelayMs(1500);
        try (SshCliClient c = new SshCliClient(v17)) {
            c.openShell();
            c.send("app-hosting install appid slow package flash:slow.tar");
            Thread.sleep(500);
            assertThat(c.send("show app-hosting list")).contains("INSTALLING");
            Thread.sleep(1200);
            assertThat(c.send("show app-hosting list")).contains("DEPLOYED");
            c.send("app-hosting uninstall appid slow");
        }
    }

    @Test
    void installFailureFault() throws IOException {
        v16.faults().installFailure(true);
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            LifecycleReply r = verb(c, "app-hosting install appid bad package flash:bad.tar");
            assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(c.send("show app-hosting list")).isEqualTo("No App found\n");
        }
    }

    @Test
    void capacityRefusal() throws IOException {
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            c.send("configure terminal");
            c.send("app-hosting appid huge");
            c.send("app-resource profile custom");
            c.send("cpu 9000");
            c.send("memory 512");
            c.send("end");
            c.send("app-hosting install appid huge package flash:huge.tar");
            assertThat(c.send("app-hosting activate appid huge")).startsWith("% Error: Activation failed: Insufficient resources");
            assertThat(c.send("show app-hosting list")).contains("DEPLOYED");
            c.send("app-hosting uninstall appid huge");
            c.send("configure terminal");
            c.send("no app-hosting appid huge");
            c.send("end");
        }
    }

    @Test
    void cppCountersGrowWhileAppRunsAndPolicerOn() throws IOException, InterruptedException {
        SimulatedDevice d = v17;
        try (SshCliClient c = new SshCliClient(d)) {
            c.openShell();
            c.send("terminal length 0");
            c.send("app-hosting install appid flow package flash:flow.tar");
            Thread.sleep(400);
            c.send("app-hosting activate appid flow");
            c.send("app-hosting start appid flow");
            long first = sysDataDrops(c);
            Thread.sleep(300);
            long second = sysDataDrops(c);
            assertThat(second).isGreaterThan(first);

            c.send("configure terminal");
            c.send("policy-map system-cpp-policy");
            c.send("class system-cpp-police-sys-data");
            c.send("no police rate 250 pps");
            c.send("end");
            long off = sysDataDrops(c);
            Thread.sleep(300);
            assertThat(sysDataDrops(c)).isEqualTo(off);

            c.send("configure terminal");
            c.send("policy-map system-cpp-policy");
            c.send("class system-cpp-police-sys-data");
            c.send("police rate 250 pps");
            c.send("end");
            c.send("app-hosting stop appid flow");
            c.send("app-hosting deactivate appid flow");
            c.send("app-hosting uninstall appid flow");
        }
    }

    @Test
    void execChannelRunsOneCommand() throws IOException {
        v16.commandLog().clear();
        try (SshCliClient c = new SshCliClient(v16)) {
            String out = c.exec("show app-hosting resource");
            assertThat(((AppHostingResource) IosxeParsers.parse("show app-hosting resource", out)).vcpu().count())
                    .isEqualTo(2L);
        }
        assertThat(v16.commandLog().entries()).singleElement()
                .satisfies(e -> assertThat(e.channel()).isEqualTo("exec"));
    }

    @Test
    void execChannelCopyTakesTheDefaultAnswers() throws IOException {
        try (PackageServer http = new PackageServer(); SshCliClient c = new SshCliClient(v17)) {
            PackageServer.Package p = http.add("/exec.tar", 5000, 3);
            String out = c.exec("copy " + http.url(p.path()) + " flash:exec.tar");
            assertThat(out).contains("Destination filename [exec.tar]? \n", "5000 bytes copied in");
            assertThat(c.exec("verify /sha256 flash:exec.tar")).endsWith("verify /sha256 (flash:exec.tar) = " + p.sha256() + "\n");
            assertThat(c.exec("delete /force flash:exec.tar")).isEmpty();
        }
    }

    @Test
    void latencyFault() throws IOException {
        v16.faults().latencyMs(300);
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            long t0 = System.nanoTime();
            c.send("show iox-service");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        }
    }

    @Test
    void droppedSessionFault() throws IOException {
        v16.faults().dropNextCommands(1);
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            assertThatThrownBy(() -> c.send("show iox-service")).isInstanceOf(IOException.class)
                    .hasMessageContaining("channel closed");
            assertThat(c.shellClosed(Duration.ofSeconds(5))).isTrue();
        }
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            assertThat(c.send("show iox-service")).contains("IOx service");
        }
    }

    @Test
    void changedHostKeyFault() throws IOException {
        String before;
        try (SshCliClient c = new SshCliClient(v16)) {
            before = c.serverKeyFingerprint();
        }
        try (SshCliClient c = new SshCliClient(v16)) {
            assertThat(c.serverKeyFingerprint()).isEqualTo(before);
        }
        v16.regenerateHostKey();
        try (SshCliClient c = new SshCliClient(v16)) {
            assertThat(c.serverKeyFingerprint()).isNotEqualTo(before);
        }
        // Each device has its own key.
        try (SshCliClient c = new SshCliClient(v17)) {
            assertThat(c.serverKeyFingerprint()).isNotEqualTo(before);
        }
    }

    @Test
    void crashFaultShowsAsDrift() throws IOException {
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            c.send("app-hosting install appid crashy package flash:c.tar");
            c.send("app-hosting activate appid crashy");
            c.send("app-hosting start appid crashy");
            assertThat(v16.crashApp("crashy")).isTrue();
            assertThat(((AppList) parse(c, "show app-hosting list")).apps())
                    .containsExactly(new AppList.App("crashy", "STOPPED"));
            c.send("app-hosting deactivate appid crashy");
            c.send("app-hosting uninstall appid crashy");
        }
    }

    @Test
    void wrongPasswordIsRejected() {
        assertThatThrownBy(() -> new SshCliClient(v16, "netops", "wrong").close()).isInstanceOf(Exception.class);
    }

    @Test
    void pagingWithMore() throws IOException {
        try (SshCliClient c = new SshCliClient(v16)) {
            c.openShell();
            c.send("terminal length 10");
            c.clearReceived();
            c.sendRaw("show iox-service\r");
            // 6 lines fit in a 10-line page.
            c.waitFor(Pattern.compile("(?s).*Dockerd.*\n" + Pattern.quote(v16.hostname()) + "#$"));
            c.clearReceived();
            c.sendRaw(CPP + "\r");
            c.waitFor(Pattern.compile("(?s).* --More-- $"));
            // A 10-line terminal shows 9 lines, then --More--.
            assertThat(c.receivedSoFar()).contains("QId PlcIdx", "Forus traffic").doesNotContain("ICMP GEN");
            c.clearReceived();
            c.sendRaw(" ");
            c.waitFor(Pattern.compile("(?s).*ICMP GEN.*EWLC Data.* --More-- $"));
            assertThat(c.receivedSoFar()).doesNotContain("Gold Pkt");
            c.sendRaw("q");
            c.waitFor(Pattern.compile("(?s).*" + Pattern.quote(v16.hostname()) + "#$"));
            c.send("terminal length 0");
            assertThat(c.send(CPP)).doesNotContain("--More--");
        }
    }

    private static Object parse(SshCliClient c, String command) throws IOException {
        String out = c.send(command);
        if (out.equals("No App found\n")) {
            return null;
        }
        return IosxeParsers.parse(command, out);
    }

    private static LifecycleReply verb(SshCliClient c, String command) throws IOException {
        return (LifecycleReply) IosxeParsers.parse(command, c.send(command));
    }

    private static long sysDataDrops(SshCliClient c) throws IOException {
        CpuPolicerStats s = (CpuPolicerStats) parse(c, CPP);
        return s.policers().stream().filter(p -> p.index() == 10).findFirst().orElseThrow().dropFrames();
    }
}
