package io.appfleet.devicesim;

import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.qga.AgentProcess;
import io.appfleet.drivers.qga.QgaClient;
import io.appfleet.drivers.qga.SshExecTransport;
import io.appfleet.drivers.ssh.SshClients;

import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A simulated IOS-XE device as a KVM host: its SSH server relays an exec channel to a real qemu-ga through the real socat. */
class GuestAgentRelayIT {

    @TempDir
    static Path dir;
    private static Fleet fleet;
    private static Fleet xr;
    private static AgentProcess agent;
    private static SshClient ssh;

    @BeforeAll
    static void start() throws Exception {
        agent = AgentProcess.start(dir);
        fleet = Fleet.start(Fleet.Spec.iosxe(1, TestAddresses.base(), TestAddresses.port())
                .withCredentials("netops", "s3cret"));
        xr = Fleet.start(Fleet.Spec.iosxr(1, TestAddresses.base(), TestAddresses.port())
                .withCredentials("netops", "s3cret"));
        ssh = SshClients.startShared();
    }

    @AfterAll
    static void stop() throws Exception {
        if (ssh != null) {
            ssh.stop();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (xr != null) {
            xr.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void theAdaptersQgaClientReachesTheAgentThroughTheDevice() throws Exception {
        SimulatedDevice d = fleet.device(0);
        DeviceTarget target = new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(), "17.9.4",
                new DeviceTarget.Login("netops", "s3cret"), null).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        try (QgaClient qga = new QgaClient(new SshExecTransport(ssh, target, agent.socket.toString()))) {
            assertThat(qga.info().orElseThrow().version()).isNotBlank();
            assertThat(qga.cpuStats().orElseThrow().cpus()).isNotEmpty();
            assertThat(qga.networkInterfaces().orElseThrow().interfaces()).anySatisfy(i -> assertThat(i.name()).isEqualTo("lo"));
        }
        assertThat(d.commandLog().lines()).contains("socat - UNIX-CONNECT:" + agent.socket);
    }

    @Test
    void anyOtherSocatLineIsRefusedWithAReasonAndTheCliStillAnswersExec() throws IOException {
        SimulatedDevice d = fleet.device(0);
        try (SshCliClient c = new SshCliClient(d)) {
            for (String bad : new String[] { "socat - UNIX-CONNECT:relative.sock", "socat - UNIX-CONNECT:/tmp/../etc/x",
                    "socat TCP-LISTEN:2222 -", "socat - UNIX-CONNECT:" + agent.socket + ";reboot",
                    "socat -  UNIX-CONNECT:" + agent.socket }) {
                assertThat(c.execStatus(bad)).as(bad).isEqualTo(126);
                assertThat(c.exec(bad)).as(bad).contains("refused: only 'socat - UNIX-CONNECT:<absolute path>' runs here");
            }
            assertThat(c.exec("show app-hosting list")).doesNotContain("refused");
        }
        try (SshCliClient c = new SshCliClient(xr.device(0))) {
            assertThat(c.exec("socat - UNIX-CONNECT:" + agent.socket)).contains("hosts no guest agents");
        }
    }
}
