package io.appfleet.local;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.appfleet.local.LocalRun.Failure;
import io.appfleet.platform.kafka.Topic;

/**
 * The simulated fleet's part of {@code appfleet up}: start the simulators, register them in inventory, serve the
 * app packages, apply the AppDeployment manifests to desired-state, and watch the devices converge and the rollouts
 * succeed.
 */
final class SimulatedFleetSteps {

    /**
     * What became of the wait for convergence.
     *
     * @param reasons   the devices' most common last errors
     * @param rollouts  the deployments whose rollout did not succeed, with where each stands
     */
    record Outcome(boolean converged, Convergence.Counts counts, Duration afterApply, List<String> reasons,
            List<String> rollouts) {
    }

    /** One manifest as desired-state took it. */
    record Applied(String name, long revision, String outcome, long targeted, Path file) {
    }

    static final Duration SIM_START_TIMEOUT = Duration.ofSeconds(120);
    static final Duration REGISTER_TIMEOUT = Duration.ofSeconds(60);
    static final Duration PLAIN_PROGRESS_EVERY = Duration.ofSeconds(5);
    /** How long an apply may be retried while desired-state catches up with the devices inventory just published. */
    static final Duration APPLY_RETRY = Duration.ofSeconds(20);
    static final Duration ROLLOUT_POLL_EVERY = Duration.ofSeconds(1);
    /**
     * The role label each simulated device gets by platform (the simulator sets only source and model), as the
     * example inventory has them: the example manifests select IOS-XE access switches by it.
     */
    static final Map<String, String> ROLES = Map.of("iosxe", "access", "iosxr", "pe", "infix", "cpe");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BAR = 20;

    private final LocalRun.Sim sim;
    private final Path root;
    private final Path runDir;
    private final Path logDir;
    private final Consumer<String> say;
    private final Instant runStart;

    private List<DeploymentManifests.Manifest> manifests = List.of();
    private SimFleetProcess process;
    private List<SimDevice> devices = List.of();
    private PackageServer packages;
    private final List<Applied> applied = new ArrayList<>();

    /** @param runStart observations older than this are an earlier run's, of simulators that are gone */
    SimulatedFleetSteps(LocalRun.Sim sim, Path root, Path runDir, Path logDir, Consumer<String> say, Instant runStart) {
        this.sim = sim;
        this.root = root;
        this.runDir = runDir;
        this.logDir = logDir;
        this.say = say;
        this.runStart = runStart;
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

    /** Before anything starts: the manifests are readable, and the packages they want served are consistent. */
    void checkManifests() {
        Path from = sim.manifests();
        if (!Files.exists(from)) {
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "no manifests at " + from
                    + " (give a directory or file of AppDeployment manifests with --desired, or --no-sim)");
        }
        try {
            manifests = DeploymentManifests.load(from);
        } catch (IOException e) {
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "cannot read " + from + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new Failure(AppfleetLocal.EXIT_UNREACHABLE, "invalid manifest " + e.getMessage());
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
            JsonNode fleet = readFleet(json);
            devices = devices(fleet, json);
            long t0 = System.nanoTime();
            ExampleImport.Result result = ExampleImport.post(inventoryUrl, withRoles(fleet), "application/json");
            if (!result.ok()) {
                throw new Failure(1, "import of the simulated fleet failed: " + result.describe());
            }
            say.accept("registered " + result.accepted() + " simulated devices in inventory (" + seconds(since(t0))
                    + "; logins sealed by inventory, SSH host keys and Infix certificates pinned; labels role="
                    + ROLES.get("iosxe") + " on IOS-XE, " + ROLES.get("iosxr") + " on IOS-XR, " + ROLES.get("infix")
                    + " on Infix)");
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

    /**
     * Serves the manifests' packages and applies each manifest to desired-state. A manifest that targets only
     * platforms the simulated fleet lacks (and names no device) is skipped: it would match no device.
     */
    void apply(DesiredStateApi api, BiConsumer<String, Runnable> register) {
        try {
            packages = PackageServer.start(0);
        } catch (IOException e) {
            throw new Failure(1, "cannot serve the app packages on 127.0.0.1: " + e.getMessage());
        }
        register.accept("package server", packages::close);
        manifests.forEach(m -> m.packages().forEach(p -> packages.add(p.file(), p.sizeBytes())));
        say.accept("serving " + packages.count() + " app packages at " + packages.baseUrl() + "/packages/");

        Set<String> platforms = new TreeSet<>();
        devices.forEach(d -> platforms.add(d.platform()));
        List<DeploymentManifests.Manifest> pending = new ArrayList<>();
        for (DeploymentManifests.Manifest m : manifests) {
            if (!m.platforms().isEmpty() && !m.listsDevices() && m.platforms().stream().noneMatch(platforms::contains)) {
                say.accept("skipped " + m.name() + " (" + display(m.file()) + "): it targets " + String.join(", ",
                        m.platforms()) + " and the simulated fleet has only " + String.join(", ", platforms));
            } else {
                pending.add(m);
            }
        }
        long t0 = System.nanoTime();
        while (!pending.isEmpty()) {
            List<DeploymentManifests.Manifest> again = new ArrayList<>();
            for (DeploymentManifests.Manifest m : pending) {
                DesiredStateApi.Reply r = api.apply(m.textFor(packages.baseUrl()));
                if (r.ok()) {
                    JsonNode b = r.body();
                    applied.add(new Applied(b.path("name").asText(m.name()), b.path("revision").asLong(),
                            b.path("outcome").asText("?"), b.path("status").path("targeted").asLong(), m.file()));
                } else if ((r.targetsMatchNothing() || r.status() == 503 || r.status() < 0)
                        && since(t0) < APPLY_RETRY.toMillis()) {
                    // desired-state may not have read the devices inventory has just published
                    again.add(m);
                } else {
                    throw new Failure(1, "desired-state refused " + display(m.file()) + ": " + r.describe());
                }
            }
            pending = again;
            if (!pending.isEmpty()) {
                sleep(500);
            }
        }
        say.accept("applied " + applied.size() + (applied.size() == 1 ? " manifest" : " manifests") + " from "
                + display(sim.manifests()) + " to desired-state (" + seconds(since(t0)) + ", as "
                + OperatorToken.NAME + "):");
        applied.forEach(a -> say.accept(String.format(Locale.ROOT, "  %-16s revision %d %s, %s targeted (%s)",
                a.name(), a.revision(), a.outcome(), devices(a.targeted()), a.file().getFileName())));
    }

    /**
     * Follows {@code fleet.desired.v1} and {@code fleet.observed.v1}, and polls the rollouts, until every device is
     * Synced and Healthy at its desired generation and every rollout succeeded; until a rollout is rolled back or
     * aborted, the timeout passes, or a stop begins (then null).
     */
    Outcome converge(String bootstrap, ProgressPrinter printer, BooleanSupplier stopping, DesiredStateApi api) {
        Convergence convergence = new Convergence(ids(), runStart);
        RolloutProgress rollouts = new RolloutProgress(applied.stream().map(Applied::name).toList());
        long t0 = System.nanoTime();
        say.accept("waiting for the devices to converge (Synced and Healthy) and the rollouts to succeed, at most "
                + human(sim.convergeTimeout()));
        Set<String> shownProblems = new HashSet<>();
        long lastPoll = Long.MIN_VALUE;
        try (TopicTail desired = new TopicTail(bootstrap, Topic.DESIRED.topicName(), convergence::acceptDesired);
                TopicTail observed = new TopicTail(bootstrap, Topic.OBSERVED.topicName(),
                        convergence::acceptObserved)) {
            while (true) {
                if (stopping.getAsBoolean()) {
                    printer.breakLine();
                    return null;
                }
                List<String> problems = new ArrayList<>();
                if (lastPoll == Long.MIN_VALUE || System.nanoTime() - lastPoll >= ROLLOUT_POLL_EVERY.toNanos()) {
                    lastPoll = System.nanoTime();
                    poll(api, rollouts, problems).forEach(say);
                }
                Convergence.Counts c = convergence.counts();
                Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);
                String line = Convergence.line(c, elapsed, BAR, rollouts.summary());
                if (c.done() && rollouts.done()) {
                    printer.finish(line);
                    return new Outcome(true, c, elapsed, List.of(), List.of());
                }
                List<String> failed = rollouts.failed();
                if (!failed.isEmpty() || elapsed.compareTo(sim.convergeTimeout()) >= 0) {
                    printer.finish(line);
                    return new Outcome(false, c, elapsed, convergence.commonReasons(5), rollouts.pending());
                }
                if (!process.isRunning()) {
                    printer.breakLine();
                    throw new Failure(1, "the simulated fleet stopped on its own; see " + process.logFile() + ":\n"
                            + SimFleetProcess.tail(process.logFile(), 10));
                }
                problems.add(desired.problem());
                problems.add(observed.problem());
                for (String problem : problems) {
                    if (problem != null && shownProblems.add(problem)) {
                        say.accept("  " + problem);
                    }
                }
                printer.update(line);
                sleep(250);
            }
        }
    }

    /** One poll of every deployment's rollout; returns the lines to print, adds trouble to {@code problems}. */
    static List<String> poll(DesiredStateApi api, RolloutProgress rollouts, List<String> problems) {
        List<String> lines = new ArrayList<>();
        for (String name : rollouts.names()) {
            DesiredStateApi.Reply r = api.rollout(name);
            if (r.status() == 200) {
                lines.addAll(rollouts.rollout(name, r.body()));
                continue;
            }
            if (r.status() != 404) {
                problems.add("rollout of " + name + ": " + r.describe());
                continue;
            }
            // No rollout (yet): the deployment's status counts say how far it is applied.
            DesiredStateApi.Reply d = api.deployment(name);
            if (d.status() == 200 || d.status() == 404) {
                lines.addAll(rollouts.noRollout(name, d.status() == 200 ? d.body() : null));
            } else {
                problems.add("deployment " + name + ": " + d.describe());
            }
        }
        return lines;
    }

    void summary(PrintWriter out, String adapterUrl, String desiredUrl) {
        out.printf("  %-19s %d devices (%s), log %s%n", "simulated", devices.size(), platforms(),
                process.logFile());
        out.printf("  %-19s %s (inventory CSV, no logins)%n", "", process.inventoryCsv());
        out.printf("  %-19s %s/packages/ (%d files, %d downloads so far)%n", "packages", packages.baseUrl(),
                packages.count(), packages.downloads());
        out.printf("  %-19s %s%n", "deployments", display(sim.manifests()));
        for (Applied a : applied) {
            out.printf("  %-19s %s revision %d, %s targeted%n", "", a.name(), a.revision(), devices(a.targeted()));
        }
        out.println("  try:");
        out.println("    curl -s -H \"Authorization: Bearer $APPFLEET_TOKEN\" " + desiredUrl + "/api/v1/deployments");
        if (!applied.isEmpty()) {
            out.println("    curl -s -H \"Authorization: Bearer $APPFLEET_TOKEN\" " + desiredUrl + "/api/v1/deployments/"
                    + applied.get(0).name() + "/rollout");
        }
        out.println("    curl -s " + adapterUrl + "/q/metrics | grep -E '^fleet_adapter_devices_by_(sync|health)'");
        out.println("    curl -s -X POST " + adapterUrl + "/api/v1/devices/" + devices.get(0).id() + "/refresh");
    }

    private static String devices(long n) {
        return n + (n == 1 ? " device" : " devices");
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

    static JsonNode readFleet(Path json) {
        try {
            return JSON.readTree(json.toFile());
        } catch (IOException e) {
            throw new Failure(1, "cannot read the simulated fleet from " + json + ": " + e.getMessage());
        }
    }

    /** Ids and platforms from the simulator's JSON import. */
    static List<SimDevice> devices(JsonNode fleet, Path from) {
        List<SimDevice> out = new ArrayList<>();
        for (JsonNode d : fleet.path("devices")) {
            out.add(new SimDevice(d.path("id").asText(), d.path("platform").asText()));
        }
        if (out.isEmpty()) {
            throw new Failure(1, "the simulator listed no devices in " + from);
        }
        return out;
    }

    /** The JSON import with each device's {@link #ROLES role} label added (one it already has stays). */
    static byte[] withRoles(JsonNode fleet) {
        JsonNode copy = fleet.deepCopy();
        for (JsonNode d : copy.path("devices")) {
            String role = ROLES.get(d.path("platform").asText());
            if (role != null && d instanceof ObjectNode device) {
                JsonNode labels = device.path("labels");
                ObjectNode l = labels instanceof ObjectNode o ? o : device.putObject("labels");
                if (!l.has("role")) {
                    l.put("role", role);
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(copy);
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
