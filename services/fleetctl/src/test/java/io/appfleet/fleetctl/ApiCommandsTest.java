package io.appfleet.fleetctl;

import static io.appfleet.fleetctl.ContractServer.sample;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.appfleet.fleetctl.Cli.Run;
import io.appfleet.fleetctl.ContractServer.Request;

/** What the API commands send for their arguments, and what they print and exit with for the replies. */
class ApiCommandsTest {

    private static final String TOKEN = "aft_unit-test-token-0123456789abcdefghijklmnopq";
    private static final String YAML = "apiVersion: appfleet/v1\nkind: AppDeployment\nmetadata: {name: probe}\n";
    private static final String APPLIED = "{\"name\":\"probe\",\"revision\":1,\"outcome\":\"created\",\"status\":{},"
            + "\"published\":1,\"tombstones\":0}";

    private final ContractServer server = new ContractServer();
    private final Map<String, String> env = Map.of("APPFLEET_SERVER", server.url(), "APPFLEET_TOKEN", TOKEN);

    @AfterEach
    void stop() {
        server.close();
    }

    private Run fleetctl(String... args) {
        return Cli.run(env, args);
    }

    @Test
    void applySendsEachManifestInItsOwnMediaTypeWithTheToken(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), YAML);
        Files.writeString(dir.resolve("b.json"), "{\"metadata\": {\"name\": \"b\"}}");
        server.on("POST /api/v1/deployments", 201, APPLIED)
                .on("POST /api/v1/deployments", 200, APPLIED.replace("created", "unchanged").replace("probe", "b"));

        Run run = fleetctl("apply", "-f", dir.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines()).containsExactly("deployment/probe created (revision 1)",
                "deployment/b unchanged (revision 1)");
        List<Request> sent = server.requests();
        assertThat(sent).extracting(Request::body).containsExactly(YAML, "{\"metadata\": {\"name\": \"b\"}}");
        assertThat(sent).extracting(r -> r.header("Content-Type")).containsExactly("application/yaml",
                "application/json");
        assertThat(sent).extracting(r -> r.header("Authorization")).containsOnly("Bearer " + TOKEN);
    }

    @Test
    void applyReadsStdinAndPrintsTheServersJsonOrYaml() throws Exception {
        server.on("POST /api/v1/deployments", 201, APPLIED);
        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream(YAML.getBytes(StandardCharsets.UTF_8)));
            Run json = fleetctl("apply", "-f", "-", "-o", "json");
            assertThat(json.exit()).as(json.err()).isZero();
            assertThat(new ObjectMapper().readTree(json.out())).isEqualTo(new ObjectMapper().readTree(APPLIED));
            System.setIn(new ByteArrayInputStream(YAML.getBytes(StandardCharsets.UTF_8)));
            Run yaml = fleetctl("apply", "-f", "-", "-o", "YAML");
            assertThat(yaml.out()).startsWith("---\nname: probe\nrevision: 1\noutcome: created\n");
        } finally {
            System.setIn(stdin);
        }
        assertThat(server.requests()).extracting(Request::body).containsOnly(YAML);
    }

    @Test
    void aRefusedManifestIsOneLineOnStderrExit3AndTheOthersStillApply(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("a-bad.yaml"), YAML.replace("probe", "Bad"));
        Files.writeString(dir.resolve("b-good.yaml"), YAML);
        server.on("POST /api/v1/deployments", 400, "{\"type\":\"about:blank\",\"title\":\"Invalid manifest\","
                + "\"status\":400,\"detail\":\"metadata.name: must be lower case\",\"errors\":[{\"field\":"
                + "\"metadata.name\",\"message\":\"must be lower case\"}]}")
                .on("POST /api/v1/deployments", 201, APPLIED);

        Run run = fleetctl("apply", "-f", dir.toString());
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).isEqualTo("fleetctl apply: " + bad + ": 400 Invalid manifest: metadata.name: must be lower"
                + " case" + System.lineSeparator());
        assertThat(run.out().lines()).containsExactly("deployment/probe created (revision 1)");
    }

    @Test
    void aViewersApplyIs403WithTheServersReasonAndTheTokenIsNeverPrinted(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), YAML);
        server.on("POST /api/v1/deployments", 403, "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,"
                + "\"detail\":\"'ci' (role viewer) may not POST /api/v1/deployments: reads need the viewer role,"
                + " writes and rollout control the operator role\"}");
        Run run = fleetctl("apply", "-f", file.toString(), "--token", TOKEN);
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).startsWith("fleetctl apply: " + file + ": 403 Forbidden: 'ci' (role viewer) may not POST");
        assertThat(run.out() + run.err()).doesNotContain(TOKEN).doesNotContain("aft_");
    }

    @Test
    void serverFailuresAndAnUnreachableServerExit4NamingTheUrl(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), YAML);
        server.on("POST /api/v1/deployments", 503, "{\"title\":\"Service Unavailable\",\"status\":503,"
                + "\"detail\":\"still reading fleet.inventory.v1\"}");
        Run busy = fleetctl("apply", "-f", file.toString());
        assertThat(busy.exit()).isEqualTo(4);
        assertThat(busy.err()).contains("503 Service Unavailable: still reading fleet.inventory.v1 (POST " + server.url()
                + "/api/v1/deployments)");

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        String down = "http://127.0.0.1:" + closed;
        Run unreachable = fleetctl("apply", "-f", file.toString(), "-f", file.toString(), "--server", down);
        assertThat(unreachable.exit()).isEqualTo(4);
        assertThat(unreachable.err().lines()).as("no second attempt at an unreachable server").hasSize(1);
        assertThat(unreachable.err()).contains("cannot connect to " + down);
        Run get = fleetctl("get", "deployments", "--server", down + "/");
        assertThat(get.exit()).isEqualTo(4);
        assertThat(get.err()).startsWith("fleetctl get deployments: cannot connect to " + down + ":");
    }

    @Test
    void diffExits1WhenAManifestWouldChangeSomethingAnd0WhenNothing(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), YAML);
        server.on("POST /api/v1/deployments:diff", 200, sample("diff-unchanged.json"))
                .on("POST /api/v1/deployments:diff", 200, sample("diff-updated.json"));
        Run same = fleetctl("diff", "-f", file.toString());
        assertThat(same.exit()).as(same.err()).isZero();
        assertThat(same.out()).contains("no changes");
        Run changed = fleetctl("diff", "-f", file.toString());
        assertThat(changed.exit()).isEqualTo(1);
        assertThat(changed.out()).contains("  dr-1: dryer changed").contains("dr-2 refused (Unschedulable)");
        Run json = fleetctl("diff", "-f", file.toString(), "-o", "json");
        assertThat(json.exit()).isEqualTo(1);
        assertThat(new ObjectMapper().readTree(json.out()).path("devicesChanged").asInt()).isEqualTo(2);
        assertThat(server.requests()).extracting(r -> r.header("Content-Type")).containsOnly("application/yaml");
    }

    @Test
    void aRefusedDiffExits3NotTheDiffsCodes(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), YAML);
        server.on("POST /api/v1/deployments:diff", 400, "{\"title\":\"Invalid manifest\",\"status\":400,"
                + "\"errors\":[{\"field\":\"spec.app.id\",\"message\":\"must be lower case\"}]}");
        Run bad = fleetctl("diff", "-f", file.toString());
        assertThat(bad.exit()).isEqualTo(3);
        assertThat(bad.err()).isEqualTo("fleetctl diff: " + file + ": 400 Invalid manifest: spec.app.id: must be lower"
                + " case" + System.lineSeparator());
        assertThat(bad.out()).isEmpty();
    }

    @Test
    void getDeploymentsReadsEveryPageEvenWhenTheServerCapsThePageSize() throws Exception {
        String item = "{\"name\":\"d%d\",\"appId\":\"a%d\",\"revision\":%d,\"createdAt\":\"2025-05-01T10:00:00Z\","
                + "\"status\":{\"targeted\":1,\"applied\":1,\"succeeded\":null,\"failed\":null}}";
        for (int page = 0; page < 3; page++) {
            StringBuilder items = new StringBuilder();
            for (int i = page * 2; i < Math.min(page * 2 + 2, 5); i++) {
                items.append(items.length() == 0 ? "" : ",").append(String.format(item, i, i, i + 1));
            }
            server.on("GET /api/v1/deployments?page=" + page + "&size=1000", 200, "{\"items\":[" + items + "],"
                    + "\"page\":" + page + ",\"size\":2,\"total\":5}");
        }
        Run table = fleetctl("get", "deployments");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out().lines()).hasSize(6).first().asString().startsWith("NAME   APP   REVISION   TARGETED");
        assertThat(table.out().lines().skip(1).map(l -> l.split(" +")[0])).containsExactly("d0", "d1", "d2", "d3",
                "d4");
        assertThat(server.requests()).hasSize(3);

        Run json = fleetctl("get", "deployment", "-o", "json");
        var list = new ObjectMapper().readTree(json.out());
        assertThat(list.path("items").size()).isEqualTo(5);
        assertThat(list.path("total").asInt()).isEqualTo(5);
    }

    @Test
    void getOneDeploymentByName() throws Exception {
        server.on("GET /api/v1/deployments/acc-probe", 200, new ObjectMapper().readTree(sample("deployments-page.json"))
                .path("items").get(0).toString());
        server.on("GET /api/v1/deployments/nope", 404, "{\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"no deployment 'nope'\"}");
        Run one = fleetctl("get", "deployment", "acc-probe");
        assertThat(one.exit()).as(one.err()).isZero();
        assertThat(one.out().lines()).hasSize(2);
        assertThat(one.out()).contains("Progressing wave 2/3");
        Run none = fleetctl("get", "deployments", "nope");
        assertThat(none.exit()).isEqualTo(3);
        assertThat(none.err()).isEqualTo("fleetctl get deployments: 404 Not Found: no deployment 'nope' (GET "
                + server.url() + "/api/v1/deployments/nope)" + System.lineSeparator());
    }

    @Test
    void rolloutActionsPostTheActionAndPrintTheRollout() {
        server.on("POST /api/v1/deployments/acc-probe:pause", 200, sample("rollout-paused.json"))
                .on("POST /api/v1/deployments/acc-probe:promote?full=true", 200, sample("rollout-succeeded.json"))
                .on("POST /api/v1/deployments/acc-probe:promote", 200, sample("rollout-progressing.json"))
                .on("POST /api/v1/deployments/acc-probe:abort", 200, sample("rollout-paused.json")
                        .replace("\"Paused\"", "\"Aborted\""))
                .on("POST /api/v1/deployments/acc-probe:resume", 409, "{\"title\":\"Conflict\",\"status\":409,"
                        + "\"detail\":\"the rollout of revision 3 is Succeeded: there is nothing to resume\"}");
        assertThat(fleetctl("rollout", "pause", "acc-probe").out().trim())
                .isEqualTo("deployment/acc-probe paused (revision 3: Paused wave 2/3)");
        assertThat(fleetctl("rollout", "promote", "acc-probe", "--full").out().trim())
                .isEqualTo("deployment/acc-probe promoted to all waves (revision 3: Succeeded wave 3/3)");
        assertThat(fleetctl("rollout", "promote", "acc-probe").out().trim())
                .isEqualTo("deployment/acc-probe promoted (revision 3: Progressing wave 2/3)");
        assertThat(fleetctl("rollout", "abort", "acc-probe").out().trim())
                .isEqualTo("deployment/acc-probe aborted (revision 3: Aborted wave 2/3)");
        Run resume = fleetctl("rollout", "resume", "acc-probe");
        assertThat(resume.exit()).isEqualTo(3);
        assertThat(resume.err()).isEqualTo("fleetctl rollout resume: 409 Conflict: the rollout of revision 3 is"
                + " Succeeded: there is nothing to resume" + System.lineSeparator());
        assertThat(server.requests()).extracting(Request::body).containsOnly("");
    }

    @Test
    void rolloutStatusAndWatch() {
        server.on("GET /api/v1/deployments/acc-probe/rollout", 200, sample("rollout-progressing.json"));
        Run once = fleetctl("rollout", "status", "acc-probe");
        assertThat(once.exit()).as(once.err()).isZero();
        assertThat(once.out()).contains("WAVE").contains("EVENTS");

        String progressing = sample("rollout-progressing.json");
        server.on("GET /api/v1/deployments/w1/rollout", 200, progressing)
                .on("GET /api/v1/deployments/w1/rollout", 200, progressing)
                .on("GET /api/v1/deployments/w1/rollout", 200, progressing.replace("\"pending\": 6", "\"pending\": 5"))
                .on("GET /api/v1/deployments/w1/rollout", 503, "{\"title\":\"Service Unavailable\",\"status\":503}")
                .on("GET /api/v1/deployments/w1/rollout", 200, sample("rollout-succeeded.json"));
        Run ok = fleetctl("rollout", "status", "w1", "--watch", "--interval", "PT0.01S");
        assertThat(ok.exit()).as(ok.err()).isZero();
        List<String> lines = ok.out().lines().toList();
        assertThat(lines.get(0)).endsWith("2 progressing, 6 pending");
        assertThat(lines.get(1)).as("unchanged progress is not repeated").endsWith("2 progressing, 5 pending");
        assertThat(lines.get(2)).startsWith("deployment/acc-probe revision 3: Succeeded wave 3/3");
        assertThat(ok.err()).contains("503 Service Unavailable").contains("(retrying)");

        server.on("GET /api/v1/deployments/w2/rollout", 200, progressing)
                .on("GET /api/v1/deployments/w2/rollout", 200, sample("rollout-paused.json"));
        Run paused = fleetctl("rollout", "status", "w2", "-w", "--interval", "PT0.01S", "-o", "json");
        assertThat(paused.exit()).isEqualTo(1);
        assertThat(paused.out()).as("json prints the settled rollout only").contains("\"Paused\"")
                .doesNotContain("Progressing");

        server.on("GET /api/v1/deployments/w3/rollout", 200, progressing);
        Run timeout = fleetctl("rollout", "status", "w3", "-w", "--interval", "PT0.01S", "--timeout", "PT0.1S");
        assertThat(timeout.exit()).isEqualTo(1);
        assertThat(timeout.err()).contains("timed out").contains("it is Progressing");

        server.on("GET /api/v1/deployments/gone/rollout", 404, "{\"title\":\"Not Found\",\"status\":404,"
                + "\"detail\":\"deployment 'gone' has never rolled out\"}");
        Run gone = fleetctl("rollout", "status", "gone", "--watch");
        assertThat(gone.exit()).isEqualTo(3);
        assertThat(gone.err()).contains("404 Not Found: deployment 'gone' has never rolled out");
    }

    @Test
    void undoRollsBackToThePreviousRevisionOrTheOneAskedFor() {
        server.on("GET /api/v1/deployments/rb/revisions", 200, sample("revisions.json"))
                .on("POST /api/v1/deployments/rb:rollback?revision=4", 200, "{\"name\":\"rb\",\"revision\":7,"
                        + "\"outcome\":\"updated\",\"published\":1,\"tombstones\":0}")
                .on("POST /api/v1/deployments/rb:rollback?revision=1", 200, "{\"name\":\"rb\",\"revision\":7,"
                        + "\"outcome\":\"updated\",\"published\":1,\"tombstones\":0}")
                .on("GET /api/v1/deployments/one/revisions", 200, "[{\"revision\":1,\"action\":\"apply\"}]");
        Run undo = fleetctl("rollout", "undo", "rb");
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(undo.out().trim()).isEqualTo("deployment/rb rolled back to revision 4 (now revision 7)");
        Run to = fleetctl("rollout", "undo", "rb", "--to-revision", "1");
        assertThat(to.out().trim()).isEqualTo("deployment/rb rolled back to revision 1 (now revision 7)");
        assertThat(server.requests()).extracting(r -> r.method() + " " + r.target()).containsExactly(
                "GET /api/v1/deployments/rb/revisions", "POST /api/v1/deployments/rb:rollback?revision=4",
                "POST /api/v1/deployments/rb:rollback?revision=1");

        Run nothing = fleetctl("rollout", "undo", "one");
        assertThat(nothing.exit()).isEqualTo(3);
        assertThat(nothing.err()).contains("deployment/one has no revision before 1 to go back to");
        Run zero = fleetctl("rollout", "undo", "rb", "--to-revision", "0");
        assertThat(zero.exit()).isEqualTo(2);
        assertThat(zero.err()).contains("--to-revision must be 1 or more");
    }

    @Test
    void serverAndTokenComeFromOptionsThenEnvironmentThenDefaults(@TempDir Path dir) throws Exception {
        server.on("GET /api/v1/deployments?page=0&size=1000", 200, "{\"items\":[],\"page\":0,\"size\":1000,\"total\":0}");
        Path tokenFile = Files.writeString(dir.resolve("token"), "Bearer " + TOKEN + "-from-file\n");
        assertThat(Cli.run(Map.of(), "get", "deployments", "--server", server.url(), "--token-file",
                tokenFile.toString()).exit()).isZero();
        Run none = Cli.run(Map.of("APPFLEET_SERVER", server.url()), "get", "deployments");
        assertThat(none.exit()).isZero();
        assertThat(none.err()).contains("No deployments.");
        assertThat(fleetctl("get", "deployments", "--token", "other-token").exit()).isZero();
        assertThat(server.requests()).extracting(r -> r.header("Authorization")).containsExactly(
                "Bearer " + TOKEN + "-from-file", null, "Bearer other-token");

    }

    @Test
    void theServerDefaultsToTheEnvironmentThenTheLocalRun() throws Exception {
        assertThat(serverOf(Map.of())).isEqualTo("http://127.0.0.1:8082");
        assertThat(serverOf(Map.of("APPFLEET_SERVER", " "))).isEqualTo("http://127.0.0.1:8082");
        assertThat(serverOf(Map.of("APPFLEET_SERVER", "https://fleet.example.net/appfleet/")))
                .isEqualTo("https://fleet.example.net/appfleet/");
        assertThat(serverOf(Map.of("APPFLEET_SERVER", "https://fleet.example.net"), "--server", "http://[::1]:9000"))
                .isEqualTo("http://[::1]:9000");
    }

    private static String serverOf(Map<String, String> env, String... options) throws Exception {
        var commandLine = Fleetctl.commandLine(env);
        String[] args = new String[options.length + 2];
        args[0] = "get";
        args[1] = "deployments";
        System.arraycopy(options, 0, args, 2, options.length);
        var parsed = commandLine.parseArgs(args);
        GetCommand.Deployments get = parsed.subcommand().subcommand().commandSpec().commandLine().getCommand();
        return get.api.serverUrl();
    }

    @Test
    void badOptionsAreUsageErrorsAndSendNothing(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a.yaml"), YAML);
        Run both = fleetctl("apply", "-f", file.toString(), "--token", "x", "--token-file", file.toString());
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("fleetctl apply: give --token or --token-file, not both"
                + System.lineSeparator());
        Run badUrl = fleetctl("get", "deployments", "--server", "localhost:8082");
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--server 'localhost:8082' is not an http:// or https:// URL");
        Run badEnv = Cli.run(Map.of("APPFLEET_SERVER", "ftp://x"), "get", "deployments");
        assertThat(badEnv.err()).contains("$APPFLEET_SERVER 'ftp://x' is not");
        Run spaces = fleetctl("get", "deployments", "--token", "two words");
        assertThat(spaces.exit()).isEqualTo(2);
        assertThat(spaces.err()).contains("--token is not a bearer token").doesNotContain("two words");
        Run noFileToken = fleetctl("get", "deployments", "--token-file", dir.resolve("missing").toString());
        assertThat(noFileToken.err()).contains("no token file");
        Run missing = fleetctl("apply", "-f", dir.resolve("missing.yaml").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("no such file or directory");
        Run noF = fleetctl("apply");
        assertThat(noF.exit()).isEqualTo(2);
        assertThat(noF.err()).contains("Missing required option");
        Run badOutput = fleetctl("get", "deployments", "-o", "xml");
        assertThat(badOutput.exit()).isEqualTo(2);
        assertThat(badOutput.err()).contains("xml");
        Run noSubcommand = fleetctl("rollout");
        assertThat(noSubcommand.exit()).isEqualTo(2);
        Run noName = fleetctl("rollout", "status");
        assertThat(noName.exit()).isEqualTo(2);
        assertThat(server.requests()).isEmpty();
    }
}
