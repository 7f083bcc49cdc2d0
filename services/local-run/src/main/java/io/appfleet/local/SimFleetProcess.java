package io.appfleet.local;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated fleet as a child process: {@code java -jar services/device-sim/target/device-sim.jar --spec ...},
 * in a session of its own (Ctrl-C reaches the launcher only, which stops children in order), output in a log file.
 * It writes the fleet as an inventory JSON import (with the simulators' logins) and CSV, then prints
 * {@code started N devices}.
 */
final class SimFleetProcess {

    private static final Pattern STARTED = Pattern.compile("(?m)^started (\\d+) devices");

    private final Path jar;
    private final Path spec;
    private final Path runDir;
    private final Path logFile;
    private Process process;
    private long startNanos;
    private volatile long startedMillis = -1;

    SimFleetProcess(Path jar, Path spec, Path runDir, Path logFile) {
        this.jar = jar;
        this.spec = spec;
        this.runDir = runDir;
        this.logFile = logFile;
    }

    /** The JSON import the simulator writes; it holds passwords, so the caller deletes it after the import. */
    Path inventoryJson() {
        return runDir.resolve("sim-devices.json");
    }

    Path inventoryCsv() {
        return runDir.resolve("sim-devices.csv");
    }

    Path logFile() {
        return logFile;
    }

    synchronized SimFleetProcess start() {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Paths.get(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.addAll(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), "--spec", spec.toString(), "--inventory-json", inventoryJson().toString(),
                "--inventory-csv", inventoryCsv().toString()));
        try {
            Files.createDirectories(runDir);
            Files.createDirectories(logFile.getParent());
            Files.deleteIfExists(inventoryJson());
            Files.writeString(logFile, "---- " + Instant.now() + " starting device-sim: " + String.join(" ", command)
                    + "\n", StandardCharsets.UTF_8);
            startNanos = System.nanoTime();
            process = new ProcessBuilder(command).directory(runDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start device-sim (" + jar + ")", e);
        }
        return this;
    }

    /**
     * Waits for {@code started N devices}.
     *
     * @return N
     * @throws IllegalStateException if the simulator exits first or the timeout passes, with its last lines
     */
    int awaitStarted(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null) {
                throw new IllegalStateException("device-sim is not started");
            }
            Matcher m = STARTED.matcher(read(logFile));
            if (m.find()) {
                if (startedMillis < 0) {
                    startedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
                }
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive()) {
                throw new IllegalStateException("the simulated fleet did not start (device-sim exited with code "
                        + p.exitValue() + "):\n" + tail(logFile, 15));
            }
            sleep(100);
        }
        throw new IllegalStateException("the simulated fleet did not start within " + timeout.toSeconds() + " s; see "
                + logFile + ":\n" + tail(logFile, 15));
    }

    /**
     * Watches for the start on a daemon thread, so {@link #startedMillis()} tells how long the simulator took even
     * when {@link #awaitStarted} is called much later.
     */
    void watchStart(Duration timeout) {
        Thread t = new Thread(() -> {
            try {
                awaitStarted(timeout);
            } catch (RuntimeException e) {
                // awaitStarted, called again by the launcher, reports it
            }
        }, "appfleet-sim-start");
        t.setDaemon(true);
        t.start();
    }

    /** Milliseconds from launch to {@code started N devices}, or -1 while not seen. */
    long startedMillis() {
        return startedMillis;
    }

    /** SIGTERM (the simulator closes every server), then SIGKILL after {@code grace}. */
    synchronized void stop(Duration grace) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    private static String read(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "";
        }
    }

    static String tail(Path file, int maxLines) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, raf.length() - 16 * 1024);
            byte[] buf = new byte[(int) (raf.length() - start)];
            raf.seek(start);
            raf.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
            StringBuilder out = new StringBuilder();
            for (int i = Math.max(0, lines.length - maxLines); i < lines.length; i++) {
                out.append("    | ").append(lines[i]).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            return "    (cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the simulated fleet", e);
        }
    }
}
