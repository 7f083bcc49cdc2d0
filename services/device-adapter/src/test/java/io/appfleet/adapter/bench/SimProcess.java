package io.appfleet.adapter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One simulated fleet (or shard of one) as its own process: the shaded device-sim jar started with
 * a fleet spec, so its CPU time is measured apart from the adapter's. The devices are read from
 * the lines it prints at start ("platform hostname address:port os kind fingerprint").
 */
final class SimProcess implements AutoCloseable {

    /** One device as the simulator announced it. */
    record SimDevice(String platform, String hostname, String host, int port, String osVersion, String fingerprint) {
    }

    private final Process process;
    private final List<SimDevice> devices = new ArrayList<>();
    private final List<String> tail = new ArrayList<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile String startLine;

    private SimProcess(Process process) {
        this.process = process;
    }

    /**
     * Starts the jar with {@code spec} (YAML) and waits until every device listens.
     *
     * @param jvmArgs e.g. -Xmx1g; the simulator holds one blocked thread per open CLI session
     */
    static SimProcess start(Path jar, String name, String specYaml, List<String> jvmArgs, Path workDir, Duration timeout)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it first (./mvnw install -DskipTests)");
        }
        Path spec = workDir.resolve(name + ".yaml");
        Files.writeString(spec, specYaml);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        cmd.add("-jar");
        cmd.add(jar.toString());
        cmd.add("--spec");
        cmd.add(spec.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).directory(workDir.toFile()).start();
        SimProcess sim = new SimProcess(p);
        Thread reader = new Thread(() -> sim.read(workDir.resolve(name + ".log")), name + "-stdout");
        reader.setDaemon(true);
        reader.start();
        if (!sim.started.await(timeout.toMillis(), TimeUnit.MILLISECONDS) || sim.startLine == null) {
            sim.close();
            throw new IllegalStateException(name + " did not start its fleet within " + timeout.toSeconds() + " s; last output:\n"
                    + String.join("\n", sim.tail()));
        }
        return sim;
    }

    private void read(Path log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (startLine == null) {
                    String[] f = line.split(" ");
                    if (f.length == 6 && f[2].contains(":") && (f[4].equals("ssh-host-key") || f[4].equals("tls-certificate"))) {
                        int colon = f[2].lastIndexOf(':');
                        devices.add(new SimDevice(f[0], f[1], f[2].substring(0, colon),
                                Integer.parseInt(f[2].substring(colon + 1)), f[3], f[5]));
                        continue;
                    }
                    if (line.startsWith("started ")) {
                        startLine = line;
                        started.countDown();
                    }
                }
                out.write(line);
                out.newLine();
                out.flush();
                synchronized (tail) {
                    tail.add(line);
                    if (tail.size() > 40) {
                        tail.remove(0);
                    }
                }
            }
        } catch (IOException e) {
            // the process is gone; close() reports nothing more
        } finally {
            started.countDown();
        }
    }

    List<String> tail() {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    List<SimDevice> devices() {
        return List.copyOf(devices);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM (the simulator closes every server), then SIGKILL after 30 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
