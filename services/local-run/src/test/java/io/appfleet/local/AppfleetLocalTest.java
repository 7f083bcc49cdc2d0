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
                "--examples", "--http-port-base", "--services", "--exit-after-import")) {
            assertTrue(text.contains(option), option + " in:\n" + text);
        }
        assertTrue(text.contains("APPFLEET_PG_PASSWORD"));
        assertFalse(text.contains("hunter2"));
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

    /** The minimum {@link AppfleetLocal#isRepoRoot} and the preflight look at. */
    static void fakeCheckout(Path repo, boolean withInventoryJar) throws Exception {
        Files.writeString(repo.resolve("pom.xml"), "<project/>");
        Files.createDirectories(repo.resolve("services/local-run"));
        Files.writeString(repo.resolve("services/local-run/pom.xml"), "<project/>");
        if (withInventoryJar) {
            Path jar = repo.resolve("services/inventory/target/quarkus-app/quarkus-run.jar");
            Files.createDirectories(jar.getParent());
            Files.writeString(jar, "not really a jar");
        }
    }
}
