package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.appfleet.platform.auth.ApiTokens;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.ServiceProcess;

/**
 * The README's first command, {@code up}, end to end with the real services built by this reactor, the real
 * example fleet and the example manifests: once with embedded Kafka and PostgreSQL, once against existing ones
 * given by URL, and through deploy/local/appfleet itself with a small simulated fleet converging as desired-state
 * rolls the manifests out.
 */
class AppfleetLocalIT {

    private static final Path REPO = Path.of("").toAbsolutePath().resolve("../..").normalize();
    private static final Path EXAMPLES = REPO.resolve("deploy/examples/inventory/devices.csv");

    @Test
    void upWithEmbeddedInfrastructureImportsTheExampleFleetAppliesTheManifestsAndStopsInOrder(@TempDir Path data)
            throws Exception {
        int port = freePortBase();
        String out = up(0, "--http-port-base=" + port, "--data-dir=" + data, "--devices=5", simAddress());

        assertTrue(out.contains("imported " + exampleIds().size() + " devices"), out);
        assertTrue(out.contains("registered 5 simulated devices in inventory"), out);
        assertTrue(out.contains("http://127.0.0.1:" + port + "/api/v1/devices"), out);
        assertTrue(out.contains("http://127.0.0.1:" + port + "/q/swagger-ui"), out);
        assertTrue(out.contains("/q/metrics"), out);
        assertTrue(out.contains("desired-state API   http://127.0.0.1:" + (port + 1) + "/api/v1/deployments"), out);
        // 5 devices: 3 IOS-XE, 1 IOS-XR, 1 Infix.
        assertTrue(out.contains("applied 3 manifests from deploy/examples/deployments to desired-state"), out);
        for (String applied : List.of("acc-probe        revision 1 created, 3 devices targeted (acc-probe.yaml)",
                "infix-web        revision 1 created, 1 device targeted (infix-web.yaml)",
                "xr-probe         revision 1 created, 1 device targeted (xr-probe.yaml)")) {
            assertTrue(out.contains("appfleet:   " + applied), applied + " in:\n" + out);
        }

        // The operator token: owner-only in the data directory, only its hash given to desired-state, never printed.
        Path tokenFile = data.resolve("operator-token");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
        String token = Files.readString(tokenFile).strip();
        assertTrue(ApiTokens.wellFormed(token), "an aft_ token in " + tokenFile);
        assertTrue(out.contains("export APPFLEET_TOKEN=$(cat " + tokenFile + ")"), out);
        String desiredLog = Files.readString(data.resolve("logs/desired-state.log"));
        assertTrue(desiredLog.contains("-Dappfleet.auth.enabled=true"), "auth on whatever the environment says");
        assertTrue(desiredLog.contains("-Dappfleet.auth.tokens.local-operator.sha256=" + ApiTokens.sha256Hex(token)),
                desiredLog);
        assertTrue(desiredLog.contains("API authentication: 1 API token(s)"), desiredLog);
        assertFalse(out.contains(token), "the token is never printed");
        try (var logs = Files.list(data.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log).contains(token), "the token is not in " + log);
            }
        }

        int adapter = out.indexOf("stopped device-adapter");
        int desired = out.indexOf("stopped desired-state");
        int services = out.indexOf("stopped inventory");
        int kafka = out.indexOf("stopped Kafka");
        int pg = out.indexOf("stopped PostgreSQL");
        assertTrue(adapter > 0 && desired > adapter && services > desired && kafka > services && pg > kafka,
                "stop order adapter, desired-state, inventory, Kafka, PostgreSQL:\n" + out);
        String log = Files.readString(data.resolve("logs/inventory.log"));
        assertTrue(log.contains("import format=CSV rows=" + exampleIds().size()), log);
        assertFalse(log.contains("appfleet.credentials.key"), "the sealing key stays out of the log");
        assertTrue(Files.isRegularFile(data.resolve("kafka/broker.log")), "--data-dir keeps Kafka");
        assertTrue(Files.isDirectory(data.resolve("postgres/pgdata")), "--data-dir keeps PostgreSQL");
    }

    @Test
    void theLauncherScriptRunsASmallSimulatedFleetUntilItConvergesThenStopsEverything(@TempDir Path data)
            throws Exception {
        int port = freePortBase();
        String base = simAddress().substring("--sim-address=".length());
        List<String> apiChecks = new ArrayList<>();
        Script run = script(Duration.ofMinutes(4), (outFile, process) -> apiChecks.addAll(checkDesiredStateAuth(
                outFile, process, "http://127.0.0.1:" + (port + 1), data.resolve("operator-token"))), "up", "--no-build",
                "--devices=30", "--sim-address=" + base, "--exit-when-converged", "--converge-timeout=150s",
                "--http-port-base=" + port, "--data-dir=" + data);
        String out = run.out();
        assertEquals(0, run.exitCode(), out + "\n" + run.err());
        assertEquals(List.of("no token 401", "another token 401", "the run's token 200"), apiChecks, out);

        assertTrue(out.contains("starting the simulated fleet: 30 devices (18 IOS-XE, 6 IOS-XR, 6 Infix) from " + base),
                out);
        assertTrue(out.contains("registered 30 simulated devices in inventory"), out);
        assertTrue(out.contains("applied 3 manifests from deploy/examples/deployments to desired-state"), out);
        assertTrue(out.contains("acc-probe        revision 1 created, 18 devices targeted"), out);
        assertRolloutsTold(out, Map.of("acc-probe", 18, "xr-probe", 6, "infix-web", 6),
                Map.of("acc-probe", 3, "xr-probe", 1, "infix-web", 1));
        // Not a terminal: plain progress lines, the last one full, each with where the rollouts stand.
        Pattern progress = Pattern.compile("(?m)^appfleet: \\[[#-]{20}\\] +(\\d+)/30 converged  Synced (\\d+)  Healthy"
                + " (\\d+)  OutOfSync \\d+  Degraded \\d+  Unreachable \\d+(  waiting \\d+)?  \\d+\\.\\d s"
                + "  acc-probe [^,]+, infix-web [^,]+, xr-probe [^,]+$");
        Matcher m = progress.matcher(out);
        List<Integer> converged = new ArrayList<>();
        while (m.find()) {
            converged.add(Integer.parseInt(m.group(1)));
        }
        assertFalse(converged.isEmpty(), "progress lines in:\n" + out);
        assertEquals(30, converged.get(converged.size() - 1), out);
        assertFalse(out.contains("\u001b["), "no terminal control codes when not on a terminal");
        assertTrue(out.contains("appfleet: [####################] 30/30 converged  Synced 30  Healthy 30  OutOfSync 0"
                + "  Degraded 0  Unreachable 0  "), out);
        assertTrue(out.contains("converged: all 30 simulated devices Synced and Healthy and every rollout done"), out);

        // The summary after convergence.
        assertTrue(out.indexOf("appfleet is up:") > out.indexOf("converged: all 30"), out);
        assertTrue(out.contains("http://127.0.0.1:" + (port + 2) + "/q/metrics"), "adapter metrics:\n" + out);
        Matcher downloads = Pattern.compile("packages +http://127\\.0\\.0\\.1:\\d+/packages/ \\(3 files, (\\d+) downloads")
                .matcher(out);
        assertTrue(downloads.find(), out);
        assertTrue(Integer.parseInt(downloads.group(1)) >= 18, "every IOS-XE device copied its package:\n" + out);

        int adapter = out.indexOf("stopped device-adapter");
        int desired = out.indexOf("stopped desired-state");
        int inventory = out.indexOf("stopped inventory");
        int sim = out.indexOf("stopped simulated fleet");
        int kafka = out.indexOf("stopped Kafka");
        int pg = out.indexOf("stopped PostgreSQL");
        assertTrue(adapter > 0 && desired > adapter && inventory > desired && sim > inventory && kafka > sim
                && pg > kafka, "stop order adapter, desired-state, inventory, simulators, Kafka, PostgreSQL:\n" + out);
        assertTrue(out.contains("stopped cleanly (--exit-when-converged)"), out);
        assertTrue(Files.readString(data.resolve("logs/device-sim.log")).contains("stopped 30 devices"),
                "the simulators closed on SIGTERM");
        assertFalse(Files.exists(data.resolve("sim/sim-devices.json")), "the logins do not stay on disk");
        assertEquals(31, Files.readAllLines(data.resolve("sim/sim-devices.csv")).size());
        assertFalse(Files.readString(data.resolve("logs/device-adapter.log")).contains("appfleet.credentials.key"));
    }

    /** Also the run against existing Kafka and PostgreSQL: one run of the services less keeps this IT short. */
    @Test
    void againstExistingKafkaAndPostgresAFleetThatCannotConvergeEndsWithExit3NamingTheCommonestErrors(
            @TempDir Path data) throws Exception {
        FleetInfra infra = FleetInfra.shared();
        infra.postgres().createDatabase("localrun_timeout");
        Path spec = data.resolve("failing-fleet.yaml");
        // Every install fails on these devices, so they can never converge.
        Files.writeString(spec, """
                baseAddress: %s
                platforms:
                  iosxe: {count: 2, osVersions: ["16.12.5"]}
                faults: {installFailureRate: 1.0}
                """.formatted(simAddress().substring("--sim-address=".length())));
        // One wave, both devices at once, never paused: both get the app and both keep failing to install it.
        // xr-probe has no device in this fleet, so it is skipped.
        Path manifests = Files.createDirectory(data.resolve("manifests"));
        Path manifest = manifests.resolve("always-failing.yaml");
        Files.writeString(manifest, Files.readString(REPO.resolve("deploy/examples/deployments/acc-probe.yaml"))
                .replaceAll("(?s)  rollout:.*?(?=  devicePolicy:)", "  rollout: {maxUnavailable: 100%, failureThreshold: 100%}\n"));
        Files.copy(REPO.resolve("deploy/examples/deployments/xr-probe.yaml"), manifests.resolve("xr-probe.yaml"));
        List<String> args = new ArrayList<>(List.of("up", "--repo-root=" + REPO, "--data-dir=" + data,
                "--http-port-base=" + freePortBase(), "--kafka=" + infra.kafka().bootstrapServers(),
                "--postgres=" + infra.postgres().jdbcUrl("localrun_timeout"),
                "--postgres-user=" + infra.postgres().username(), "--postgres-password=" + infra.postgres().password(),
                "--fleet-spec=" + spec, "--desired=" + manifests, "--converge-timeout=20s"));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        String text = out.toString();
        assertEquals(AppfleetLocal.EXIT_NOT_CONVERGED, rc, text + "\n" + err);
        assertTrue(text.contains("skipped xr-probe (" + manifests.resolve("xr-probe.yaml") + "): it targets iosxr and"
                + " the simulated fleet has only iosxe"), text);
        assertTrue(text.contains("applied 1 manifest from " + manifests + " to desired-state"), text);
        assertTrue(text.contains("NOT converged within 20 s: 2 of 2 simulated devices are not Synced and Healthy"),
                text);
        int errors = text.indexOf("most common last errors:");
        assertTrue(errors > 0, text);
        Matcher reason = Pattern.compile("(?m)^appfleet:   2 devices: [A-Z_]+: .+$").matcher(text);
        assertTrue(reason.find(errors), "one reason shared by both devices:\n" + text);
        assertTrue(text.indexOf("appfleet is up:") > errors, "the summary follows:\n" + text);
        assertTrue(text.contains("stopped simulated fleet"), text);
        assertTrue(text.contains("stopped; exit 3 (not converged)"), text);

        assertTrue(text.contains("imported " + exampleIds().size() + " devices"), text);
        assertFalse(text.contains("stopped Kafka"), "an existing Kafka is not ours to stop:\n" + text);
        assertFalse(text.contains("stopped PostgreSQL"), "nor an existing PostgreSQL:\n" + text);
        assertFalse(text.contains("password=" + infra.postgres().password()), text);
        assertEquals(exampleIds(), keysOnInventoryTopic(infra.kafka().bootstrapServers(), exampleIds()));
    }

    @Test
    void theLauncherScriptRefusesABadDeviceCountWithExit2() throws Exception {
        Script run = script(Duration.ofMinutes(1), "up", "--no-build", "--devices", "-1");
        assertEquals(2, run.exitCode(), run.out() + "\n" + run.err());
        assertTrue(run.err().contains("--devices must be between 1 and 100000, got -1"), run.err());
        assertFalse(run.out().contains("starting"), run.out());
    }

    private record Script(int exitCode, String out, String err) {
    }

    /** A port whose next two (desired-state, device-adapter) were free a moment ago too. */
    private static int freePortBase() {
        for (int i = 0; i < 50; i++) {
            int port = ServiceProcess.freePort();
            int last = port + ServiceSpec.maxPortOffset();
            if (last <= 65535 && java.util.stream.IntStream.rangeClosed(port + 1, last).allMatch(ServiceProcess::isPortFree)) {
                return port;
            }
        }
        throw new IllegalStateException("no " + (ServiceSpec.maxPortOffset() + 1) + " free ports in a row on 127.0.0.1");
    }

    /** A block of loopback addresses of its own, so a run elsewhere on the machine cannot clash. */
    private static String simAddress() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return "--sim-address=127." + (40 + r.nextInt(50)) + "." + r.nextInt(250) + ".1";
    }

    /** deploy/local/appfleet as a user runs it; SIGTERM (a clean stop) if it outlives {@code timeout}. */
    private static Script script(Duration timeout, String... args) throws Exception {
        return script(timeout, (out, process) -> { }, args);
    }

    /** The same, calling {@code whileRunning} with the file stdout goes to and the process once it started. */
    private static Script script(Duration timeout, BiConsumer<Path, Process> whileRunning, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("deploy/local/appfleet").toString()));
        command.addAll(List.of(args));
        Path dir = Files.createTempDirectory("appfleet-script");
        Process p = new ProcessBuilder(command).directory(REPO.toFile())
                .redirectOutput(dir.resolve("out").toFile()).redirectError(dir.resolve("err").toFile()).start();
        try {
            whileRunning.accept(dir.resolve("out"), p);
            if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                p.destroy();
                p.waitFor(90, java.util.concurrent.TimeUnit.SECONDS);
                throw new AssertionError("deploy/local/appfleet " + String.join(" ", args) + " ran over " + timeout
                        + ":\n" + Files.readString(dir.resolve("out")) + "\n" + Files.readString(dir.resolve("err")));
            }
            return new Script(p.exitValue(), Files.readString(dir.resolve("out")), Files.readString(dir.resolve("err")));
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Once the run says desired-state is ready (and before the devices can have converged, when the run stops it):
     * its API refuses a call without the run's token and takes one with it.
     */
    private static List<String> checkDesiredStateAuth(Path out, Process run, String desiredUrl, Path tokenFile) {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        try {
            while (!Files.readString(out).contains("desired-state ready at " + desiredUrl)) {
                if (System.nanoTime() > deadline || !run.isAlive()) {
                    return List.of("desired-state never ready:\n" + Files.readString(out));
                }
                Thread.sleep(100);
            }
            HttpClient http = HttpClient.newHttpClient();
            List<String> results = new ArrayList<>();
            URI list = URI.create(desiredUrl + "/api/v1/deployments");
            results.add("no token " + http.send(HttpRequest.newBuilder(list).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            results.add("another token " + http.send(HttpRequest.newBuilder(list)
                    .header("Authorization", "Bearer " + ApiTokens.generate()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            results.add("the run's token " + http.send(HttpRequest.newBuilder(list)
                    .header("Authorization", "Bearer " + Files.readString(tokenFile).strip()).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
            return results;
        } catch (Exception e) {
            return List.of("checking desired-state's API failed: " + e);
        }
    }

    /**
     * Each deployment's rollout as the run told it: with desired-state's rollout endpoint, every wave opening in
     * order and then the success; without it (404), the status counts reaching every targeted device.
     */
    private static void assertRolloutsTold(String out, Map<String, Integer> targeted, Map<String, Integer> waves) {
        for (Map.Entry<String, Integer> d : targeted.entrySet()) {
            String name = d.getKey();
            if (!out.contains("appfleet: " + name + ": wave 1/")) {
                assertTrue(out.contains("appfleet: " + name + ": applied to " + d.getValue() + "/" + d.getValue()
                        + " targeted devices"), name + " without a rollout endpoint:\n" + out);
                continue;
            }
            Matcher opened = Pattern.compile("(?m)^appfleet: " + name + ": wave (\\d+)/(\\d+) open \\([1-9]\\d* devices?\\)$")
                    .matcher(out);
            int next = 1;
            while (opened.find()) {
                assertEquals(next++, Integer.parseInt(opened.group(1)), out);
                assertEquals(waves.get(name), Integer.parseInt(opened.group(2)), out);
            }
            assertEquals(waves.get(name) + 1, next, "every wave of " + name + " opened:\n" + out);
            int last = out.indexOf("appfleet: " + name + ": wave " + waves.get(name) + "/" + waves.get(name));
            assertTrue(out.indexOf("appfleet: " + name + ": rollout Succeeded (revision 1, ") > last, out);
        }
    }

    private static String up(int expectedExit, String... options) {
        List<String> args = new ArrayList<>(List.of("up", "--repo-root=" + REPO, "--exit-after-import"));
        args.addAll(List.of(options));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args.toArray(String[]::new));
        assertEquals(expectedExit, rc, out + "\n" + err);
        return out.toString();
    }

    private static Set<String> exampleIds() throws Exception {
        Set<String> ids = new HashSet<>();
        List<String> lines = Files.readAllLines(EXAMPLES, StandardCharsets.UTF_8);
        for (String line : lines.subList(1, lines.size())) {
            if (!line.isBlank()) {
                ids.add(line.substring(0, line.indexOf(',')));
            }
        }
        return ids;
    }

    private static Set<String> keysOnInventoryTopic(String bootstrap, Set<String> wanted) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        Set<String> seen = new HashSet<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor("fleet.inventory.v1", Duration.ofSeconds(10))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!seen.containsAll(wanted) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (wanted.contains(r.key()) && r.value() != null) {
                        seen.add(r.key());
                    }
                }
            }
        }
        return seen;
    }
}
