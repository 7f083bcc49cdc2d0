package io.appfleet.desired.it;

import static io.appfleet.desired.it.DeploymentApiIT.awaitTargets;
import static io.appfleet.desired.it.DeploymentApiIT.iosxe;
import static io.appfleet.desired.it.DeploymentApiIT.manifest;
import static io.appfleet.desired.it.DeploymentApiIT.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.appfleet.fleetctl.Fleetctl;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.appfleet.testsupport.TestAuth;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The operators' CLI, run in-process, against the real service (real broker, real database, inventory devices
 * published as inventory publishes them): what an operator types and what they read back. Devices and deployments
 * are this class's own ("fc-" ids, label it=fleetctl).
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class FleetctlIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL root;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void ready() {
        await().atMost(Duration.ofSeconds(60)).until(() -> raw("GET", "/q/health/ready", null).status() == 200);
    }

    private String server() {
        return "http://localhost:" + root.getPort();
    }

    private Run fleetctl(String token, String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--server", server(), "--token", token));
        return execute(Fleetctl.commandLine(), all);
    }

    private static Run execute(picocli.CommandLine commandLine, List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = commandLine.setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args.toArray(
                String[]::new));
        return new Run(exit, out.toString(), err.toString());
    }

    private Run operator(String... args) {
        return fleetctl(TestAuth.OPERATOR_TOKEN, args);
    }

    private Run viewer(String... args) {
        return fleetctl(TestAuth.VIEWER_TOKEN, args);
    }

    /** The cells of the table row whose first cell is {@code name} (columns are three or more spaces apart). */
    private static Optional<List<String>> row(String table, String name) {
        return table.lines().map(l -> List.of(l.split(" {3,}"))).filter(cells -> cells.get(0).equals(name))
                .findFirst();
    }

    @Test
    void applyDiffGetAndUndo(@TempDir Path dir) throws Exception {
        FleetTopics.publish(iosxe("fc-1", "fleetctl", Map.of()));
        FleetTopics.publish(iosxe("fc-2", "fleetctl", Map.of()));
        String v1 = manifest("fc-app", "fcapp", "{selector: {matchLabels: {it: fleetctl}}}",
                "    runOpts: [\"--v1\"]\n", "");
        awaitTargets(v1, 2);
        Path file = Files.writeString(dir.resolve("fc-app.yaml"), v1);

        Run created = operator("apply", "-f", file.toString());
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out().lines()).containsExactly("deployment/fc-app created (revision 1)");
        Run again = operator("apply", "-f", file.toString());
        assertThat(again.exit()).as(again.err()).isZero();
        assertThat(again.out().lines()).containsExactly("deployment/fc-app unchanged (revision 1)");

        // diff: the same manifest changes nothing (0); a changed one names each device with its steps (1).
        Run same = viewer("diff", "-f", file.toString());
        assertThat(same.exit()).as(same.out() + same.err()).isZero();
        assertThat(same.out().trim()).isEqualTo("deployment/fc-app: no changes (revision 1, 2 devices targeted)");
        Path v2 = Files.writeString(dir.resolve("v2.yaml"), v1.replace("--v1", "--v2"));
        Run changed = viewer("diff", "-f", v2.toString());
        assertThat(changed.exit()).as(changed.err()).isEqualTo(1);
        assertThat(changed.out()).startsWith("deployment/fc-app: would be updated to revision 2: 2 of 2 devices"
                + " targeted would change");
        assertThat(changed.out().lines()).anyMatch(l -> l.startsWith("  fc-1: fcapp changed (revision 1 to 2); steps: ")
                && l.contains("start fcapp"));
        assertThat(changed.out()).contains("  fc-2: fcapp changed (revision 1 to 2)");
        JsonNode diffJson = JSON.readTree(viewer("diff", "-f", v2.toString(), "-o", "json").out());
        assertThat(diffJson.path("devicesChanged").asInt()).isEqualTo(2);

        // A directory with a two-document file: one request per manifest, in order.
        Path apps = Files.createDirectories(dir.resolve("apps"));
        Files.writeString(apps.resolve("all.yaml"), v1.replace("--v1", "--v2") + "---\n"
                + manifest("fc-other", "fcother", "{devices: [fc-1]}", "", ""));
        Files.writeString(apps.resolve("notes.txt"), "not a manifest");
        Run dirApply = operator("apply", "-f", apps.toString());
        assertThat(dirApply.exit()).as(dirApply.err()).isZero();
        assertThat(dirApply.out().lines()).containsExactly("deployment/fc-app updated (revision 2)",
                "deployment/fc-other created (revision 1)");

        // get: every deployment in a table; one as the server's JSON or YAML.
        Run list = viewer("get", "deployments");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out().lines().findFirst()).hasValueSatisfying(header -> assertThat(List.of(header.split(
                " {3,}"))).containsExactly("NAME", "APP", "REVISION", "TARGETED", "APPLIED", "SUCCEEDED", "FAILED",
                        "ROLLOUT", "AGE"));
        List<String> fcApp = row(list.out(), "fc-app").orElseThrow(() -> new AssertionError(list.out()));
        assertThat(fcApp.subList(0, 4)).containsExactly("fc-app", "fcapp", "2", "2");
        assertThat(fcApp.get(8)).matches("\\d+s");
        assertThat(row(list.out(), "fc-other")).hasValueSatisfying(r -> assertThat(r.subList(0, 4))
                .containsExactly("fc-other", "fcother", "1", "1"));
        JsonNode one = JSON.readTree(viewer("get", "deployment", "fc-app", "-o", "json").out());
        assertThat(one.path("revision").asLong()).isEqualTo(2);
        assertThat(one.at("/manifest/spec/app/runOpts/0").asText()).isEqualTo("--v2");
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree(viewer("get", "deployment", "fc-app", "-o",
                "yaml").out());
        assertThat(yaml.path("name").asText()).isEqualTo("fc-app");
        Run missing = viewer("get", "deployment", "fc-nothing");
        assertThat(missing.exit()).isEqualTo(3);
        assertThat(missing.err().trim()).isEqualTo("fleetctl get deployments: 404 Not found: deployment 'fc-nothing'"
                + " does not exist (GET " + server() + "/api/v1/deployments/fc-nothing)");

        // undo: back to the revision before the current (1), as a new revision 3 equal to revision 1.
        Run undo = operator("rollout", "undo", "fc-app");
        assertThat(undo.exit()).as(undo.err()).isZero();
        assertThat(undo.out().trim()).isEqualTo("deployment/fc-app rolled back to revision 1 (now revision 3)");
        JsonNode current = JSON.readTree(viewer("get", "deployment", "fc-app", "-o", "json").out());
        JsonNode first = JSON.readTree(raw("GET", "/api/v1/deployments/fc-app/revisions/1", null).body());
        assertThat(current.path("revision").asLong()).isEqualTo(3);
        assertThat(current.path("manifest")).isEqualTo(first.path("manifest"));
        assertThat(current.at("/manifest/spec/app/runOpts/0").asText()).isEqualTo("--v1");
        // A second undo returns to where the first began.
        Run redo = operator("rollout", "undo", "fc-app");
        assertThat(redo.out().trim()).isEqualTo("deployment/fc-app rolled back to revision 2 (now revision 4)");
        Run explicit = operator("rollout", "undo", "fc-app", "--to-revision", "4");
        assertThat(explicit.exit()).as(explicit.err()).isZero();
        assertThat(explicit.out().trim()).isEqualTo(
                "deployment/fc-app unchanged: revision 4 is the current manifest (revision 4)");
        Run nothingBefore = operator("rollout", "undo", "fc-other");
        assertThat(nothingBefore.exit()).isEqualTo(3);
        assertThat(nothingBefore.err()).contains("deployment/fc-other has no revision before 1 to go back to");
    }

    @Test
    void refusalsAreOneLineWithTheServersReasonAndExit3(@TempDir Path dir) throws Exception {
        FleetTopics.publish(iosxe("fc-r1", "fleetctl-refusals", Map.of()));
        String good = manifest("fc-ref", "fcref", "{selector: {matchLabels: {it: fleetctl-refusals}}}", "", "");
        awaitTargets(good, 1);
        Path file = Files.writeString(dir.resolve("good.yaml"), good);

        Run viewerApply = viewer("apply", "-f", file.toString());
        assertThat(viewerApply.exit()).isEqualTo(3);
        assertThat(viewerApply.err()).startsWith("fleetctl apply: " + file + ": 403 Forbidden: 'it-viewer' (role viewer)"
                + " may not POST /api/v1/deployments").doesNotContain(TestAuth.VIEWER_TOKEN);
        assertThat(viewerApply.err().lines()).hasSize(1);
        assertThat(viewerApply.out()).isEmpty();

        Path bad = Files.writeString(dir.resolve("bad.yaml"), manifest("fc-bad", "Bad App", "{devices: [fc-r1]}",
                "    resources: {memoryMb: 1Gi}\n", ""));
        Run invalid = operator("apply", "-f", bad.toString());
        assertThat(invalid.exit()).isEqualTo(3);
        assertThat(invalid.err()).startsWith("fleetctl apply: " + bad + ": 400 Invalid manifest: ")
                .contains("spec.app.id: ").contains("spec.app.resources.memoryMb: ");
        assertThat(invalid.err().lines()).hasSize(1);
        Run invalidDiff = viewer("diff", "-f", bad.toString());
        assertThat(invalidDiff.exit()).isEqualTo(3);
        assertThat(invalidDiff.err()).contains("400 Invalid manifest").contains("spec.app.id: ");

        Run anonymous = execute(Fleetctl.commandLine(Map.of()), List.of("get", "deployments", "--server", server()));
        assertThat(anonymous.exit()).isEqualTo(3);
        assertThat(anonymous.err()).startsWith("fleetctl get deployments: 401 Unauthorized");
        Run wrong = fleetctl("aft_not-a-configured-token-0000000000000000000000", "get", "deployments");
        assertThat(wrong.exit()).isEqualTo(3);
        assertThat(wrong.err()).contains("401 Unauthorized").doesNotContain("aft_not-a-configured");

        // Nothing was applied by the refused calls.
        assertThat(raw("GET", "/api/v1/deployments/fc-ref", null).status()).isEqualTo(404);
        assertThat(raw("GET", "/api/v1/deployments/fc-bad", null).status()).isEqualTo(404);
    }

    /**
     * Rollout status and control against the service's rollout endpoints. Nothing reports devices healthy here,
     * so the rollout stays Progressing until the commands move it.
     */
    @Test
    void rolloutStatusAndControl(@TempDir Path dir) throws Exception {
        FleetTopics.publish(iosxe("fc-w1", "fleetctl-rollout", Map.of()));
        String m = manifest("fc-roll", "fcroll", "{selector: {matchLabels: {it: fleetctl-rollout}}}", "", "");
        awaitTargets(m, 1);
        Run applied = operator("apply", "-f", Files.writeString(dir.resolve("roll.yaml"), m).toString());
        assertThat(applied.exit()).as(applied.err()).isZero();

        Run unknown = viewer("rollout", "status", "fc-no-such-deployment");
        assertThat(unknown.exit()).isEqualTo(3);
        assertThat(unknown.err()).startsWith("fleetctl rollout status: 404 ").contains("fc-no-such-deployment");

        Run viewerPause = viewer("rollout", "pause", "fc-roll");
        assertThat(viewerPause.exit()).isEqualTo(3);
        assertThat(viewerPause.err()).contains("403 Forbidden").contains("may not POST /api/v1/deployments/fc-roll:pause");

        Run status = viewer("rollout", "status", "fc-roll");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out().lines().findFirst()).hasValueSatisfying(l -> assertThat(l)
                .startsWith("deployment/fc-roll revision 1: "));
        assertThat(status.out()).contains("devices: ");
        JsonNode rollout = JSON.readTree(viewer("rollout", "status", "fc-roll", "-o", "json").out());
        assertThat(rollout.path("deployment").asText()).isEqualTo("fc-roll");
        assertThat(rollout.path("revision").asLong()).isEqualTo(1);
        assertThat(rollout.path("state").asText()).isEqualTo("Progressing");
        Run pause = operator("rollout", "pause", "fc-roll");
        assertThat(pause.exit()).as(pause.err()).isZero();
        assertThat(pause.out().trim()).startsWith("deployment/fc-roll paused (revision 1: Paused");
        Run watch = viewer("rollout", "status", "fc-roll", "--watch");
        assertThat(watch.exit()).as("a paused rollout is settled, not succeeded").isEqualTo(1);
        Run resume = operator("rollout", "resume", "fc-roll");
        assertThat(resume.exit()).as(resume.err()).isZero();
        assertThat(resume.out().trim()).startsWith("deployment/fc-roll resumed (revision 1: Progressing");
        Run promote = operator("rollout", "promote", "fc-roll", "--full");
        assertThat(promote.exit()).as(promote.err()).isZero();
        Run abort = operator("rollout", "abort", "fc-roll");
        assertThat(abort.exit()).as(abort.err()).isZero();
        Run pauseAborted = operator("rollout", "pause", "fc-roll");
        assertThat(pauseAborted.exit()).as("pause of an aborted rollout").isEqualTo(3);
        assertThat(pauseAborted.err()).contains("409 Conflict").contains("it is Aborted");
    }
}
