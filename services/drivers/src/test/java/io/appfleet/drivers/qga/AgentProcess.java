package io.appfleet.drivers.qga;

import java.io.File;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real qemu-ga serving a UNIX socket in a test directory, as a child process (also used by fleetctl's tests). */
public final class AgentProcess implements AutoCloseable {

    static final String INSTALL_HINT = "qemu-ga is not installed: run `apt-get update && apt-get install -y qemu-guest-agent`";

    private final Process process;
    public final Path socket;

    private AgentProcess(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /** The qemu-ga binary; /usr/sbin is often missing from a build's PATH. */
    static Path binary() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(File.pathSeparator)), Stream.of("/usr/sbin", "/usr/bin", "/sbin"))
                .filter(d -> !d.isBlank())
                .map(d -> Path.of(d, "qemu-ga"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new AssertionError(INSTALL_HINT));
    }

    /** Starts qemu-ga on {@code dir}/qga.sock and waits until it accepts connections. */
    public static AgentProcess start(Path dir, String... blockedCommands) throws IOException, InterruptedException {
        Path socket = dir.resolve("qga.sock");
        List<String> cmd = new ArrayList<>(List.of(binary().toString(), "-m", "unix-listen", "-p", socket.toString(),
                "-t", dir.toString(), "-f", dir.resolve("qga.pid").toString()));
        if (blockedCommands.length > 0) {
            cmd.add("-b");
            cmd.add(String.join(",", blockedCommands));
        }
        Process process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("qga.log").toFile())).start();
        AgentProcess agent = new AgentProcess(process, socket);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new AssertionError("qemu-ga exited with " + process.exitValue() + ": " + log(dir));
            }
            if (accepts(socket)) {
                return agent;
            }
            Thread.sleep(20);
        }
        agent.close();
        throw new AssertionError("qemu-ga did not open " + socket + " within 10 s: " + log(dir));
    }

    private static boolean accepts(Path socket) {
        // A socket file left by an earlier agent exists but refuses connections; only a connect proves readiness.
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String log(Path dir) {
        try {
            return Files.readString(dir.resolve("qga.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
