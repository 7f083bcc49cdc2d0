package io.appfleet.adapter.bench;

import io.appfleet.adapter.AdapterProcesses;
import io.appfleet.adapter.PackageServer;
import io.appfleet.devicesim.FleetSpec;
import io.appfleet.devicesim.SimFleet;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.platform.kafka.TopicAdmin;
import io.appfleet.platform.secrets.CredentialSealer;
import io.appfleet.platform.secrets.DeviceCredentials;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.ContainerImage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.testsupport.EmbeddedKafka;
import io.appfleet.testsupport.Jcmd;
import io.appfleet.testsupport.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Benchmark, not a timed test (issue 5, design brief section 6, "Convergence" and "Drift
 * repair"): a real broker, the device-adapter as its own process, and a simulated mixed fleet in
 * processes of its own (so each one's CPU time is measured apart), 20 ms latency on every device
 * command. It registers N devices, waits until the adapter has reached each of them once, then
 * publishes ONE desired change adding two apps to every device and measures how long until
 * fleet.observed.v1 shows all N Synced and Healthy with both apps running; beside that the ideal
 * for that latency and concurrency, the adapter's heap, the CPU time of each process, what the
 * reconcile workers were doing (thread dumps), and the p99 time from an app stopped out of band
 * (over the device's own CLI or RESTCONF) to fleet.observed.v1 showing it running again.
 *
 * <p>Only runs with {@code -Dappfleet.bench=true}; it fails on wrong results (a device that does
 * not converge, drift not repaired, a repair that reinstalls), never on slowness. Options, all
 * {@code -Dappfleet.bench.*}: devices (60), workers (64, the product default), rate and burst
 * (the rate limit on passes started per second: 100 and 200, the product defaults), resync-seconds
 * (max(10, 2 x devices / rate), so resyncs take at most half the rate limit), heap (adapter -Xmx, 1g; 2g above
 * 5,000 devices), drift-sample (min(devices, 100)), mix (iosxe:iosxr:infix percent,
 * 60:30:10), install-ms (IOS-XE 17.x INSTALLING time, 0), latency-ms (20), telemetry-seconds
 * (3600: out of the measured window), sim-shard (devices per simulator process, 4000), sim-heap
 * (per simulator process), thread-dump-ms (max(2000, devices); 0 for none), jfr (false; true records the
 * rollout in the adapter and the first simulator process with JFR's profile settings). Figures are printed and written to
 * target/benchmarks/adapter-fleet-N.txt.
 */
@EnabledIfSystemProperty(named = "appfleet.bench", matches = "true")
class AdapterFleetBenchmarkIT {

    private static final int DEVICES = Integer.getInteger("appfleet.bench.devices", 60);
    private static final int WORKERS = Integer.getInteger("appfleet.bench.workers", 64);
    private static final int BURST = Integer.getInteger("appfleet.bench.burst", 200);
    private static final double RATE = Double.parseDouble(System.getProperty("appfleet.bench.rate", "100"));
    /** Every device resyncs once per interval, so the interval must leave the rate limit room for repairs: 2 x N / rate. */
    private static final int RESYNC_SECONDS = Integer.getInteger("appfleet.bench.resync-seconds",
            (int) Math.max(10, Math.ceil(2 * DEVICES / RATE)));
    /** 1 GiB is the footprint goal for 10,000 devices; above 5,000 the default leaves room to measure the rest. */
    private static final String HEAP = System.getProperty("appfleet.bench.heap", DEVICES > 5000 ? "2g" : "1g");
    private static final int DRIFT_SAMPLE = Integer.getInteger("appfleet.bench.drift-sample", Math.min(DEVICES, 100));
    private static final String MIX = System.getProperty("appfleet.bench.mix", "60:30:10");
    private static final long INSTALL_MS = Long.getLong("appfleet.bench.install-ms", 0);
    private static final long LATENCY_MS = Long.getLong("appfleet.bench.latency-ms", 20);
    private static final int TELEMETRY_SECONDS = Integer.getInteger("appfleet.bench.telemetry-seconds", 3600);
    private static final int SIM_SHARD = Integer.getInteger("appfleet.bench.sim-shard", 4000);
    /** A dump costs jcmd about 0.3 CPU s: one every N ms keeps that under 2 % of the rollout's CPU. */
    private static final long THREAD_DUMP_MS = Long.getLong("appfleet.bench.thread-dump-ms", Math.max(2000, DEVICES));
    private static final boolean JFR = Boolean.getBoolean("appfleet.bench.jfr");
    private static final int PARTITIONS = 12;

    private static final String USER = "netops";
    private static final String PASSWORD = "Bench-Pass1";
    private static final List<String> APPS = List.of("probe", "agent");
    private static final String DRIFT_APP = "agent";
    private static final int PACKAGE_BYTES = 64 * 1024;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A device of the benchmark as registered in inventory. */
    private record BenchDevice(String id, SimProcess.SimDevice sim) {
        String variant() {
            return sim.platform().equals("iosxe") ? "iosxe " + sim.osVersion() : sim.platform();
        }
    }

    private final List<SimProcess> sims = new ArrayList<>();
    private final CredentialSealer sealer = new CredentialSealer(Optional.of(AdapterProcesses.credentialsKey()), "k1");
    private final StringBuilder report = new StringBuilder();
    private String probeUrl;
    private String probeSha;
    private String agentUrl;
    private String agentSha;

    @Test
    void oneDesiredChangeAcrossASimulatedFleet() throws Exception {
        int[] mix = Arrays.stream(MIX.split(":")).mapToInt(Integer::parseInt).toArray();
        assertThat(mix).as("appfleet.bench.mix is iosxe:iosxr:infix").hasSize(3);
        int iosxe = (int) Math.round(DEVICES * mix[0] / 100.0);
        int iosxr = (int) Math.round(DEVICES * mix[1] / 100.0);
        int infix = Math.max(0, DEVICES - iosxe - iosxr);
        int shards = Math.max(1, (DEVICES + SIM_SHARD - 1) / SIM_SHARD);
        int perShard = (DEVICES + shards - 1) / shards;
        String simHeap = System.getProperty("appfleet.bench.sim-heap", Math.max(256, 128 + perShard / 5) + "m");
        // Kept apart from the ITs' random 127.100-199.x.x blocks and 20000-39999 ports.
        int octet = 40 + ThreadLocalRandom.current().nextInt(55);
        int port = 10_000 + ThreadLocalRandom.current().nextInt(9_000);
        Path work = Files.createDirectories(Path.of("target", "benchmarks", "adapter-fleet-work")).toAbsolutePath();
        Path simJar = Path.of(System.getProperty("appfleet.devicesim.jar",
                Path.of(System.getProperty("appfleet.service.dir", ".")).resolve("../device-sim/target/device-sim.jar").toString()))
                .toAbsolutePath().normalize();

        log("adapter fleet benchmark: %d devices (%d IOS-XE, %d IOS-XR, %d Infix) in %d simulator process(es) of %s heap,"
                        + " %d ms per command; adapter %s heap, %d workers, rate limit %.0f/s burst %d, resync %d s",
                DEVICES, iosxe, iosxr, infix, shards, simHeap, LATENCY_MS, HEAP, WORKERS, RATE, BURST, RESYNC_SECONDS);

        try (EmbeddedKafka kafka = startKafka();
             PackageServer packages = new PackageServer();
             FleetWatch watch = new FleetWatch(kafka.bootstrapServers());
             OperatorCli operator = new OperatorCli(Duration.ofSeconds(30))) {
            probeUrl = packages.add("probe.tar", PACKAGE_BYTES);
            probeSha = packages.sha256("probe.tar");
            agentUrl = packages.add("agent.tar", PACKAGE_BYTES);
            agentSha = packages.sha256("agent.tar");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> sims.forEach(SimProcess::close)));

            // The simulated fleet, in shards of at most SIM_SHARD devices per process (file descriptors:
            // a listening socket and a session per device).
            long tSim = System.nanoTime();
            List<Future<SimProcess>> starting = new ArrayList<>();
            ExecutorService starter = Executors.newFixedThreadPool(shards);
            int addressOffset = 0;
            for (int s = 0; s < shards; s++) {
                int xe = share(iosxe, shards, s);
                int xr = share(iosxr, shards, s);
                int ix = share(infix, shards, s);
                String base = "127." + octet + "." + (addressOffset / 250) + "." + (1 + addressOffset % 250);
                addressOffset += ((xe + xr + ix + 249) / 250) * 250;
                String spec = spec(base, port, xe, xr, ix, s);
                String name = "device-sim-" + s;
                Duration timeout = Duration.ofSeconds(120 + 3L * ix + (xe + xr) / 20);
                starting.add(starter.submit(() -> SimProcess.start(simJar, name, spec,
                        List.of("-Xms" + simHeap, "-Xmx" + simHeap, "-Xss512k"), work, timeout)));
            }
            starter.shutdown();
            for (Future<SimProcess> f : starting) {
                sims.add(f.get());
            }
            double simStartSeconds = (System.nanoTime() - tSim) / 1e9;

            List<BenchDevice> devices = new ArrayList<>();
            for (int s = 0; s < sims.size(); s++) {
                for (SimProcess.SimDevice d : sims.get(s).devices()) {
                    devices.add(new BenchDevice("bench-" + s + "-" + d.hostname(), d));
                }
            }
            assertThat(devices).as("devices announced by the simulators").hasSize(DEVICES);
            log("simulators up in %.1f s", simStartSeconds);

            // Calibration devices in this JVM, no latency: their command logs say how many device commands
            // one pass sends per platform, for the command-based ideal.
            FleetSpec calSpec = FleetSpec.parse(spec("127." + octet + ".250.1", port, 2, 1, 1, 99).replace("latencyMs: " + LATENCY_MS,
                    "latencyMs: 0"));
            try (SimFleet cal = SimFleet.start(calSpec)) {
                List<BenchDevice> calDevices = new ArrayList<>();
                for (SimFleet.Device d : cal.devices()) {
                    calDevices.add(new BenchDevice("cal-" + d.hostname(), new SimProcess.SimDevice(d.platform().key(), d.hostname(),
                            d.address().getHostString(), d.address().getPort(), d.osVersion(), d.fingerprint())));
                }
                for (BenchDevice d : devices) {
                    watch.track(d.id(), d.sim().platform());
                }
                for (BenchDevice d : calDevices) {
                    watch.track(d.id(), d.sim().platform());
                }

                ServiceProcess adapter = AdapterProcesses.builder("adapter-bench", kafka.bootstrapServers())
                        .heap(HEAP).workers(WORKERS).rateLimit(RATE, BURST).resyncInterval(Duration.ofSeconds(RESYNC_SECONDS))
                        .telemetryInterval(Duration.ofSeconds(TELEMETRY_SECONDS)).partitions(PARTITIONS)
                        .jvmArgs("-XX:+ExitOnOutOfMemoryError").build();
                try (adapter) {
                    adapter.start().awaitReady(Duration.ofSeconds(180));
                    long kafkaPid = kafka.pid();
                    Map<String, List<Long>> roles = new LinkedHashMap<>();
                    roles.put("device-adapter", List.of(adapter.pid()));
                    roles.put("simulator" + (sims.size() > 1 ? " (" + sims.size() + " processes)" : ""),
                            sims.stream().map(SimProcess::pid).toList());
                    roles.put("Kafka broker", kafkaPid > 0 ? List.of(kafkaPid) : List.of());
                    roles.put("benchmark JVM (Kafka clients, package server)", List.of(ProcessHandle.current().pid()));

                    // 1. Inventory: the adapter logs in to every device once and reports it (no desired state yet).
                    CpuTimes.Snapshot c0 = CpuTimes.Snapshot.take(roles);
                    long t0 = System.nanoTime();
                    for (BenchDevice d : calDevices) {
                        watch.send(Topic.INVENTORY, d.id(), device(d), "io.appfleet.inventory.device.upserted");
                    }
                    for (BenchDevice d : devices) {
                        watch.send(Topic.INVENTORY, d.id(), device(d), "io.appfleet.inventory.device.upserted");
                    }
                    watch.flush();
                    Duration phaseTimeout = Duration.ofSeconds(120 + DEVICES / 10);
                    awaitAll(watch, "reached once", t -> t.reachableNanos > 0, DEVICES + calDevices.size(), phaseTimeout, t0);
                    double inventorySeconds = (lastOf(watch, t -> t.reachableNanos) - t0) / 1e9;
                    CpuTimes.Snapshot c1 = CpuTimes.Snapshot.take(roles);

                    // 2. Calibration: the same two apps on the in-JVM devices, commands counted.
                    cal.devices().forEach(d -> {
                        if (d.ssh() != null) {
                            d.ssh().commandLog().clear();
                        } else {
                            d.infix().log().clear();
                        }
                    });
                    watch.expect(1, Set.copyOf(APPS));
                    for (BenchDevice d : calDevices) {
                        watch.send(Topic.DESIRED, d.id(), desired(d), "io.appfleet.desired.device.updated");
                    }
                    watch.flush();
                    awaitAll(watch, "calibration converged", t -> t.id.startsWith("cal-") && t.convergedNanos > 0,
                            calDevices.size(), Duration.ofSeconds(120), System.nanoTime());
                    Map<String, Integer> commandsPerVariant = new LinkedHashMap<>();
                    for (int i = 0; i < calDevices.size(); i++) {
                        SimFleet.Device d = cal.devices().get(i);
                        List<String> lines = d.ssh() != null ? d.ssh().commandLog().lines() : d.infix().log().lines();
                        commandsPerVariant.put(calDevices.get(i).variant(), lines.size());
                        // What one pass sends, kept to read where a pass's commands go.
                        Files.write(Path.of("target", "benchmarks", "adapter-fleet-commands-" + calDevices.get(i).variant() + ".txt"),
                                lines);
                    }

                    // 3. The measured rollout: one desired change, two apps on every device.
                    WorkerStates workerStates = THREAD_DUMP_MS > 0 ? new WorkerStates(adapter.pid(), THREAD_DUMP_MS) : null;
                    if (JFR) {
                        Jcmd.run(adapter.pid(), "JFR.start", "name=rollout", "settings=profile");
                        Jcmd.run(sims.get(0).pid(), "JFR.start", "name=rollout", "settings=profile");
                    }
                    double dumpCpu0 = CpuTimes.ofReapedChildren(ProcessHandle.current().pid());
                    CpuTimes.Snapshot c2 = CpuTimes.Snapshot.take(roles);
                    long t1 = System.nanoTime();
                    for (BenchDevice d : devices) {
                        watch.send(Topic.DESIRED, d.id(), desired(d), "io.appfleet.desired.device.updated");
                    }
                    watch.flush();
                    double publishSeconds = (System.nanoTime() - t1) / 1e9;
                    Duration rolloutTimeout = Duration.ofSeconds(180 + DEVICES / 5);
                    awaitAll(watch, "Synced+Healthy", t -> t.id.startsWith("bench-") && t.convergedNanos > 0, DEVICES,
                            rolloutTimeout, t1);
                    double rolloutSeconds = (lastOf(watch, t -> t.id.startsWith("bench-") ? t.convergedNanos : 0) - t1) / 1e9;
                    double p50Device = percentileSeconds(watch, t -> t.id.startsWith("bench-") ? t.convergedNanos - t1 : -1, 50);
                    CpuTimes.Snapshot c3 = CpuTimes.Snapshot.take(roles);
                    if (workerStates != null) {
                        workerStates.close();
                    }
                    double dumpCpu = CpuTimes.ofReapedChildren(ProcessHandle.current().pid()) - dumpCpu0;
                    if (JFR) {
                        for (var e : Map.of("adapter", adapter.pid(), "simulator", sims.get(0).pid()).entrySet()) {
                            Path jfr = Path.of("target", "benchmarks", "adapter-fleet-" + DEVICES + "-" + e.getKey() + ".jfr").toAbsolutePath();
                            Jcmd.run(e.getValue(), "JFR.stop", "name=rollout", "filename=" + jfr);
                            log("flight recording of the rollout: %s", jfr);
                        }
                    }

                    long heapMetrics = heapFromMetrics(adapter);
                    String heapAfterGc = heapAfterGc(adapter.pid());
                    List<String> histogram = classHistogram(adapter.pid());
                    Files.write(Path.of("target", "benchmarks", "adapter-fleet-" + DEVICES + "-heap-histogram.txt"), histogram);
                    String adapterThreads = procStatus(adapter.pid(), "Threads");
                    long adapterFds = openFds(adapter.pid());
                    long simThreads = sims.stream().mapToLong(s -> parseLong(procStatus(s.pid(), "Threads"))).sum();
                    long simFds = sims.stream().mapToLong(s -> openFds(s.pid())).sum();
                    String simHeapUsed = String.join(" + ", sims.stream().map(s -> heapAfterGc(s.pid())).toList());

                    // 4. Drift: stop one app out of band on a sample spread over the fleet; time until repaired.
                    List<BenchDevice> sample = new ArrayList<>();
                    int stride = Math.max(1, devices.size() / Math.max(1, DRIFT_SAMPLE));
                    for (int i = stride / 2; i < devices.size() && sample.size() < DRIFT_SAMPLE; i += stride) {
                        sample.add(devices.get(i));
                    }
                    CpuTimes.Snapshot c4 = CpuTimes.Snapshot.take(roles);
                    long observed4 = watch.observedRecords();
                    ExecutorService stoppers = Executors.newFixedThreadPool(8);
                    List<Future<?>> stops = new ArrayList<>();
                    long t2 = System.nanoTime();
                    for (BenchDevice d : sample) {
                        stops.add(stoppers.submit(() -> {
                            watch.driftSending(d.id(), DRIFT_APP);
                            operator.stop(d.sim().platform(), d.sim().host(), d.sim().port(), USER, PASSWORD, DRIFT_APP);
                            watch.driftConfirmed(d.id(), System.nanoTime());
                            return null;
                        }));
                    }
                    for (Future<?> f : stops) {
                        f.get(5, TimeUnit.MINUTES);
                    }
                    stoppers.shutdown();
                    Duration driftTimeout = Duration.ofSeconds(RESYNC_SECONDS * 2L + 120 + DEVICES / 20);
                    awaitAll(watch, "drift repaired", t -> t.driftApp != null && t.repairedNanos > 0, sample.size(), driftTimeout, t2);
                    CpuTimes.Snapshot c5 = CpuTimes.Snapshot.take(roles);
                    long driftPasses = watch.observedRecords() - observed4;
                    List<Double> repairs = new ArrayList<>();
                    Map<String, List<ReconcileStep>> repairSteps = new LinkedHashMap<>();
                    for (BenchDevice d : sample) {
                        FleetWatch.Track t = watch.track(d.id());
                        synchronized (t) {
                            repairs.add((t.repairedNanos - t.driftStoppedNanos) / 1e9);
                            repairSteps.put(d.id(), List.copyOf(t.repairSteps));
                        }
                    }
                    repairs.sort(Double::compare);

                    // The report.
                    long steps = watch.tracks().stream().filter(t -> t.id.startsWith("bench-")).mapToLong(t -> t.steps).sum();
                    long failed = watch.tracks().stream().filter(t -> t.id.startsWith("bench-")).mapToLong(t -> t.failedSteps).sum();
                    double stepsPerDevice = (double) steps / DEVICES;
                    double latency = LATENCY_MS / 1000.0;
                    int concurrency = Math.min(WORKERS, DEVICES);
                    double idealSteps = stepsPerDevice * latency * DEVICES / concurrency;
                    double commands = devices.stream().mapToDouble(d -> commandsPerVariant.getOrDefault(d.variant(), 0)).sum();
                    double idealCommands = commands * latency / concurrency;
                    double rateFloor = Math.max(0, (DEVICES - BURST) / RATE);
                    Map<String, Double> cpuInventory = c1.since(c0);
                    Map<String, Double> cpuRollout = c3.since(c2);
                    Map<String, Double> cpuDrift = c5.since(c4);

                    table("figure", "value");
                    row("date, machine", LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME).substring(0, 16)
                            + ", " + Runtime.getRuntime().availableProcessors() + " cores, load average before the rollout "
                            + loadAverage());
                    row("fleet", String.format(Locale.ROOT, "%,d devices: %s; %d ms per device command; %d simulator process(es), %s heap each",
                            DEVICES, variants(devices), LATENCY_MS, sims.size(), simHeap));
                    row("adapter", String.format(Locale.ROOT, "-Xmx%s, %d workers, rate limit %.0f passes/s (burst %d), resync %d s,"
                            + " telemetry every %d s, %d partitions", HEAP, WORKERS, RATE, BURST, RESYNC_SECONDS, TELEMETRY_SECONDS, PARTITIONS));
                    row("simulators started", String.format(Locale.ROOT, "%.1f s", simStartSeconds));
                    row("inventory: every device reached once (SSH/TLS login, read, observed)",
                            String.format(Locale.ROOT, "%.2f s (%.0f devices/s)", inventorySeconds, DEVICES / inventorySeconds));
                    row("desired change published (%d records)".formatted(DEVICES), String.format(Locale.ROOT, "%.2f s", publishSeconds));
                    row("**rollout: all Synced+Healthy, both apps running**", String.format(Locale.ROOT, "**%.2f s** (median device %.2f s)",
                            rolloutSeconds, p50Device));
                    row("devices/s", String.format(Locale.ROOT, "%.0f", DEVICES / rolloutSeconds));
                    row("steps (from fleet.events.v1)", String.format(Locale.ROOT, "%,d = %.1f per device; %d not succeeded", steps,
                            stepsPerDevice, failed));
                    row("time on the device per step (mean of the rollout's step events)", stepTimes(watch));
                    row("ideal, steps x %d ms x devices / %d workers".formatted(LATENCY_MS, concurrency),
                            String.format(Locale.ROOT, "%.2f s; ideal/actual = %.2f", idealSteps, idealSteps / rolloutSeconds));
                    row("device commands per pass (calibration)", commandsPerVariant.toString());
                    row("ideal, device commands x %d ms / %d workers".formatted(LATENCY_MS, concurrency),
                            String.format(Locale.ROOT, "%.2f s; ideal/actual = %.2f", idealCommands, idealCommands / rolloutSeconds));
                    row("rate-limit floor, (devices - burst) / rate", String.format(Locale.ROOT, "%.2f s", rateFloor));
                    row("adapter heap in use at the end of the rollout (/q/metrics)", mib(heapMetrics));
                    row("adapter heap after a full GC (jcmd GC.heap_info)", heapAfterGc);
                    row("largest heap users after the GC (jcmd GC.class_histogram)", String.join("; ", histogram.subList(0,
                            Math.min(6, histogram.size()))));
                    row("adapter threads, open files", adapterThreads + ", " + adapterFds);
                    row("simulator threads, open files", simThreads + ", " + simFds);
                    row("simulator heap after a full GC", simHeapUsed);
                    row("CPU s during the inventory phase", cpu(cpuInventory));
                    row("CPU s during the rollout", cpu(cpuRollout) + (dumpCpu > 0
                            ? String.format(Locale.ROOT, "; jcmd thread dumps %.1f (in 'other')", dumpCpu) : ""));
                    row("CPU ms per device rolled out", perUnit(cpuRollout, DEVICES, 1000, "ms"));
                    double ours = ourCpu(cpuRollout);
                    row("CPU floor: this run's own CPU s / %d cores".formatted(Runtime.getRuntime().availableProcessors()),
                            String.format(Locale.ROOT, "%.1f s (the rollout could not be faster on this machine even with nothing else"
                                    + " running, at the same CPU cost)", ours / Runtime.getRuntime().availableProcessors()));
                    if (workerStates != null) {
                        row("reconcile workers during the rollout (%d thread dumps)".formatted(workerStates.dumps()),
                                shares(workerStates.shares()));
                    }
                    row("drift: app stopped out of band on %d devices (CLI/RESTCONF)".formatted(sample.size()),
                            String.format(Locale.ROOT, "repaired p50 %.2f s, p99 %.2f s, max %.2f s (resync %d s, jittered below)",
                                    pct(repairs, 50), pct(repairs, 99), repairs.get(repairs.size() - 1), RESYNC_SECONDS));
                    Map<ReconcileStep, Integer> repairKinds = new LinkedHashMap<>();
                    repairSteps.values().forEach(l -> l.forEach(k -> repairKinds.merge(k, 1, Integer::sum)));
                    row("steps of the repairs", repairKinds.toString().replace("RECONCILE_STEP_", ""));
                    row("CPU s during the drift phase", cpu(cpuDrift));
                    row("passes in the drift phase (resyncs of every device, and the repairs)", String.format(Locale.ROOT,
                            "%,d in %.1f s = %.0f passes/s; CPU ms per pass: %s", driftPasses, cpuDrift.get("wall"),
                            driftPasses / cpuDrift.get("wall"), perUnit(cpuDrift, Math.max(1, driftPasses), 1000, "")));
                    String text = report.toString();
                    System.out.println();
                    System.out.print(text);
                    Path out = Path.of("target", "benchmarks", "adapter-fleet-" + DEVICES + ".txt");
                    Files.writeString(out, text, StandardCharsets.UTF_8);
                    System.out.println("written to " + out.toAbsolutePath() + "; adapter log " + adapter.logFile());

                    assertThat(watch.count(t -> t.id.startsWith("bench-") && t.convergedNanos > 0)).isEqualTo(DEVICES);
                    assertThat(repairs).hasSize(sample.size());
                    // A stopped app is started again, never reinstalled (Infix plans CONFIGURE before START; the
                    // device skips it when the configuration is unchanged).
                    repairSteps.forEach((id, kinds) -> assertThat(kinds).as("repair of %s", id)
                            .contains(ReconcileStep.RECONCILE_STEP_START).doesNotContain(ReconcileStep.RECONCILE_STEP_INSTALL,
                                    ReconcileStep.RECONCILE_STEP_COPY_PACKAGE, ReconcileStep.RECONCILE_STEP_ACTIVATE));
                    assertThat(sims).allMatch(SimProcess::isAlive);
                }
            }
        } finally {
            sims.forEach(SimProcess::close);
        }
    }

    private static EmbeddedKafka startKafka() {
        EmbeddedKafka kafka = EmbeddedKafka.start(null);
        // The topics as the adapter would create them, before anyone subscribes.
        TopicAdmin.ensureTopics(kafka.bootstrapServers(), EnumSet.allOf(Topic.class), PARTITIONS, (short) 1,
                Duration.ofSeconds(60).toMillis());
        return kafka;
    }

    // --- what is published ------------------------------------------------------------------------

    private static String spec(String base, int port, int iosxe, int iosxr, int infix, long seed) {
        StringBuilder s = new StringBuilder();
        s.append("baseAddress: ").append(base).append('\n');
        s.append("credentials:\n  username: ").append(USER).append("\n  password: ").append(PASSWORD).append('\n');
        s.append("latencyMs: ").append(LATENCY_MS).append('\n');
        s.append("seed: ").append(seed + 1).append('\n');
        s.append("platforms:\n");
        if (iosxe > 0) {
            s.append("  iosxe:\n    count: ").append(iosxe).append("\n    osVersions: [16.12.5, 17.9.4]\n    port: ").append(port)
                    .append("\n    installMs: ").append(INSTALL_MS).append('\n');
        }
        if (iosxr > 0) {
            s.append("  iosxr:\n    count: ").append(iosxr).append("\n    osVersions: [7.3.1]\n    port: ").append(port).append('\n');
        }
        if (infix > 0) {
            s.append("  infix:\n    count: ").append(infix).append("\n    port: ").append(port).append('\n');
        }
        return s.toString();
    }

    private static int share(int total, int shards, int s) {
        return total / shards + (s < total % shards ? 1 : 0);
    }

    private Device device(BenchDevice d) {
        Platform p = switch (d.sim().platform()) {
            case "iosxe" -> Platform.PLATFORM_IOSXE;
            case "iosxr" -> Platform.PLATFORM_IOSXR;
            default -> Platform.PLATFORM_INFIX;
        };
        return Device.newBuilder().setId(d.id()).setPlatform(p).setHost(d.sim().host()).setPort(d.sim().port())
                .setOsVersion(d.sim().osVersion()).setCredentialsRef("inline")
                .setSealedCredentials(sealer.seal(new DeviceCredentials(USER, PASSWORD)))
                .setAdminState(AdminState.ADMIN_STATE_MANAGED).setGeneration(1).build();
    }

    /** Two apps, as each platform deploys them: IOS-XE packages copied from a URL, IOS-XR RPMs, Infix images. */
    private DesiredDeviceState desired(BenchDevice d) {
        DesiredDeviceState.Builder b = DesiredDeviceState.newBuilder().setDeviceId(d.id()).setGeneration(1);
        for (String app : APPS) {
            DesiredApp.Builder a = DesiredApp.newBuilder().setAppId(app).setDeploymentName(app + "s").setDeploymentRevision(1)
                    .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING);
            switch (d.sim().platform()) {
                case "iosxe" -> a.setPackage(AppPackage.newBuilder().setUrl(app.equals("probe") ? probeUrl : agentUrl)
                                .setSha256(app.equals("probe") ? probeSha : agentSha).setSizeBytes(PACKAGE_BYTES))
                        .setResources(AppResources.newBuilder().setVcpu(1).setCpuUnits(500).setMemoryMib(128).setDiskMib(64))
                        .addRunOpts("--cap-add NET_ADMIN");
                case "iosxr" -> a.setPackage(AppPackage.newBuilder()
                                .setUrl("https://repo.example.net/" + app + "-1.0.0-eXR_7.3.1.x86_64.rpm"))
                        .addRunOpts("--net host");
                default -> a.setImage(ContainerImage.newBuilder().setReference("docker://example/" + app + ":1.0"))
                        .setResources(AppResources.newBuilder().setVcpu(1).setMemoryMib(128));
            }
            b.addApps(a);
        }
        return b.build();
    }

    // --- waiting and measuring ------------------------------------------------------------------------

    private static void awaitAll(FleetWatch watch, String what, Predicate<FleetWatch.Track> done, int expected, Duration timeout,
                                 long since) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextLog = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long n;
        while ((n = watch.count(done)) < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": only " + n + " of " + expected + " devices after " + timeout.toSeconds()
                        + " s (fleet.observed.v1 records read: " + watch.observedRecords() + ", events: " + watch.eventRecords() + ")");
            }
            if (System.nanoTime() > nextLog) {
                log("%s: %d/%d after %.0f s", what, n, expected, (System.nanoTime() - since) / 1e9);
                nextLog += TimeUnit.SECONDS.toNanos(5);
            }
            Thread.sleep(expected > 2000 ? 200 : 50);
        }
    }

    private interface NanosOf {
        long of(FleetWatch.Track t);
    }

    private static long lastOf(FleetWatch watch, NanosOf f) {
        long max = 0;
        for (FleetWatch.Track t : watch.tracks()) {
            synchronized (t) {
                max = Math.max(max, f.of(t));
            }
        }
        return max;
    }

    private static double percentileSeconds(FleetWatch watch, NanosOf f, double p) {
        List<Double> v = new ArrayList<>();
        for (FleetWatch.Track t : watch.tracks()) {
            synchronized (t) {
                long n = f.of(t);
                if (n >= 0) {
                    v.add(n / 1e9);
                }
            }
        }
        v.sort(Double::compare);
        return pct(v, p);
    }

    private static double pct(List<Double> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }


    private static long heapFromMetrics(ServiceProcess adapter) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(adapter.baseUrl() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            long sum = 0;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                    sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        } catch (Exception e) {
            return -1;
        }
    }

    private static String heapAfterGc(long pid) {
        try {
            Jcmd.run(pid, "GC.run");
            String info = Jcmd.run(pid, "GC.heap_info");
            Matcher m = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(info);
            if (m.find()) {
                return mib(Long.parseLong(m.group(2)) * 1024) + " (of " + mib(Long.parseLong(m.group(1)) * 1024) + " committed)";
            }
            return "unreadable: " + info.strip();
        } catch (Exception e) {
            return "unavailable: " + e;
        }
    }

    /** The classes holding the most heap (live objects: the histogram forces a full GC), as "N MiB class". */
    private static List<String> classHistogram(long pid) {
        List<String> top = new ArrayList<>();
        try {
            String out = Jcmd.run(pid, "GC.class_histogram");
            Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
            for (String line : out.split("\n")) {
                Matcher m = row.matcher(line);
                if (m.find() && top.size() < 30) {
                    top.add(String.format(Locale.ROOT, "%.1f MiB %s (%s)", Long.parseLong(m.group(2)) / 1048576.0, m.group(3), m.group(1)));
                }
            }
        } catch (Exception e) {
            top.add("unavailable: " + e);
        }
        return top;
    }


    private static String procStatus(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field + ":")) {
                    return line.substring(field.length() + 1).strip();
                }
            }
        } catch (Exception e) {
            // gone
        }
        return "?";
    }

    private static long openFds(long pid) {
        try (var s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return s.count();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return "?";
        }
    }

    // --- the report ----------------------------------------------------------------------------------

    private static String variants(List<BenchDevice> devices) {
        Map<String, Integer> m = new LinkedHashMap<>();
        devices.forEach(d -> m.merge(d.variant(), 1, Integer::sum));
        return m.toString();
    }

    private static String stepTimes(FleetWatch watch) {
        Map<ReconcileStep, long[]> m = new java.util.TreeMap<>();
        for (FleetWatch.Track t : watch.tracks()) {
            if (!t.id.startsWith("bench-")) {
                continue;
            }
            synchronized (t) {
                t.stepKinds.forEach((k, n) -> {
                    long[] a = m.computeIfAbsent(k, x -> new long[2]);
                    a[0] += n;
                    a[1] += t.stepNanos.getOrDefault(k, 0L);
                });
            }
        }
        StringBuilder s = new StringBuilder();
        long totalNanos = 0;
        for (Map.Entry<ReconcileStep, long[]> e : m.entrySet()) {
            totalNanos += e.getValue()[1];
            s.append(s.length() == 0 ? "" : ", ").append(e.getKey().name().replace("RECONCILE_STEP_", ""))
                    .append(String.format(Locale.ROOT, " %.0f ms", e.getValue()[1] / 1e6 / e.getValue()[0]));
        }
        return s + String.format(Locale.ROOT, "; in steps per device %.2f s", totalNanos / 1e9 / Math.max(1, DEVICES));
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "?" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }

    private static String cpu(Map<String, Double> m) {
        double wall = m.getOrDefault("wall", 0.0);
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> {
            if (!k.equals("wall")) {
                s.append(s.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s %.1f", k, v));
            }
        });
        double total = m.entrySet().stream().filter(e -> !e.getKey().equals("wall")).mapToDouble(Map.Entry::getValue).sum();
        s.append(String.format(Locale.ROOT, " (over %.1f s wall: %.0f%% of 2 cores busy)", wall,
                wall > 0 ? 100 * total / (wall * Runtime.getRuntime().availableProcessors()) : 0));
        return s.toString();
    }

    private static double ourCpu(Map<String, Double> m) {
        return m.entrySet().stream().filter(e -> !e.getKey().equals("wall") && !e.getKey().startsWith("other"))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static String perUnit(Map<String, Double> m, long units, double scale, String unit) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> {
            if (!k.equals("wall") && !k.startsWith("other")) {
                s.append(s.length() == 0 ? "" : "; ").append(k.replaceAll(" \\(.*", "")).append(' ')
                        .append(String.format(Locale.ROOT, "%.1f%s", v * scale / units, unit));
            }
        });
        return s.toString();
    }

    private static String shares(Map<String, Double> m) {
        StringBuilder s = new StringBuilder();
        m.forEach((k, v) -> {
            if (v > 0.005) {
                s.append(s.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT, "%s %.0f%%", k, 100 * v));
            }
        });
        return s.toString();
    }

    private void table(String a, String b) {
        report.append("| ").append(a).append(" | ").append(b).append(" |\n|---|---|\n");
    }

    private void row(String a, String b) {
        report.append("| ").append(a).append(" | ").append(b).append(" |\n");
    }

    private static void log(String format, Object... args) {
        System.out.println("[bench " + LocalDateTime.now().format(DateTimeFormatter.ISO_LOCAL_TIME).substring(0, 8) + "] "
                + String.format(Locale.ROOT, format, args));
    }
}
