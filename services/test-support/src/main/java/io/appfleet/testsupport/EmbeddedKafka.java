package io.appfleet.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;

/**
 * A real single-node Apache Kafka (KRaft, combined broker + controller) running in a child JVM.
 *
 * <p>The broker's classpath is resolved at build time (see {@code src/build/kafka-broker/pom.xml}) and never shares a
 * class loader with the caller, so Quarkus' kafka-clients and the broker's own jars cannot clash. Override it with the
 * system property {@value #CLASSPATH_PROPERTY} (a path-separator list of jars).
 *
 * <p>Layout of the data dir: {@code server.properties}, {@code log4j2.properties}, {@code broker.log} (everything the
 * child JVM prints, appended across restarts), {@code data/} (the Kafka log dirs) and {@code appfleet-kafka.properties}
 * (cluster id and ports, so a kept data dir is started again as the same cluster).
 */
public final class EmbeddedKafka implements AutoCloseable {

    public static final String CLASSPATH_PROPERTY = "appfleet.kafka.classpath";
    static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String STATE_FILE = "appfleet-kafka.properties";
    private static final String TEMP_PREFIX = "appfleet-kafka-";

    private final Path dir;
    private final OwnedTempDir tempDir;
    private final String clusterId;
    private final int brokerPort;
    private final int controllerPort;
    private final String classpath;
    private final Path launcherLocation;
    private final Path logFile;

    private Process process;
    private boolean closed;

    private EmbeddedKafka(Path dir, OwnedTempDir tempDir, String clusterId, int brokerPort, int controllerPort,
            String classpath, Path launcherLocation) {
        this.dir = dir;
        this.tempDir = tempDir;
        this.clusterId = clusterId;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.launcherLocation = launcherLocation;
        this.logFile = dir.resolve("broker.log");
    }

    /**
     * Formats (if needed) and starts a broker and waits until it answers an admin request.
     *
     * @param dataDir where the broker keeps its data and logs; {@code null} for a temporary directory deleted by
     *                {@link #close()}. A directory used before is started again as the same cluster with its data.
     * @throws IllegalStateException if the broker cannot start, with the tail of its log
     */
    public static EmbeddedKafka start(Path dataDir) {
        String classpath = brokerClasspath();
        OwnedTempDir tempDir = null;
        Path dir;
        if (dataDir == null) {
            // A dead owner's broker has stopped itself (KafkaBrokerLauncher); only its files are left.
            OwnedTempDir.sweepStale(TEMP_PREFIX, leftover -> { });
            tempDir = OwnedTempDir.create(TEMP_PREFIX);
            dir = tempDir.path();
        } else {
            try {
                dir = Files.createDirectories(dataDir).toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the Kafka data dir " + dataDir, e);
            }
        }

        Properties state = readState(dir);
        String clusterId = state.getProperty("cluster.id", Uuid.randomUuid().toString());
        // A kept data dir gets its old ports back when they are free: the KRaft quorum remembers its controller's
        // endpoint, and a stable bootstrap address is friendlier to anyone reconnecting.
        int brokerPort = reusableOrFreePort(state.getProperty("broker.port"), -1);
        int controllerPort = reusableOrFreePort(state.getProperty("controller.port"), brokerPort);
        state.setProperty("cluster.id", clusterId);
        state.setProperty("broker.port", Integer.toString(brokerPort));
        state.setProperty("controller.port", Integer.toString(controllerPort));
        writeState(dir, state);

        EmbeddedKafka kafka = new EmbeddedKafka(dir, tempDir, clusterId, brokerPort, controllerPort, classpath,
                launcherLocation());
        try {
            kafka.writeConfig();
            kafka.launchAndAwaitReady();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        return kafka;
    }

    /** {@code 127.0.0.1:<port>} of the PLAINTEXT listener. */
    public String bootstrapServers() {
        return "127.0.0.1:" + brokerPort;
    }

    public int brokerPort() {
        return brokerPort;
    }

    public int controllerPort() {
        return controllerPort;
    }

    public String clusterId() {
        return clusterId;
    }

    public Path dataDir() {
        return dir;
    }

    /** Everything the broker JVM printed (its log4j output goes to the console), appended across restarts. */
    public Path logFile() {
        return logFile;
    }

    /** The broker JVM's process id, or -1 when it is not running (benchmarks read its CPU time). */
    public synchronized long pid() {
        return process != null ? process.pid() : -1;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Graceful stop (SIGTERM, Kafka's controlled shutdown), waiting for the JVM to exit; SIGKILL after 30 s. */
    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.terminate(process, STOP_GRACE);
            process = null;
        }
    }

    /** SIGKILL, as a crash would: nothing is flushed or closed cleanly. */
    public synchronized void kill() {
        if (process != null) {
            ChildProcesses.killNow(process);
            process = null;
        }
    }

    /** Stops the broker if it runs, then starts it again on the same ports and data dir and waits until ready. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("EmbeddedKafka was closed");
        }
        stop();
        awaitPortsFree(Duration.ofSeconds(10));
        launchAndAwaitReady();
    }

    /** Stops the broker and deletes the data dir if it was a temporary one. */
    @Override
    public synchronized void close() {
        stop();
        if (tempDir != null && !closed) {
            tempDir.close();
        }
        closed = true;
    }

    @Override
    public String toString() {
        return "EmbeddedKafka[" + bootstrapServers() + ", dir=" + dir + "]";
    }

    // ---------------------------------------------------------------------------------------------------------------

    private synchronized void launchAndAwaitReady() {
        boolean formatted = Files.exists(dir.resolve("data").resolve("meta.properties"));
        if (!formatted && launcherLocation == null) {
            formatInSeparateJvm();
        }
        List<String> command = new ArrayList<>();
        command.add(ChildProcesses.javaExecutable());
        command.add("-Xms128m");
        command.add("-Xmx512m");
        command.add("-XX:+UseG1GC");
        command.add("-XX:MaxGCPauseMillis=20");
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.add("-Djava.awt.headless=true");
        command.add("-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"));
        command.add("-cp");
        if (launcherLocation != null) {
            command.add(classpath + File.pathSeparator + launcherLocation);
            command.add(KafkaBrokerLauncher.class.getName());
            command.add(Long.toString(ProcessHandle.current().pid()));
            if (!formatted) {
                command.add("--format");
                command.add(clusterId);
                command.add(dir.resolve("server.properties").toString());
            }
        } else {
            command.add(classpath);
        }
        command.add("kafka.Kafka");
        command.add(dir.resolve("server.properties").toString());

        appendToLog("---- " + Instant.now() + " starting broker on " + bootstrapServers()
                + " (controller 127.0.0.1:" + controllerPort + ")");
        ProcessBuilder builder = new ProcessBuilder(ChildProcesses.inOwnSession(command))
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch the Kafka broker JVM (" + command.get(0) + "): " + e, e);
        }
        awaitReady(READY_TIMEOUT);
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        props.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "250");
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "appfleet-embedded-kafka-readiness");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = "no answer yet";
        try (Admin admin = Admin.create(props)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw failure("the broker JVM exited with code " + process.exitValue() + " before it was ready");
                }
                try {
                    Collection<Node> nodes = admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    lastError = "describeCluster returned no nodes";
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                } catch (Exception e) {
                    lastError = String.valueOf(e.getCause() != null ? e.getCause() : e);
                }
                ChildProcesses.sleep(100);
            }
        }
        ChildProcesses.killNow(process);
        throw failure("the broker was not ready within " + timeout.toSeconds() + " s (last error: " + lastError + ")");
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException("Embedded Kafka on " + bootstrapServers() + " failed: " + what
                + ".\nBroker log: " + logFile + "\nLast lines:\n" + ChildProcesses.tail(logFile, 40));
    }

    /** Only used when this class's jar cannot be put on the broker's classpath to run the launcher. */
    private void formatInSeparateJvm() {
        List<String> command = List.of(ChildProcesses.javaExecutable(), "-Xmx256m",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"), "-cp", classpath,
                "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId,
                "-c", dir.resolve("server.properties").toString(), "--ignore-formatted");
        appendToLog("---- " + Instant.now() + " formatting storage");
        try {
            Process format = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (!format.waitFor(60, TimeUnit.SECONDS)) {
                ChildProcesses.killNow(format);
                throw failure("kafka-storage format did not finish within 60 s");
            }
            if (format.exitValue() != 0) {
                throw failure("kafka-storage format exited with " + format.exitValue());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot launch kafka-storage format: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting Kafka storage", e);
        }
    }

    private void writeConfig() {
        String listeners = "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort;
        String server = String.join("\n",
                "# Written by " + getClass().getName() + " at every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=" + listeners,
                "advertised.listeners=" + listeners,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                // Services create their topics themselves, with the partitions and settings they need.
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                // Fewer internal partitions: creating 50 of each on a 2-core machine costs seconds per fresh broker.
                "offsets.topic.num.partitions=10",
                "transaction.state.log.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
        String log4j = String.join("\n",
                "# The broker logs to its console, which EmbeddedKafka appends to broker.log.",
                "status = warn",
                "appender.console.type = Console",
                "appender.console.name = STDOUT",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.stdout.ref = STDOUT",
                "logger.requests.name = kafka.request.logger",
                "logger.requests.level = WARN",
                "logger.state.name = state.change.logger",
                "logger.state.level = WARN",
                // The full config dumps are ~2000 lines per start and never what one looks for in this log.
                "logger.config.name = org.apache.kafka.common.config.AbstractConfig",
                "logger.config.level = WARN",
                "");
        try {
            Files.writeString(dir.resolve("server.properties"), server);
            Files.writeString(dir.resolve("log4j2.properties"), log4j);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the broker configuration in " + dir, e);
        }
    }

    private void appendToLog(String line) {
        try {
            Files.writeString(logFile, line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // The marker line only helps reading the log; the broker's own output still lands there.
        }
    }

    private void awaitPortsFree(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(ChildProcesses.isPortFree(brokerPort) && ChildProcesses.isPortFree(controllerPort))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("cannot restart Kafka: port " + brokerPort + " or " + controllerPort
                        + " on 127.0.0.1 is taken by another process");
            }
            ChildProcesses.sleep(100);
        }
    }

    private static int reusableOrFreePort(String previous, int exclude) {
        if (previous != null) {
            int port = Integer.parseInt(previous.trim());
            if (port != exclude && ChildProcesses.isPortFree(port)) {
                return port;
            }
        }
        int port;
        do {
            port = ChildProcesses.freePort();
        } while (port == exclude);
        return port;
    }

    private static Properties readState(Path dir) {
        Properties state = new Properties();
        Path file = dir.resolve(STATE_FILE);
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file)) {
                state.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return state;
    }

    private static void writeState(Path dir, Properties state) {
        try (Writer writer = Files.newBufferedWriter(dir.resolve(STATE_FILE))) {
            state.store(writer, "EmbeddedKafka: identity of the cluster kept in this directory");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(STATE_FILE), e);
        }
    }

    /** The broker's classpath: the system property, else the resource written at build time. */
    static String brokerClasspath() {
        String override = System.getProperty(CLASSPATH_PROPERTY);
        String classpath;
        String origin;
        if (override != null && !override.isBlank()) {
            classpath = override.trim();
            origin = "system property " + CLASSPATH_PROPERTY;
        } else {
            try (InputStream in = EmbeddedKafka.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("the resource io/appfleet/testsupport/" + CLASSPATH_RESOURCE
                            + " is missing from appfleet-test-support; rebuild it with"
                            + " ./mvnw -pl services/test-support -am install, or set -D" + CLASSPATH_PROPERTY);
                }
                classpath = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the Kafka broker classpath resource", e);
            }
            origin = "resource io/appfleet/testsupport/" + CLASSPATH_RESOURCE;
        }
        List<String> missing = new ArrayList<>();
        boolean hasBroker = false;
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (!Files.exists(Paths.get(entry))) {
                missing.add(entry);
            }
            hasBroker |= Paths.get(entry).getFileName().toString().startsWith("kafka_2.13-");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the Kafka broker classpath from the " + origin + " names "
                    + missing.size() + " missing file(s), e.g. " + missing.get(0)
                    + ". Was the local Maven repository cleaned or moved? Rebuild with"
                    + " ./mvnw -pl services/test-support -am install");
        }
        if (!hasBroker) {
            throw new IllegalStateException("the Kafka broker classpath from the " + origin
                    + " has no kafka_2.13 jar: " + classpath);
        }
        return classpath;
    }

    /** The jar or directory holding {@link KafkaBrokerLauncher}, or null when the class loader hides it. */
    private static Path launcherLocation() {
        try {
            CodeSource source = KafkaBrokerLauncher.class.getProtectionDomain().getCodeSource();
            URL url = source == null ? null : source.getLocation();
            if (url == null || !"file".equals(url.getProtocol())) {
                return null;
            }
            Path path = Paths.get(URI.create(url.toString()));
            return Files.exists(path) ? path : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
