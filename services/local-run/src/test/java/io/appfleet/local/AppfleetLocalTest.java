package io.appfleet.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class AppfleetLocalTest {

    @Test
    void parsesEveryOptionOfUp() {
        AppfleetLocal.Up up = new AppfleetLocal.Up();
        new CommandLine(up).parseArgs("--kafka=10.0.0.1:9092", "--postgres=jdbc:postgresql://db:5432/appfleet",
                "--postgres-user=fleet", "--postgres-password=hunter2", "--data-dir=/tmp/x", "--examples=/tmp/ex",
                "--http-port-base=9000", "--services=inventory", "--exit-after-import");
        assertEquals("10.0.0.1:9092", up.kafka);
        assertEquals("jdbc:postgresql://db:5432/appfleet", up.postgres);
        assertEquals("fleet", up.postgresUser);
        assertEquals("hunter2", up.postgresPassword);
        assertEquals(Paths.get("/tmp/x"), up.dataDir);
        assertEquals(Paths.get("/tmp/ex"), up.examples);
        assertEquals(9000, up.httpPortBase);
        assertEquals(List.of("inventory"), up.services);
        assertTrue(up.exitAfterImport);
    }

    @Test
    void defaultsAreEmbeddedEverythingOnPort8081() {
        AppfleetLocal.Up up = new AppfleetLocal.Up();
        new CommandLine(up).parseArgs();
        assertNull(up.kafka);
        assertNull(up.postgres);
        assertEquals("postgres", up.postgresUser);
        assertNull(up.dataDir);
        assertEquals(8081, up.httpPortBase);
        assertEquals(List.of(), up.services);
        assertFalse(up.exitAfterImport);
    }

    @Test
    void helpDocumentsTheNonInteractiveModeAndNeverShowsAPassword() {
        StringWriter help = new StringWriter();
        int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(help)).execute("up", "--help");
        assertEquals(0, rc);
        String text = help.toString();
        for (String option : List.of("--kafka", "--postgres", "--postgres-user", "--postgres-password", "--data-dir",
                "--examples", "--http-port-base", "--services", "--exit-after-import", "--devices", "--fleet-spec",
                "--sim-address", "--no-sim", "--desired", "--exit-when-converged", "--converge-timeout")) {
            assertTrue(text.contains(option), option + " in:\n" + text);
        }
        assertTrue(text.contains("APPFLEET_PG_PASSWORD"));
        assertFalse(text.contains("hunter2"));
        assertTrue(text.contains("3 the simulated fleet"), text);
        assertTrue(text.contains("may start with ${PACKAGE_SERVER}"), text);
        assertTrue(text.contains("new operator token to operator-token"), text);
    }

    @Test
    void parsesTheSimulatedFleetOptions() {
        AppfleetLocal.Up up = new AppfleetLocal.Up();
        new CommandLine(up).parseArgs("--devices=30", "--sim-address=127.30.0.1", "--desired=/tmp/d.yaml",
                "--exit-when-converged", "--converge-timeout=90s");
        assertEquals(30, up.devices);
        assertEquals("127.30.0.1", up.simAddress);
        assertEquals(Paths.get("/tmp/d.yaml"), up.desired);
        assertTrue(up.exitWhenConverged);
        assertEquals(java.time.Duration.ofSeconds(90), up.convergeTimeout);
        AppfleetLocal.Up none = new AppfleetLocal.Up();
        new CommandLine(none).parseArgs("--no-sim");
        assertTrue(none.noSim);
        assertNull(none.devices);
        assertNull(none.convergeTimeout);
    }

    @Test
    void badSimulatedFleetArgumentsExitWith2BeforeAnythingStarts(@TempDir Path repo) throws Exception {
        fakeCheckout(repo, true);
        Files.writeString(repo.resolve("spec.yaml"), "platforms: {iosxe: {count: 1}}\n");
        record Case(List<String> args, String message) {
        }
        for (Case c : List.of(
                new Case(List.of("--devices", "-1"), "--devices must be between 1 and 100000, got -1"),
                new Case(List.of("--devices=0"), "--devices must be between 1 and 100000, got 0"),
                new Case(List.of("--devices=x"), "Invalid value for option '--devices': 'x' is not an int"),
                new Case(List.of("--devices=5", "--fleet-spec=" + repo.resolve("spec.yaml")),
                        "--devices and --fleet-spec exclude each other"),
                new Case(List.of("--fleet-spec=" + repo.resolve("missing.yaml")), "--fleet-spec: cannot read"),
                new Case(List.of("--sim-address=10.1.1.1"), "--sim-address must be a loopback address"),
                new Case(List.of("--no-sim", "--devices=5"), "--no-sim leaves nothing for --devices"),
                new Case(List.of("--no-sim", "--exit-when-converged"), "--no-sim leaves nothing for"),
                new Case(List.of("--converge-timeout=soon"), "'soon' is not a duration such as 90s"),
                new Case(List.of("--converge-timeout=0s"), "'0s' must be longer than zero"),
                new Case(List.of("--exit-when-converged", "--exit-after-import"),
                        "--exit-after-import does not wait for convergence: it excludes --exit-when-converged"),
                new Case(List.of("--converge-timeout=1m", "--exit-after-import"),
                        "--exit-after-import does not wait for convergence: it excludes --converge-timeout"),
                new Case(List.of("--services=inventory", "--exit-when-converged"),
                        "the simulated fleet needs desired-state and device-adapter in --services (or give --no-sim)"),
                new Case(List.of("--http-port-base=65533"), "--http-port-base must be a TCP port up to 65532"))) {
            List<String> args = new java.util.ArrayList<>(List.of("up", "--repo-root=" + repo));
            args.addAll(c.args());
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(args.toArray(String[]::new));
            assertEquals(2, rc, c.args() + "\n" + out + err);
            assertTrue(err.toString().contains(c.message()), c.args() + " -> " + err);
            assertFalse(out.toString().contains("starting"), c.args() + " started something:\n" + out);
        }
    }

    @Test
    void aBadManifestIsReportedBeforeAnythingStarts(@TempDir Path repo) throws Exception {
        fakeCheckout(repo, true);
        Path bad = repo.resolve("bad.yaml");
        Files.writeString(bad, Files.readString(repo.resolve("deploy/examples/deployments/acc-probe.yaml"))
                .replace("sizeBytes: 131072", "sizeBytes: 131073"));
        for (String desired : List.of(bad.toString(), repo.resolve("missing").toString())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("up", "--repo-root=" + repo, "--http-port-base="
                            + io.appfleet.testsupport.ServiceProcess.freePort(), "--desired=" + desired);
            assertEquals(2, rc, out + "\n" + err);
            assertTrue(err.toString().contains(desired.equals(bad.toString())
                    ? "invalid manifest " + bad + ": spec.app.package.sha256: the local run serves probe-iox.tar"
                            + " (131073 bytes) with SHA-256 "
                    : "no manifests at " + desired + " (give a directory or file of AppDeployment manifests with"
                            + " --desired, or --no-sim)"), err.toString());
            assertFalse(out.toString().contains("starting"), out.toString());
        }
    }

    @Test
    void withOnlyInventoryThereIsNoSimulatedFleetAndTheRunSaysWhy() {
        assertEquals("needs desired-state and device-adapter in --services (or give --no-sim)",
                AppfleetLocal.Up.simNeeds(ServiceSpec.select(List.of("inventory"))));
        assertNull(AppfleetLocal.Up.simNeeds(ServiceSpec.KNOWN));
        assertEquals("needs inventory, desired-state and device-adapter in --services (or give --no-sim)",
                AppfleetLocal.Up.simNeeds(List.of()));
        assertEquals("needs desired-state in --services (or give --no-sim)",
                AppfleetLocal.Up.simNeeds(ServiceSpec.select(List.of("device-adapter", "inventory"))));
    }

    @Test
    void unknownServiceIsAUsageError() {
        StringWriter err = new StringWriter();
        int rc = AppfleetLocal.commandLine().setErr(new PrintWriter(err)).execute("up", "--services=billing");
        assertEquals(2, rc);
        assertTrue(err.toString().contains("unknown service(s) [billing]"), err.toString());
    }

    @Test
    void missingServiceJarIsReportedBeforeAnythingStarts(@TempDir Path repo) throws Exception {
        fakeCheckout(repo, false);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("up", "--repo-root=" + repo, "--exit-after-import");
        assertEquals(1, rc);
        assertTrue(err.toString().contains("not built: services/inventory/target/quarkus-app/quarkus-run.jar"),
                err.toString());
    }

    @Test
    void unreachablePostgresExitsWith2AndNeverPrintsThePassword(@TempDir Path repo) throws Exception {
        fakeCheckout(repo, true);
        int closedPort = io.appfleet.testsupport.ServiceProcess.freePort();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = AppfleetLocal.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("up", "--repo-root=" + repo, "--http-port-base=" + io.appfleet.testsupport.ServiceProcess.freePort(),
                        "--postgres=jdbc:postgresql://127.0.0.1:" + closedPort + "/appfleet?password=inurl",
                        "--postgres-password=hunter2", "--kafka=127.0.0.1:" + closedPort, "--exit-after-import");
        assertEquals(2, rc, out + "\n" + err);
        String all = out + "\n" + err;
        assertTrue(all.contains("cannot connect to PostgreSQL at jdbc:postgresql://127.0.0.1:" + closedPort), all);
        assertFalse(all.contains("hunter2"), all);
        assertFalse(all.contains("inurl"), all);
    }

    @Test
    void serviceConfigCarriesTheSharedEndpoints() {
        Map<String, String> config = LocalRun.serviceConfig(ServiceSpec.KNOWN.get(0), "127.0.0.1:1234",
                "jdbc:postgresql://127.0.0.1:5/appfleet", "postgres", "pw", "a2V5");
        assertEquals("127.0.0.1:1234", config.get("kafka.bootstrap.servers"));
        assertEquals("jdbc:postgresql://127.0.0.1:5/appfleet", config.get("quarkus.datasource.jdbc.url"));
        assertEquals("postgres", config.get("quarkus.datasource.username"));
        assertEquals("pw", config.get("quarkus.datasource.password"));
        assertEquals("a2V5", config.get("appfleet.credentials.key"));
        assertEquals(32, java.util.Base64.getDecoder().decode(LocalRun.newCredentialsKey()).length);
        assertFalse(config.containsKey("appfleet.auth.enabled"), "inventory has no API roles");
    }

    @Test
    void desiredStateGetsTheDatabaseAndAuthOnWhateverTheEnvironmentSays() {
        ServiceSpec desired = ServiceSpec.select(List.of("desired-state")).get(0);
        Map<String, String> config = LocalRun.serviceConfig(desired, "127.0.0.1:1234",
                "jdbc:postgresql://127.0.0.1:5/appfleet", "postgres", "pw", "a2V5");
        assertEquals("jdbc:postgresql://127.0.0.1:5/appfleet", config.get("quarkus.datasource.jdbc.url"));
        // A system property, so APPFLEET_AUTH_ENABLED=false in the environment cannot switch it off.
        assertEquals("true", config.get("appfleet.auth.enabled"));
        assertFalse(config.keySet().stream().anyMatch(k -> k.startsWith("appfleet.auth.tokens")),
                "the token's hash goes in as a JVM option: " + config);
    }

    @Test
    void theAdapterGetsKafkaAndTheSealingKeyButNoDatabaseLogin() {
        ServiceSpec adapter = ServiceSpec.select(List.of("device-adapter")).get(0);
        Map<String, String> config = LocalRun.serviceConfig(adapter, "127.0.0.1:1234",
                "jdbc:postgresql://127.0.0.1:5/appfleet", "postgres", "pw", "a2V5");
        assertEquals("127.0.0.1:1234", config.get("kafka.bootstrap.servers"));
        assertEquals("a2V5", config.get("appfleet.credentials.key"));
        assertFalse(config.keySet().stream().anyMatch(k -> k.startsWith("quarkus.datasource")), config.toString());
    }

    @Test
    void redactsPasswordsInJdbcUrls() {
        assertEquals("jdbc:postgresql://h/db?user=a&password=***&ssl=true",
                LocalRun.redact("jdbc:postgresql://h/db?user=a&password=s3&ssl=true"));
        assertEquals("jdbc:postgresql://h/db", LocalRun.redact("jdbc:postgresql://h/db"));
    }

    @Test
    void readsTheImportReply() {
        ExampleImport.Result ok = ExampleImport.parse(200, "{\"accepted\":3,\"failed\":[]}");
        assertTrue(ok.ok());
        assertEquals(3, ok.accepted());
        assertEquals(List.of(), ok.failed());
        ExampleImport.Result bad = ExampleImport.parse(422,
                "{\"accepted\":0,\"failed\":[{\"line\":2,\"error\":\"bad port\"}]}");
        assertFalse(bad.ok());
        assertEquals(List.of("{\"line\":2,\"error\":\"bad port\"}"), bad.failed());
        assertTrue(bad.describe().startsWith("HTTP 422"));
        assertEquals(0, ExampleImport.parse(502, "<html>bad gateway</html>").accepted());
    }

    /** The minimum {@link AppfleetLocal#isRepoRoot} and the preflight look at: jars and the example manifests. */
    static void fakeCheckout(Path repo, boolean withJars) throws Exception {
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("services/local-run"));
        Files.writeString(repo.resolve("services/local-run/pom.xml"), "<project/>");
        Path manifests = repo.resolve("deploy/examples/deployments");
        Files.createDirectories(manifests);
        try (var files = Files.list(ServiceSpecTest.repoRoot().resolve("deploy/examples/deployments"))) {
            for (Path f : files.toList()) {
                Files.copy(f, manifests.resolve(f.getFileName()));
            }
        }
        if (withJars) {
            for (ServiceSpec s : ServiceSpec.KNOWN) {
                Path jar = s.jar(repo);
                Files.createDirectories(jar.getParent());
                Files.writeString(jar, "not really a jar");
            }
            Path sim = SimulatedFleetSteps.jar(repo);
            Files.createDirectories(sim.getParent());
            Files.writeString(sim, "not really a jar");
        }
    }
}
