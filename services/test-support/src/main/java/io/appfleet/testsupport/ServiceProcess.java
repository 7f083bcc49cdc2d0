package io.appfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A built Quarkus service ({@code java -jar target/quarkus-app/quarkus-run.jar}) running as a child process.
 *
 * <p>Configuration goes in as {@code -Dkey=value}, except keys that look like secrets ({@code password},
 * {@code secret}, {@code token}, {@code credential} in the name), which go in as the environment variables SmallRye
 * Config maps back to the same key ({@code quarkus.datasource.password} becomes
 * {@code QUARKUS_DATASOURCE_PASSWORD}), so they show neither in {@code ps} nor in the log's command line.
 * {@code quarkus.http.port} and {@code quarkus.http.host=127.0.0.1} are always set.
 *
 * <p>stdout and stderr are appended to {@link #logFile()} across restarts, each start preceded by a marker line.
 * A JVM shutdown hook stops the child if its owner forgot to.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|secret|token|credential).*");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final Path jar;
    private final int port;
    private final Map<String, String> config;
    private final List<String> jvmArgs;
    private final Map<String, String> env;
    private final Path logFile;
    private final Path workingDir;
    private final Duration stopGrace;

    private Process process;
    private Thread shutdownHook;

    private ServiceProcess(Builder b) {
        this.name = b.name;
        this.jar = b.jar;
        this.port = b.httpPort > 0 ? b.httpPort : freePort();
        this.config = Map.copyOf(b.config);
        this.jvmArgs = List.copyOf(b.jvmArgs);
        this.env = Map.copyOf(b.env);
        this.logFile = b.logFile != null ? b.logFile.toAbsolutePath()
                : jar.toAbsolutePath().getParent().resolveSibling(name + "-" + port + ".log");
        this.workingDir = b.workingDir != null ? b.workingDir : logFile.getParent();
        this.stopGrace = b.stopGrace;
    }

    /** A service whose runnable is {@code jar} (normally a {@code quarkus-run.jar}). */
    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    /** A service built by the Maven module in {@code moduleDir}: {@code <moduleDir>/target/quarkus-app/quarkus-run.jar}. */
    public static Builder forModule(String name, Path moduleDir) {
        return new Builder(name, quarkusRunJar(moduleDir));
    }

    public static Path quarkusRunJar(Path moduleDir) {
        return moduleDir.resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }

    /** A TCP port that was free on 127.0.0.1 a moment ago. */
    public static int freePort() {
        return ChildProcesses.freePort();
    }

    /** Whether nothing listens on {@code port} of 127.0.0.1 right now. */
    public static boolean isPortFree(int port) {
        return ChildProcesses.isPortFree(port);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " is not started");
        }
        return process.pid();
    }

    /** Starts the process (does not wait for readiness: see {@link #awaitReady(Duration)}). */
    public synchronized ServiceProcess start() {
        if (isRunning()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("cannot start " + name + ": " + jar
                    + " does not exist; build it first (./mvnw install -DskipTests)");
        }
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.addAll(jvmArgs);
        Map<String, String> childEnv = new LinkedHashMap<>(env);
        Map<String, String> all = new LinkedHashMap<>();
        all.put("quarkus.http.host", "127.0.0.1");
        all.putAll(config);
        all.put("quarkus.http.port", Integer.toString(port));
        for (Map.Entry<String, String> e : all.entrySet()) {
            if (SECRET_KEY.matcher(e.getKey()).matches()) {
                childEnv.put(envName(e.getKey()), e.getValue());
            } else {
                command.add("-D" + e.getKey() + "=" + e.getValue());
            }
        }
        command.add("-jar");
        command.add(jar.toString());

        try {
            Files.createDirectories(logFile.getParent());
            // The command line carries no secrets (they are in the environment), so it is safe to record.
            Files.writeString(logFile, "---- " + Instant.now() + " starting " + name + ": " + String.join(" ", command)
                    + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(ChildProcesses.inOwnSession(command))
                    .directory(workingDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(childEnv);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + jar + ")", e);
        }
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::stopQuietly, "appfleet-stop-" + name);
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /**
     * Waits until {@code GET /q/health/ready} answers 200.
     *
     * @throws IllegalStateException if the process exits or the timeout passes, with the tail of its log
     */
    public ServiceProcess awaitReady(Duration timeout) {
        URI ready = URI.create(baseUrl() + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            Process p;
            synchronized (this) {
                p = process;
            }
            if (p == null) {
                throw new IllegalStateException(name + " is not started");
            }
            if (!p.isAlive()) {
                throw failure("exited with code " + p.exitValue() + " before it was ready");
            }
            try {
                HttpResponse<String> response = HTTP.send(
                        HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return this;
                }
                last = "HTTP " + response.statusCode() + " " + abbreviate(response.body());
            } catch (ConnectException e) {
                last = "connection refused";
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            ChildProcesses.sleep(200);
        }
        throw failure("was not ready within " + timeout.toSeconds() + " s (last answer from " + ready + ": " + last + ")");
    }

    /** SIGTERM (Quarkus shuts down gracefully), then SIGKILL if it has not exited within the grace period. */
    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.terminate(process, stopGrace);
            process = null;
        }
        removeShutdownHook();
    }

    /** SIGKILL, as a crash would. */
    public synchronized void kill() {
        if (process != null) {
            ChildProcesses.killNow(process);
            process = null;
        }
        removeShutdownHook();
    }

    /** Stops the service if it runs and starts it again with the same port and config; chain {@link #awaitReady}. */
    public synchronized ServiceProcess restart() {
        stop();
        return start();
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "ServiceProcess[" + name + " " + baseUrl() + "]";
    }

    /** The environment variable name SmallRye Config reads for a property name. */
    static String envName(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (char c : key.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString().toUpperCase(Locale.ROOT);
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("service " + name + " on " + baseUrl() + " " + what + ".\nLog: " + logFile
                + "\nLast lines:\n" + ChildProcesses.tail(logFile, 40));
    }

    private void stopQuietly() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            ChildProcesses.terminate(p, Duration.ofSeconds(10));
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // The JVM is already shutting down; the hook is running or has run.
            }
            shutdownHook = null;
        }
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
    }

    /** Settings of a {@link ServiceProcess}; {@link #start()} launches it. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private int httpPort;
        private final Map<String, String> config = new LinkedHashMap<>();
        private final List<String> jvmArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path logFile;
        private Path workingDir;
        private Duration stopGrace = Duration.ofSeconds(30);

        private Builder(String name, Path jar) {
            this.name = Objects.requireNonNull(name, "name");
            this.jar = Objects.requireNonNull(jar, "jar").toAbsolutePath();
        }

        /** HTTP port; a free one is chosen when not set (or 0). */
        public Builder httpPort(int port) {
            this.httpPort = port;
            return this;
        }

        /** A config property of the service (see the class comment for how secrets are passed). */
        public Builder config(String key, String value) {
            config.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        public Builder config(Map<String, String> properties) {
            properties.forEach(this::config);
            return this;
        }

        /** Options for the service's JVM, e.g. {@code -Xmx256m}. */
        public Builder jvmArgs(String... args) {
            jvmArgs.addAll(List.of(args));
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        /** Where stdout and stderr go; default {@code <jar's dir>/../<name>-<port>.log}. */
        public Builder logFile(Path file) {
            this.logFile = file;
            return this;
        }

        /** Working directory of the child; default the log file's directory. */
        public Builder workingDir(Path dir) {
            this.workingDir = dir;
            return this;
        }

        /** How long {@link ServiceProcess#stop()} waits after SIGTERM before SIGKILL; default 30 s. */
        public Builder stopGrace(Duration grace) {
            this.stopGrace = Objects.requireNonNull(grace);
            return this;
        }

        /** Builds the process without starting it. */
        public ServiceProcess build() {
            return new ServiceProcess(this);
        }

        /** Builds and starts the process (not waiting for readiness). */
        public ServiceProcess start() {
            return build().start();
        }
    }
}
