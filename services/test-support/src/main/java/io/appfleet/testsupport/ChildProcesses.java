package io.appfleet.testsupport;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Small helpers shared by the classes that run child processes. */
final class ChildProcesses {

    private ChildProcesses() {
    }

    /** The java launcher of the running JVM, so children run on the same JDK as the caller. */
    static String javaExecutable() {
        Path fromHome = Paths.get(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(fromHome)) {
            return fromHome.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * Runs {@code command} in a session of its own (via setsid(1) where it exists). Ctrl-C in a terminal signals the
     * whole foreground process group; children in their own session are left alone, so the caller alone decides
     * the order in which they stop (services before the broker and the database). setsid execs in place here (a
     * child of the JVM is no process-group leader), so the pid and {@link Process#destroy()} stay the child's own.
     */
    static List<String> inOwnSession(List<String> command) {
        for (String candidate : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Paths.get(candidate))) {
                List<String> wrapped = new ArrayList<>(command.size() + 1);
                wrapped.add(candidate);
                wrapped.addAll(command);
                return wrapped;
            }
        }
        return command;
    }

    /**
     * A TCP port that was free on 127.0.0.1 a moment ago. There is an unavoidable window between closing the probe
     * socket and the child binding it; on a test machine that is good enough.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free TCP port on 127.0.0.1", e);
        }
    }

    static boolean isPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends SIGTERM, waits up to {@code grace}, then SIGKILL. Returns the exit code, or -1 if not known. */
    static int terminate(Process process, Duration grace) {
        if (process == null) {
            return -1;
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
        return process.isAlive() ? -1 : process.exitValue();
    }

    static void killNow(Process process) {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of a log file, for error messages; never throws. */
    static String tail(Path file, int maxLines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "(no log file " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            // Reading a bounded chunk keeps this cheap even for a broker log of hundreds of MB.
            long start = Math.max(0, length - 64 * 1024);
            byte[] buf = new byte[(int) (length - start)];
            raf.seek(start);
            raf.readFully(buf);
            String[] lines = new String(buf, StandardCharsets.UTF_8).split("\r?\n");
            int from = Math.max(0, lines.length - maxLines);
            StringBuilder out = new StringBuilder();
            for (int i = from; i < lines.length; i++) {
                out.append("    | ").append(lines[i]).append('\n');
            }
            return out.toString();
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // Best effort: a leftover temp file must not fail a test run or a shutdown.
                }
            });
        } catch (IOException ignored) {
            // same as above
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
