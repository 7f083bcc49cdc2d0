package io.appfleet.drivers.qga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.stream.Stream;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.shell.ProcessShellCommandFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.ssh.SshClients;

/**
 * The agent reached as on a device host: a real SSH server (MINA sshd running commands as
 * processes), the real {@code socat}, and the real qemu-ga behind it.
 */
class SshExecTransportIT {

    private static final String USER = "netops";
    private static final String PASSWORD = "Agent-Host-Pass1";

    @TempDir
    Path dir;

    private SshServer server;
    private SshClient client;
    private AgentProcess agent;

    @BeforeEach
    void start() throws Exception {
        requireSocat();
        agent = AgentProcess.start(dir);
        server = startServer(0);
        client = SshClients.startShared();
    }

    /** An SSH server running commands as processes, with a host key of its own. */
    private static SshServer startServer(int port) throws Exception {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost("127.0.0.1");
        s.setPort(port);
        KeyPairGenerator keys = KeyPairGenerator.getInstance("EC");
        keys.initialize(256);
        s.setKeyPairProvider(KeyPairProvider.wrap(keys.generateKeyPair()));
        s.setPasswordAuthenticator((u, p, session) -> USER.equals(u) && PASSWORD.equals(p));
        s.setCommandFactory(ProcessShellCommandFactory.INSTANCE);
        s.start();
        return s;
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.stop();
        }
        if (server != null) {
            server.stop(true);
        }
        if (agent != null) {
            agent.close();
        }
    }

    private DeviceTarget target(String pinned) {
        return new DeviceTarget("kvm-host-1", "127.0.0.1", server.getPort(), "linux",
                new DeviceTarget.Login(USER, PASSWORD), pinned).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    @Test
    void agentCommandsTravelOverSshAndSocat() throws Exception {
        try (QgaClient qga = new QgaClient(new SshExecTransport(client, target(null), agent.socket.toString()))) {
            assertThat(qga.info().orElseThrow().version()).isNotBlank();
            assertThat(qga.cpuStats().orElseThrow().cpus()).isNotEmpty();
            assertThat(qga.networkInterfaces().orElseThrow().interfaces()).anySatisfy(i -> assertThat(i.name()).isEqualTo("lo"));
            // Unsupported on this agent, and the session stays usable.
            assertThat(qga.load()).isInstanceOf(QgaResult.Unsupported.class);
            assertThat(qga.osInfo().orElseThrow().kernelRelease()).isNotBlank();
        }
    }

    @Test
    void aWrongHostKeyOrPasswordNeverReachesTheAgent() {
        String wrongPin = "SHA256:" + "A".repeat(43);
        try (QgaClient qga = new QgaClient(new SshExecTransport(client, target(wrongPin), agent.socket.toString()))) {
            assertThatThrownBy(qga::info).isInstanceOf(QgaConnectionException.class).hasMessageContaining("host key");
        }
        DeviceTarget badLogin = new DeviceTarget("kvm-host-1", "127.0.0.1", server.getPort(), "linux",
                new DeviceTarget.Login(USER, "wrong-Pass9"), null).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
        try (QgaClient qga = new QgaClient(new SshExecTransport(client, badLogin, agent.socket.toString()))) {
            assertThatThrownBy(qga::info).isInstanceOf(QgaConnectionException.class)
                    .hasMessageContaining("refused").hasMessageNotContaining("wrong-Pass9");
        }
    }

    /** An agent host without a pinned key is trusted on first use, then held to that key. */
    @Test
    void anUnpinnedHostIsPinnedAtTheFirstLoginAndAChangedKeyRefusedAfterwards() throws Exception {
        SshExecTransport transport = new SshExecTransport(client, target(null), agent.socket.toString());
        transport.open().close();
        transport.open().close(); // same key: fine

        int port = server.getPort();
        server.stop(true);
        server = startServer(port); // the same address with another key
        assertThatThrownBy(transport::open).isInstanceOf(QgaConnectionException.class).hasMessageContaining("host key");
        new SshExecTransport(client, target(null), agent.socket.toString()).open().close(); // a new one trusts it
    }

    @Test
    void socketPathsThatCouldInjectAreRefused() {
        for (String bad : new String[] { "relative.sock", "/tmp/a b", "/tmp/x;reboot", "/tmp/../etc/shadow", "/tmp/\"q\"",
                "/tmp/x\nid" }) {
            assertThatThrownBy(() -> new SshExecTransport(client, target(null), bad))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    private static void requireSocat() {
        String path = System.getenv().getOrDefault("PATH", "");
        boolean found = Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/bin", "/bin"))
                .filter(d -> !d.isBlank()).map(d -> Path.of(d, "socat")).anyMatch(Files::isExecutable);
        if (!found) {
            throw new AssertionError("socat is not installed: run `apt-get update && apt-get install -y socat`");
        }
    }
}
