package io.appfleet.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.appfleet.testsupport.EmbeddedKafka;
import io.appfleet.testsupport.EmbeddedPostgresServer;
import io.appfleet.testsupport.ServiceProcess;

/** The steps of {@code appfleet up}, printed as it goes. */
final class LocalRun {

    static final String DATABASE = "appfleet";
    private static final Duration SERVICE_READY_TIMEOUT = Duration.ofSeconds(180);
    private static final Duration EXTERNAL_CHECK_TIMEOUT = Duration.ofSeconds(15);

    /**
     * @param sim         the simulated fleet, or null for none
     * @param noSimReason why there is none when it was not asked away with --no-sim (printed), else null
     * @param tty         whether the output is a terminal (progress rewritten in place)
     */
    record Settings(Path repoRoot, String kafka, String postgres, String postgresUser, String postgresPassword,
            Path dataDir, Path examples, int httpPortBase, List<ServiceSpec> services, boolean exitAfterImport,
            Sim sim, String noSimReason, boolean tty) {

        @Override
        public String toString() {
            // The record's generated toString would print the password.
            return "Settings[repoRoot=" + repoRoot + ", kafka=" + kafka + ", postgres=" + redact(postgres)
                    + ", dataDir=" + dataDir + ", services=" + services + ", sim=" + sim + "]";
        }
    }

    /**
     * The simulated fleet: the default mix ({@code plan}) or a device-sim spec file ({@code fleetSpec}), and the
     * AppDeployment manifests applied for it ({@code manifests}: a directory or one file).
     *
     * @param timeoutGiven whether --converge-timeout was given: a timeout then ends the run with exit 3
     */
    record Sim(SimFleetPlan plan, Path fleetSpec, Path manifests, boolean exitWhenConverged,
            Duration convergeTimeout, boolean timeoutGiven) {
    }

    /** A step failed in a way already explained to the user; carries the exit code. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** Something started by this run, stopped in reverse order. */
    private record Started(String what, Runnable stop) {
    }

    private final Settings settings;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Deque<Started> started = new ArrayDeque<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final ProgressPrinter progress;
    private final long startedAt = System.nanoTime();
    private final Instant startedInstant = Instant.now();
    private SimulatedFleetSteps sim;

    LocalRun(Settings settings, PrintWriter out, PrintWriter err) {
        this.settings = settings;
        this.out = out;
        this.err = err;
        this.progress = new ProgressPrinter(out, settings.tty(), settings.tty() ? ProgressPrinter.terminalColumns() : 0,
                SimulatedFleetSteps.PLAIN_PROGRESS_EVERY);
    }

    int run() {
        Thread hook = new Thread(this::stopAll, "appfleet-local-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        SimulatedFleetSteps.Outcome outcome;
        try {
            outcome = runSteps();
        } catch (Failure e) {
            progress.breakLine();
            err.println("appfleet: " + e.getMessage());
            err.flush();
            stopAll();
            return e.exitCode;
        } catch (RuntimeException e) {
            progress.breakLine();
            err.println("appfleet: failed: " + e.getMessage());
            err.flush();
            stopAll();
            return 1;
        }
        if (stopping.get()) {
            awaitForever(); // Ctrl-C during the wait: the shutdown hook is stopping everything
        }
        if (settings.exitAfterImport()) {
            stopAll();
            removeHook(hook);
            say("stopped cleanly (--exit-after-import)");
            return 0;
        }
        Sim simSettings = settings.sim();
        if (outcome != null && !outcome.converged() && (simSettings.exitWhenConverged() || simSettings.timeoutGiven())) {
            stopAll();
            removeHook(hook);
            say("stopped; exit " + AppfleetLocal.EXIT_NOT_CONVERGED + " (not converged)");
            return AppfleetLocal.EXIT_NOT_CONVERGED;
        }
        if (outcome != null && simSettings.exitWhenConverged()) {
            stopAll();
            removeHook(hook);
            say("stopped cleanly (--exit-when-converged)");
            return 0;
        }
        say("running; press Ctrl-C to stop");
        awaitForever();
        return 0;
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await(); // the shutdown hook does the stopping, then the JVM exits
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** @return how the wait for convergence ended; null when there was none (no fleet, --exit-after-import, Ctrl-C) */
    private SimulatedFleetSteps.Outcome runSteps() {
        Path root = settings.repoRoot();
        List<ServiceSpec> services = settings.services();
        Path workDir = settings.dataDir() != null ? settings.dataDir() : root.resolve("services/local-run/target/local-run");
        Path logDir = workDir.resolve("logs");
        if (settings.sim() != null) {
            sim = new SimulatedFleetSteps(settings.sim(), root, workDir.resolve("sim"), logDir, this::say,
                    startedInstant);
        }

        preflight(root, services);
        say("repository " + root);
        if (settings.noSimReason() != null) {
            say("no simulated fleet: " + settings.noSimReason());
        }

        // Infrastructure: the given endpoints are only checked; the embedded ones start together.
        String bootstrap;
        String jdbcUrl;
        String user;
        String password;
        CompletableFuture<EmbeddedPostgresServer> pgStart = null;
        CompletableFuture<EmbeddedKafka> kafkaStart = null;
        if (settings.postgres() != null) {
            checkPostgres(settings.postgres(), settings.postgresUser(), settings.postgresPassword());
        }
        if (settings.kafka() != null) {
            checkKafka(settings.kafka());
        }
        if (settings.postgres() == null || settings.kafka() == null) {
            say("starting embedded " + (settings.postgres() == null && settings.kafka() == null
                    ? "PostgreSQL and Kafka" : settings.postgres() == null ? "PostgreSQL" : "Kafka")
                    + (settings.dataDir() != null ? " (data in " + settings.dataDir() + ")" : ""));
        }
        if (settings.postgres() == null) {
            Path dir = settings.dataDir() != null ? settings.dataDir().resolve("postgres") : null;
            pgStart = timed(() -> {
                EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(dir);
                pg.createDatabase(DATABASE);
                return pg;
            }, (pg, ms) -> say("  PostgreSQL ready at " + pg.jdbcUrl(DATABASE) + " (" + seconds(ms) + ")"));
        }
        if (settings.kafka() == null) {
            Path dir = settings.dataDir() != null ? settings.dataDir().resolve("kafka") : null;
            kafkaStart = timed(() -> EmbeddedKafka.start(dir),
                    (k, ms) -> say("  Kafka ready at " + k.bootstrapServers() + " (" + seconds(ms) + ")"));
        }
        EmbeddedPostgresServer pg = join(pgStart, "PostgreSQL", p -> register("PostgreSQL", p::close));
        EmbeddedKafka kafka = join(kafkaStart, "Kafka", k -> register("Kafka", k::close));
        rethrowFirstFailure(pgStart, kafkaStart);
        if (pg != null) {
            jdbcUrl = pg.jdbcUrl(DATABASE);
            user = pg.username();
            password = pg.password();
        } else {
            jdbcUrl = settings.postgres();
            user = settings.postgresUser();
            password = settings.postgresPassword();
        }
        bootstrap = kafka != null ? kafka.bootstrapServers() : settings.kafka();

        // Services: all launched at once, then awaited one by one.
        say("starting " + (services.size() == 1 ? "service " : "services ")
                + String.join(", ", services.stream().map(ServiceSpec::name).toList()));
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new Failure(1, "cannot create the log directory " + logDir + ": " + e.getMessage());
        }
        if (sim != null) {
            sim.start(this::register);
        }
        OperatorToken token = null;
        if (services.stream().anyMatch(ServiceSpec::apiAuth)) {
            Path file = workDir.resolve(OperatorToken.FILE_NAME);
            try {
                token = OperatorToken.create(file);
            } catch (IOException e) {
                throw new Failure(1, "cannot write the API token to " + file + ": " + e.getMessage());
            }
        }
        List<ServiceProcess> processes = new ArrayList<>();
        String credentialsKey = newCredentialsKey();
        long t0 = System.nanoTime();
        for (ServiceSpec spec : services) {
            Path log = logDir.resolve(spec.name() + ".log");
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // appending to an old log is harmless
            }
            ServiceProcess.Builder builder = ServiceProcess.builder(spec.name(), spec.jar(root))
                    .httpPort(spec.port(settings.httpPortBase()))
                    .config(serviceConfig(spec, bootstrap, jdbcUrl, user, password, credentialsKey))
                    .logFile(log)
                    .workingDir(logDir);
            if (spec.apiAuth()) {
                builder.jvmArgs(token.jvmArgs().toArray(String[]::new));
            }
            ServiceProcess process = builder.start();
            register(spec.name(), process::stop);
            processes.add(process);
        }
        for (ServiceProcess process : processes) {
            process.awaitReady(SERVICE_READY_TIMEOUT);
            say("  " + process.name() + " ready at " + process.baseUrl() + " (" + seconds(since(t0)) + ")");
        }

        if (token != null) {
            say("operator API token for desired-state in " + token.file() + " (owner-only, new every run); use it"
                    + " with:");
            say("  " + token.exportLine());
        }

        ServiceProcess inventory = process(processes, "inventory");
        importExampleFleet(inventory);
        SimulatedFleetSteps.Outcome outcome = null;
        if (sim != null) {
            sim.register(inventory.baseUrl(), bootstrap);
            DesiredStateApi api = new DesiredStateApi(process(processes, "desired-state").baseUrl(),
                    token.authorization());
            sim.apply(api, this::register);
            if (!settings.exitAfterImport()) {
                outcome = sim.converge(bootstrap, progress, stopping::get, api);
                if (outcome == null) {
                    return null;
                }
                reportConvergence(outcome);
            }
        }
        printSummary(services, processes, bootstrap, jdbcUrl, user, kafka, pg, token);
        return outcome;
    }

    private static ServiceProcess process(List<ServiceProcess> processes, String name) {
        return processes.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    private void reportConvergence(SimulatedFleetSteps.Outcome o) {
        long sinceStart = since(startedAt);
        Convergence.Counts c = o.counts();
        if (o.converged()) {
            say("converged: all " + c.total() + " simulated devices Synced and Healthy and every rollout done "
                    + seconds(o.afterApply().toMillis()) + " after the manifests were applied (" + seconds(sinceStart)
                    + " after start)");
            return;
        }
        boolean timedOut = o.afterApply().compareTo(settings.sim().convergeTimeout()) >= 0;
        say("NOT converged" + (timedOut ? " within " + SimulatedFleetSteps.human(settings.sim().convergeTimeout())
                : " (a rollout ended without succeeding)") + ": "
                + (c.total() - c.converged()) + " of " + c.total() + " simulated devices are not Synced and Healthy"
                + " (Synced " + c.synced() + ", Healthy " + c.healthy() + ", OutOfSync " + c.outOfSync() + ", Degraded "
                + c.degraded() + ", Unreachable " + c.unreachable() + ", waiting " + c.waiting() + ")");
        if (!o.rollouts().isEmpty()) {
            say("rollouts not done:");
            o.rollouts().forEach(r -> say("  " + r));
        }
        if (!o.reasons().isEmpty()) {
            say("most common last errors:");
            o.reasons().forEach(r -> say("  " + r));
        }
        say("the device-adapter log has the details; its metrics: fleet_adapter_reconciles_total,"
                + " fleet_adapter_steps_total");
    }

    static Map<String, String> serviceConfig(ServiceSpec spec, String bootstrap, String jdbcUrl, String user,
            String password, String credentialsKey) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("kafka.bootstrap.servers", bootstrap);
        if (spec.database()) {
            config.put("quarkus.datasource.jdbc.url", jdbcUrl);
            config.put("quarkus.datasource.username", user);
            config.put("quarkus.datasource.password", password);
        }
        if (spec.apiAuth()) {
            // A system property: APPFLEET_AUTH_ENABLED=false in the user's environment must not open the local API.
            config.put("appfleet.auth.enabled", "true");
        }
        // Every service of one run shares the key that seals device credentials (inventory seals, the adapter opens).
        config.put("appfleet.credentials.key", credentialsKey);
        config.putAll(spec.config());
        return config;
    }

    /** A fresh AES-256 key per run: sealed credentials of a local run never outlive it. */
    static String newCredentialsKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    private void preflight(Path root, List<ServiceSpec> services) {
        List<String> missing = new ArrayList<>();
        for (ServiceSpec spec : services) {
            if (!Files.isRegularFile(spec.jar(root))) {
                missing.add(root.relativize(spec.jar(root)).toString());
            }
        }
        if (sim != null) {
            sim.checkBuilt(missing);
        }
        if (!missing.isEmpty()) {
            throw new Failure(1, "not built: " + String.join(", ", missing)
                    + " (run deploy/local/appfleet up, which builds, or ./mvnw install -DskipTests in " + root + ")");
        }
        if (sim != null) {
            sim.checkManifests();
        }
        for (ServiceSpec spec : services) {
            int port = spec.port(settings.httpPortBase());
            if (!ServiceProcess.isPortFree(port)) {
                throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "port " + port + " (" + spec.name()
                        + ") is in use on 127.0.0.1: is another appfleet running? Choose others with --http-port-base");
            }
        }
    }

    private void checkPostgres(String url, String user, String password) {
        say("checking PostgreSQL at " + redact(url) + " as " + user);
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", Long.toString(EXTERNAL_CHECK_TIMEOUT.toSeconds()));
        props.setProperty("loginTimeout", Long.toString(EXTERNAL_CHECK_TIMEOUT.toSeconds()));
        try (Connection c = DriverManager.getConnection(url, props)) {
            c.isValid((int) EXTERNAL_CHECK_TIMEOUT.toSeconds());
        } catch (SQLException e) {
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "cannot connect to PostgreSQL at " + redact(url)
                    + " as " + user + ": " + e.getMessage());
        }
        say("  PostgreSQL reachable");
    }

    private void checkKafka(String bootstrap) {
        say("checking Kafka at " + bootstrap);
        Map<String, Object> props = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(EXTERNAL_CHECK_TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            int nodes = admin.describeCluster().nodes().get(EXTERNAL_CHECK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)
                    .size();
            say("  Kafka reachable (" + nodes + (nodes == 1 ? " broker)" : " brokers)"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(1, "interrupted");
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "cannot reach Kafka at " + bootstrap + ": " + cause);
        }
    }

    private void importExampleFleet(ServiceProcess inventory) {
        Path csv = settings.examples().resolve("inventory").resolve("devices.csv");
        if (inventory == null) {
            say("inventory is not running: example fleet not imported");
            return;
        }
        if (!Files.isRegularFile(csv)) {
            say("no example inventory at " + csv + ": nothing imported");
            return;
        }
        say("importing the example fleet from " + displayPath(csv));
        ExampleImport.Result result = ExampleImport.postCsv(inventory.baseUrl(), csv);
        if (!result.ok()) {
            throw new Failure(1, "import of " + csv + " failed: " + result.describe());
        }
        say("  imported " + result.accepted() + (result.accepted() == 1 ? " device" : " devices")
                + (result.failed().isEmpty() ? "" : ", " + result.failed().size() + " failed"));
        result.failed().stream().limit(5).forEach(f -> say("    failed: " + f));
    }

    private void printSummary(List<ServiceSpec> services, List<ServiceProcess> processes, String bootstrap,
            String jdbcUrl, String user, EmbeddedKafka kafka, EmbeddedPostgresServer pg, OperatorToken token) {
        out.println();
        out.println("appfleet is up:");
        for (int i = 0; i < services.size(); i++) {
            ServiceSpec spec = services.get(i);
            String base = processes.get(i).baseUrl();
            if (spec.pagePath() != null) {
                out.printf("  %-19s %s%s%n", "NOC page", base, spec.pagePath());
            }
            out.printf("  %-19s %s%s%n", spec.name() + " API", base, spec.apiPath());
            out.printf("  %-19s %s/q/openapi%n", "  OpenAPI", base);
            out.printf("  %-19s %s/q/swagger-ui%n", "  Swagger UI", base);
            out.printf("  %-19s %s/q/health%n", "  health", base);
            out.printf("  %-19s %s/q/metrics%n", "  metrics", base);
        }
        if (token != null) {
            out.printf("  %-19s %s (operator, desired-state; %s)%n", "API token", token.file(), token.exportLine());
        }
        out.printf("  %-19s %s%s%n", "Kafka", bootstrap, kafka != null ? " (embedded)" : "");
        out.printf("  %-19s %s (user %s)%s%n", "PostgreSQL", redact(jdbcUrl), user, pg != null ? " (embedded)" : "");
        out.println("  logs:");
        for (ServiceProcess p : processes) {
            out.printf("  %-19s %s%n", "  " + p.name(), p.logFile());
        }
        if (kafka != null) {
            out.printf("  %-19s %s%n", "  Kafka", kafka.logFile());
        }
        if (pg != null) {
            out.printf("  %-19s %s%n", "  PostgreSQL", pg.logFile());
        }
        if (settings.dataDir() == null && (kafka != null || pg != null)) {
            out.println("  (embedded data and their logs are temporary: use --data-dir to keep them)");
        }
        if (sim != null) {
            sim.summary(out, process(processes, "device-adapter").baseUrl(),
                    process(processes, "desired-state").baseUrl());
        }
        out.println();
        out.flush();
    }

    /** Stops everything started so far, newest first; safe to call twice (hook and normal path). */
    void stopAll() {
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        Started next;
        boolean any = false;
        while (true) {
            synchronized (started) {
                next = started.pollLast();
            }
            if (next == null) {
                break;
            }
            if (!any) {
                say("stopping");
                any = true;
            }
            long t0 = System.nanoTime();
            try {
                next.stop().run();
                say("  stopped " + next.what() + " (" + seconds(since(t0)) + ")");
            } catch (RuntimeException e) {
                err.println("appfleet:   could not stop " + next.what() + " cleanly: " + e.getMessage());
                err.flush();
            }
        }
    }

    private void register(String what, Runnable stop) {
        synchronized (started) {
            started.addLast(new Started(what, stop));
        }
    }

    private void say(String line) {
        progress.breakLine();
        out.println("appfleet: " + line);
        out.flush();
    }

    private interface Step<T> {
        T run();
    }

    private interface Done<T> {
        void accept(T value, long millis);
    }

    private static <T> CompletableFuture<T> timed(Step<T> step, Done<T> done) {
        return CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            T value = step.run();
            done.accept(value, since(t0));
            return value;
        });
    }

    /** Waits for a start, registering it for the stop even when the other one failed. */
    private static <T> T join(CompletableFuture<T> future, String what, java.util.function.Consumer<T> onStarted) {
        if (future == null) {
            return null;
        }
        try {
            T value = future.join();
            onStarted.accept(value);
            return value;
        } catch (CompletionException e) {
            return null;
        }
    }

    private static void rethrowFirstFailure(CompletableFuture<?>... futures) {
        for (CompletableFuture<?> f : futures) {
            if (f != null && f.isCompletedExceptionally()) {
                try {
                    f.join();
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    throw new Failure(1, cause.getMessage());
                }
            }
        }
    }

    private void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
    }

    private String displayPath(Path p) {
        Path root = settings.repoRoot();
        return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
    }

    /** A JDBC URL may carry {@code password=...}; it never reaches the terminal. */
    static String redact(String url) {
        return url == null ? null : url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    private static long since(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    private static String seconds(long millis) {
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
