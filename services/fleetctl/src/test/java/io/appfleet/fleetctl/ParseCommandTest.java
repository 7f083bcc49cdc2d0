package io.appfleet.fleetctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code fleetctl parse} on the real device outputs the drivers are tested with. */
class ParseCommandTest {

    private static final Path FIXTURES = Path.of("../drivers/src/test/resources/fixtures").toAbsolutePath().normalize();

    private record Run(int exit, String out, String err) {
    }

    private static Run fleetctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Fleetctl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTheAppListOfARealIosxeOutput() throws Exception {
        Run run = fleetctl("parse", "iosxe", "show app-hosting list",
                FIXTURES.resolve("iosxe-show-app-hosting-list-1.txt").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode apps = new ObjectMapper().readTree(run.out()).get("apps");
        assertThat(apps.isArray()).isTrue();
        assertThat(apps.size()).isPositive();
        assertThat(apps.get(0).get("appId").asText()).isNotBlank();
        assertThat(apps.get(0).get("state").asText()).isNotBlank();
    }

    @Test
    void printsIosxrStatsInBytes() throws Exception {
        Run run = fleetctl("parse", "iosxr", "show appmgr application name x stats",
                FIXTURES.resolve("iosxr-show-appmgr-application-stats-1.txt").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode stats = new ObjectMapper().readTree(run.out());
        assertThat(stats.get("memoryUsedBytes").asLong()).isPositive();
    }

    @Test
    void printsBothIosxr6DockerPsSessions() throws Exception {
        for (String[] f : new String[][] {{"iosxr-6x-docker-run-ps-1.txt", "495ec2ab0b20"},
                {"iosxr-6x-docker-run-ps-2.txt", "67b781a19b5a"}}) {
            Run run = fleetctl("parse", "iosxr", "docker ps", FIXTURES.resolve(f[0]).toString());
            assertThat(run.exit()).as(f[0] + ": " + run.err()).isZero();
            JsonNode containers = new ObjectMapper().readTree(run.out()).get("containers");
            assertThat(containers.size()).as(f[0]).isEqualTo(1);
            assertThat(containers.get(0).get("containerId").asText()).isEqualTo(f[1]);
            assertThat(containers.get(0).get("running").asBoolean()).isTrue();
            assertThat(containers.get(0).get("names").get(0).asText()).isEqualTo("ubuntu");
        }
    }

    @Test
    void printsAnAgentErrorReplyInTheAgentsShape(@TempDir Path dir) throws Exception {
        Path reply = dir.resolve("reply.json");
        Files.writeString(reply, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": \"The command guest-get-load has not been found\"}}");
        Run run = fleetctl("parse", "qga", "guest-get-load", reply.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode error = new ObjectMapper().readTree(run.out()).get("error");
        assertThat(error.get("class").asText()).isEqualTo("CommandNotFound");
        assertThat(error.get("desc").asText()).contains("guest-get-load");
    }

    @Test
    void garbageIsAnErrorNamingTheLineWithExitCode1(@TempDir Path dir) throws Exception {
        Path junk = dir.resolve("junk.txt");
        Files.writeString(junk, "sw1#show app-hosting list\n%%%% something else entirely\n\u0001\u0002\n",
                StandardCharsets.UTF_8);
        Run run = fleetctl("parse", "iosxe", "show app-hosting list", junk.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("fleetctl parse: ").contains("line");
    }

    @Test
    void unknownPlatformOrCommandOrFileIsAClearError(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("out.txt");
        Files.writeString(file, "No App found\n");
        assertThat(fleetctl("parse", "junos", "show version", file.toString()))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
                .satisfies(r -> assertThat(r.err()).contains("junos"));
        assertThat(fleetctl("parse", "iosxe", "show running-config", file.toString()))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
                .satisfies(r -> assertThat(r.err()).contains("show running-config"));
        assertThat(fleetctl("parse", "iosxe", "show app-hosting list", dir.resolve("missing.txt").toString()))
                .satisfies(r -> assertThat(r.exit()).isEqualTo(1))
                .satisfies(r -> assertThat(r.err()).contains("cannot read"));
        Run empty = fleetctl("parse", "iosxe", "show app-hosting list", file.toString());
        assertThat(empty.exit()).as(empty.err()).isZero();
        assertThat(empty.out()).contains("\"apps\" : [ ]");
    }
}
