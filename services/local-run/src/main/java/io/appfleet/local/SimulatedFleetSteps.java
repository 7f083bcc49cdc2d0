package io.appfleet.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.appfleet.local.FixtureDesiredPublisher.SimDevice;
import io.appfleet.local.LocalRun.Failure;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;

/**
 * The simulated fleet's part of {@code appfleet up}: start the simulators, register them in inventory, serve the
 * app packages, publish desired state for them and watch them converge.
 */
final class SimulatedFleetSteps {

    /** What became of the wait for convergence. */
    record Outcome(boolean converged, Convergence.Counts counts, Duration afterDesired, List<String> reasons) {
    }

    static final Duration SIM_START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 20;

    private final LocalRun.Sim sim;
    private final Path root;
    private final Path runDir;
    private final Path logDir;
    private final Consumer<String> say;

    private FixtureDesiredPublisher.Fixture fixture;
    private SimFleetProcess process;
    private List<SimDevice> devices = List.of();
    private PackageServer packages;
    private long generation;

    SimulatedFleetSteps(LocalRun.Sim sim, Path root, Path runDir, Path logDir, Consumer<String> say) {
        this.sim = sim;
        this.root = root;
        this.runDir = runDir;
        this.logDir = logDir;
        this.say = say;
    }

    static Path jar(Path root) {
        return root.resolve("services/device-sim/target/device-sim.jar");
    }

    /** Before anything starts: adds the simulator's jar to {@code missing} unless it is built. */
    void checkBuilt(List<String> missing) {
        if (!Files.isRegularFile(jar(root))) {
            missing.add(root.relativize(jar(root)).toString());
        }
    }

    /** Before anything starts: the fixture is readable and valid. */
    void checkFixture() {
        if (!Files.isRegularFile(sim.desiredFixture())) {
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "no desired-state fixture at " + sim.desiredFixture()
                    + " (give one with --desired, or --no-sim)");
        }
        try {
            fixture = FixtureDesiredPublisher.parse(sim.desiredFixture());
        } catch (IOException e) {
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "cannot read " + sim.desiredFixture() + ": "
                    + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "invalid desired-state fixture " + sim.desiredFixture()
                    + ": " + e.getMessage());
        }
    }

    /** Launches the simulator (it needs nothing else, so it starts while the services do). */
    void start(BiConsumer<String, Runnable> register) {
        Path spec = sim.fleetSpec();
        try {
            Files.createDirectories(runDir);
            if (spec == null) {
                spec = runDir.resolve("sim-fleet.yaml");
                Files.writeString(spec, sim.plan().specYaml(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new Failure(1, "cannot write the fleet spec in " + runDir + ": " + e.getMessage());
        }
        say.accept("starting the simulated fleet: " + (sim.plan() != null ? sim.plan().describe()
                : "as in " + spec));
        process = new SimFleetProcess(jar(root), spec, runDir, logDir.resolve("device-sim.log"));
        process.start();
        process.watchStart(SIM_START_TIMEOUT);
        register.accept("simulated fleet", () -> process.stop(Duration.ofSeconds(30)));
    }

    /** Waits for the simulators, imports them (logins included) and waits until inventory has published them. */
    void register(String inventoryUrl, String bootstrap) {
        int started;
        try {
            started = process.awaitStarted(SIM_START_TIMEOUT);
        } catch (IllegalStateException e) {
            throw new Failure(1, e.getMessage());
        }
        say.accept("  simulated fleet ready: " + started + " devices (started in "
                + seconds(process.startedMillis()) + ")");
        Path json = process.inventoryJson();
        try {
            devices = readDevices(json);
            long t0 = System.nanoTime();
            ExampleImport.Result result = ExampleImport.post(inventoryUrl, json, "application/json");
            if (!result.ok()) {
                throw new Failure(1, "import of the simulated fleet failed: " + result.describe());
            }
            say.accept("registered " + result.accepted() + " simulated devices in inventory (" + seconds(since(t0))
                    + "; logins sealed by inventory, SSH host keys and Infix certificates pinned)");
        } finally {
            try {
                // The logins are sealed in inventory now; no copy of them stays on disk.
                Files.deleteIfExists(json);
            } catch (IOException e) {
                say.accept("  could not delete " + json + ": " + e.getMessage());
            }
        }
        awaitOnInventoryTopic(bootstrap);
    }

    private void awaitOnInventoryTopic(String bootstrap) {
        Set<String> wanted = ids();
        Set<String> seen = ConcurrentHashMap.newKeySet();
        long t0 = System.nanoTime();
        try (TopicTail tail = new TopicTail(bootstrap, Topic.INVENTORY.topicName(), (k, v) -> {
            if (v != null && wanted.contains(k)) {
                seen.add(k);
            }
        })) {
            while (seen.size() < wanted.size() && since(t0) < REGISTER_TIMEOUT.toMillis()) {
                sleep(100);
            }
        }
        if (seen.size() < wanted.size()) {
            throw new Failure(1, "inventory published only " + seen.size() + " of " + wanted.size()
                    + " simulated devices to " + Topic.INVENTORY.topicName() + " within " + REGISTER_TIMEOUT.toSeconds()
                    + " s (see the inventory log)");
        }
        say.accept("  all " + wanted.size() + " on " + Topic.INVENTORY.topicName() + " (" + seconds(since(t0)) + ")");
    }

    /** Serves the fixture's packages and publishes every device's desired state. */
    void publish(String bootstrap, BiConsumer<String, Runnable> register) {
        try {
            packages = PackageServer.start(0);
        } catch (IOException e) {
            throw new Failure(1, "cannot serve the app packages on 127.0.0.1: " + e.getMessage());
        }
        register.accept("package server", packages::close);
        fixture.packages().forEach(packages::add);
        say.accept("serving " + packages.count() + " app packages at " + packages.baseUrl() + "/packages/");

        // Newer than anything an earlier run published, so a kept --data-dir never holds a later generation.
        generation = System.currentTimeMillis();
        List<DesiredDeviceState> states = FixtureDesiredPublisher.desiredStates(fixture, devices,
                f -> packages.add(f, fixture.packages().get(f)), generation, Instant.now());
        FixtureDesiredPublisher.publish(bootstrap, states, Duration.ofSeconds(60));
        say.accept("published desired state for " + states.size() + " devices to " + Topic.DESIRED.topicName()
                + " (generation " + generation + ", " + fixture.revision() + " from " + display(sim.desiredFixture())
                + "; temporary until the desired-state service):");
        describeFixture().forEach(l -> say.accept("  " + l));
    }

    private List<String> describeFixture() {
        Map<String, Long> perPlatform = new TreeMap<>();
        devices.forEach(d -> perPlatform.merge(d.platform(), 1L, Long::sum));
        List<String> lines = new ArrayList<>();
        perPlatform.forEach((platform, n) -> {
            FixtureDesiredPublisher.PlatformPart part = fixture.platforms().get(platform);
            List<String> what = new ArrayList<>();
            if (part != null) {
                part.apps().forEach(a -> what.add(a.appId() + " (" + (a.packageFile() != null ? a.packageFile()
                        : a.image()) + ")"));
                part.cppPolicers().forEach(c -> what.add("CPP " + c.getClassName() + " " + (c.getEnabled()
                        ? "enabled" + (c.hasRatePps() ? " " + c.getRatePps() + " pps" : "") : "disabled")));
            }
            lines.add(String.format(Locale.ROOT, "%-6s x%-5d %s", platform, n,
                    what.isEmpty() ? "no apps" : String.join(", ", what)));
        });
        return lines;
    }

    /**
     * Follows {@code fleet.observed.v1} until every device is Synced and Healthy at this run's generation, the
     * timeout passes, or a stop begins (then null).
     */
    Outcome converge(String bootstrap, ProgressPrinter printer, BooleanSupplier stopping) {
        Convergence convergence = new Convergence(ids(), generation);
        long t0 = System.nanoTime();
        say.accept("waiting for the devices to converge (Synced and Healthy), at most "
                + human(sim.convergeTimeout()));
        String shownProblem = null;
        try (TopicTail tail = new TopicTail(bootstrap, Topic.OBSERVED.topicName(), convergence::accept)) {
            while (true) {
                if (stopping.getAsBoolean()) {
                    printer.breakLine();
                    return null;
                }
                Convergence.Counts c = convergence.counts();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                String line = Convergence.line(c, elapsed, BAR);
                if (c.done()) {
                    printer.finish(line);
                    return new Outcome(true, c, elapsed, List.of());
                }
                if (elapsed.compareTo(sim.convergeTimeout()) >= 0) {
                    printer.finish(line);
                    return new Outcome(false, c, elapsed, convergence.commonReasons(5));
                }
                if (!process.isRunning()) {
                    printer.breakLine();
                    throw new Failure(1, "the simulated fleet stopped on its own; see " + process.logFile() + ":\n"
                            + SimFleetProcess.tail(process.logFile(), 10));
                }
                String problem = tail.problem();
                if (problem != null && !problem.equals(shownProblem)) {
                    printer.breakLine();
                    say.accept("  " + problem);
                    shownProblem = problem;
                }
                printer.update(line);
                sleep(250);
            }
        }
    }

    void summary(PrintWriter out, String adapterUrl) {
        out.printf("  %-19s %d devices (%s), log %s%n", "simulated", devices.size(), platforms(),
                process.logFile());
        out.printf("  %-19s %s (inventory CSV, no logins)%n", "", process.inventoryCsv());
        out.printf("  %-19s %s/packages/ (%d files, %d downloads so far)%n", "packages", packages.baseUrl(),
                packages.count(), packages.downloads());
        out.printf("  %-19s %s -> %s, generation %d%n", "desired state", display(sim.desiredFixture()),
                Topic.DESIRED.topicName(), generation);
        out.println("  try:");
        out.println("    curl -s " + adapterUrl + "/q/metrics | grep -E '^fleet_adapter_devices_by_(sync|health)'");
        out.println("    curl -s -X POST " + adapterUrl + "/api/v1/devices/" + devices.get(0).id() + "/refresh");
    }

    private String platforms() {
        Map<String, Long> perPlatform = new TreeMap<>();
        devices.forEach(d -> perPlatform.merge(d.platform(), 1L, Long::sum));
        List<String> parts = new ArrayList<>();
        perPlatform.forEach((p, n) -> parts.add(n + " " + p));
        return String.join(", ", parts);
    }

    int deviceCount() {
        return devices.size();
    }

    private Set<String> ids() {
        Set<String> ids = new LinkedHashSet<>();
        devices.forEach(d -> ids.add(d.id()));
        return ids;
    }

    /** Ids and platforms from the simulator's JSON import. */
    static List<SimDevice> readDevices(Path json) {
        try {
            List<SimDevice> out = new ArrayList<>();
            for (JsonNode d : JSON.readTree(json.toFile()).path("devices")) {
                out.add(new SimDevice(d.path("id").asText(), d.path("platform").asText()));
            }
            if (out.isEmpty()) {
                throw new Failure(1, "the simulator listed no devices in " + json);
            }
            return out;
        } catch (IOException e) {
            throw new Failure(1, "cannot read the simulated fleet from " + json + ": " + e.getMessage());
        }
    }

    private String display(Path p) {
        return p.startsWith(root) ? root.relativize(p).toString() : p.toString();
    }

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s == 0) {
            return d.toMillis() + " ms";
        }
        if (s % 3600 == 0) {
            return s / 3600 + " h";
        }
        if (s % 60 == 0) {
            return s / 60 + " min";
        }
        return s + " s";
    }

    private static long since(long t0) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failure(1, "interrupted");
        }
    }
}
