package io.appfleet.drivers.qga;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Against the real qemu-ga (Debian 12: 7.2) started as a child process. Missing qemu-ga fails the
 * build on purpose: a skipped test would hide that the client was never checked against an agent.
 */
class QgaClientIT {

    @TempDir
    Path dir;

    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private AgentProcess agent(String... blocked) throws Exception {
        AgentProcess agent = AgentProcess.start(dir, blocked);
        cleanup.add(agent);
        return agent;
    }

    private QgaClient client(AgentProcess agent) {
        QgaClient client = new QgaClient(new UnixSocketTransport(agent.socket));
        cleanup.add(client);
        return client;
    }

    @Test
    void everyCommandReturnsRealData() throws Exception {
        QgaClient client = client(agent());

        GuestInfo info = client.info().orElseThrow();
        assertThat(info.version()).isNotBlank();
        assertThat(info.isEnabled("guest-get-cpustats")).isTrue();

        List<CpuStats.Cpu> cpus = client.cpuStats().orElseThrow().cpus();
        assertThat(cpus).isNotEmpty().anySatisfy(c -> assertThat(c.idle()).isPositive());
        assertThat(cpus).allSatisfy(c -> assertThat(c.user()).isNotNull());

        List<DiskStats.Disk> disks = client.diskStats().orElseThrow().disks();
        if (!Files.readString(Path.of("/proc/diskstats")).isBlank()) {
            assertThat(disks).isNotEmpty().allSatisfy(d -> {
                assertThat(d.name()).isNotBlank();
                assertThat(d.major()).isNotNull();
                assertThat(d.stats().readIos()).isNotNull();
            });
        }

        List<NetworkInterfaces.Interface> nics = client.networkInterfaces().orElseThrow().interfaces();
        assertThat(nics).anySatisfy(n -> {
            assertThat(n.name()).isEqualTo("lo");
            assertThat(n.ipAddresses()).contains(new NetworkInterfaces.IpAddress("127.0.0.1", "ipv4", 8));
            assertThat(n.statistics().rxBytes()).isNotNull();
        });

        QgaResult<MemoryBlocks> blocks = client.memoryBlocks();
        if (Files.isDirectory(Path.of("/sys/devices/system/memory"))) {
            assertThat(blocks.orElseThrow().blocks()).isNotEmpty()
                    .allSatisfy(b -> assertThat(b.physIndex()).isNotNull());
        }

        if (Files.isDirectory(Path.of("/sys/devices/system/memory"))) {
            assertThat(client.memoryBlockInfo().orElseThrow().size()).isPositive();
        }
        assertThat(client.hostName().orElseThrow().hostName()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/hostname")).strip());

        OsInfo os = client.osInfo().orElseThrow();
        assertThat(os.kernelRelease()).isEqualTo(System.getProperty("os.version"));
        assertThat(Files.readAllLines(Path.of("/etc/os-release"))).contains("ID=" + os.id());
    }

    @Test
    void loadIsReportedAsUnsupportedOnOldAgentsAndTheSessionGoesOn() throws Exception {
        QgaClient client = client(agent());
        boolean agentHasLoad = client.info().orElseThrow().isEnabled("guest-get-load");

        QgaResult<GuestLoad> load = client.load();
        if (agentHasLoad) { // QEMU 10.0 and later
            assertThat(load.orElseThrow().load1m()).isNotNull();
        } else {
            assertThat(load).isInstanceOfSatisfying(QgaResult.Unsupported.class, u -> {
                assertThat(u.errorClass()).isEqualTo(QgaError.COMMAND_NOT_FOUND);
                assertThat(u.desc()).contains("guest-get-load");
            });
        }
        assertThat(client.cpuStats().value()).isPresent();
        assertThat(client.isConnected()).isTrue();
    }

    @Test
    void blockedCommandIsReportedAsDisabled() throws Exception {
        QgaClient client = client(agent("guest-get-osinfo"));

        assertThat(client.info().orElseThrow().isEnabled("guest-get-osinfo")).isFalse();
        QgaResult<OsInfo> os = client.osInfo();
        // qemu-ga 7.2 answers {"class": "CommandNotFound", "desc": "Command guest-get-osinfo has been disabled"};
        // the QAPI docs' CommandDisabled class may come from other versions, so accept both.
        assertThat(os).isInstanceOfSatisfying(QgaResult.Unsupported.class, u -> {
            assertThat(u.errorClass()).isIn(QgaError.COMMAND_DISABLED, QgaError.COMMAND_NOT_FOUND);
            assertThat(u.disabled()).as("told apart from a command this agent lacks: " + u.desc()).isTrue();
        });
        assertThatThrownBy(os::orElseThrow).isInstanceOf(QgaCommandException.class).hasMessageContaining("disabled");
        assertThat(client.networkInterfaces().value()).isPresent();

        QgaResult<GuestLoad> load = client.load();
        if (load instanceof QgaResult.Unsupported<GuestLoad> missing) {
            assertThat(missing.disabled()).as("guest-get-load is missing, not disabled").isFalse();
        }
    }

    @Test
    void restartedAgentIsReconnected() throws Exception {
        QgaClient client = new QgaClient(new UnixSocketTransport(dir.resolve("qga.sock")));
        cleanup.add(client);
        try (AgentProcess first = AgentProcess.start(dir)) {
            assertThat(client.cpuStats().value()).isPresent();
        }
        // Agent gone: the call fails fast with a connection error (one reconnect attempt is refused too).
        assertThatThrownBy(client::cpuStats).isInstanceOf(QgaConnectionException.class);

        try (AgentProcess second = AgentProcess.start(dir)) {
            assertThat(client.cpuStats().value()).isPresent();
            assertThat(client.info().value()).isPresent();
        }
        // Restarted between two commands: the next command reconnects by itself, no error reaches the caller.
        try (AgentProcess third = AgentProcess.start(dir)) {
            assertThat(client.osInfo().value()).isPresent();
            assertThat(client.isConnected()).isTrue();
        }
    }

    @Test
    void latency() throws Exception {
        QgaClient client = client(agent());
        long connectStart = System.nanoTime();
        client.info().orElseThrow();
        double connectMs = (System.nanoTime() - connectStart) / 1e6;

        StringBuilder report = new StringBuilder("QGA latency against qemu-ga " + client.info().orElseThrow().version()
                + " (connect+sync+guest-info " + String.format("%.2f", connectMs) + " ms):");
        measure(report, "guest-info", () -> call(client::info));
        measure(report, "guest-get-cpustats", () -> call(client::cpuStats));
        measure(report, "guest-get-diskstats", () -> call(client::diskStats));
        measure(report, "guest-network-get-interfaces", () -> call(client::networkInterfaces));
        measure(report, "guest-get-memory-blocks", () -> call(client::memoryBlocks));
        measure(report, "guest-get-osinfo", () -> call(client::osInfo));
        measure(report, "guest-get-load (CommandNotFound)", () -> call(client::load));
        System.out.println(report);
    }

    private interface Call<T> {
        QgaResult<T> run() throws QgaException;
    }

    private static <T> Object call(Call<T> call) {
        try {
            return call.run();
        } catch (QgaException e) {
            throw new AssertionError(e);
        }
    }

    private static void measure(StringBuilder report, String name, Supplier<Object> call) {
        for (int i = 0; i < 5; i++) {
            call.get(); // warm-up: class loading and JIT would dominate the first calls
        }
        int n = 50;
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            call.get();
            nanos[i] = System.nanoTime() - start;
        }
        java.util.Arrays.sort(nanos);
        report.append(String.format("%n  %-34s median %7.3f ms  p90 %7.3f ms  max %7.3f ms",
                name, nanos[n / 2] / 1e6, nanos[n * 9 / 10] / 1e6, nanos[n - 1] / 1e6));
        assertThat(Duration.ofNanos(nanos[n / 2])).as(name + " median").isLessThan(Duration.ofSeconds(1));
    }
}
