package io.appfleet.fleetctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.appfleet.drivers.qga.AgentProcess;

/** {@code fleetctl qga --socket} against the real qemu-ga. */
class QgaCliIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run fleetctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Fleetctl.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void printsTypedResultsAndAgentErrors(@TempDir Path dir) throws Exception {
        try (AgentProcess agent = AgentProcess.start(dir, "guest-get-osinfo")) {
            String socket = "--socket=" + agent.socket;
            Run cpu = fleetctl("qga", socket, "guest-get-cpustats");
            assertThat(cpu.exit()).as(cpu.err()).isZero();
            JsonNode cpus = new ObjectMapper().readTree(cpu.out()).get("cpus");
            assertThat(cpus.size()).isPositive();
            assertThat(cpus.get(0).get("idle").asLong()).isPositive();

            Run blocked = fleetctl("qga", socket, "guest-get-osinfo");
            assertThat(blocked.exit()).as(blocked.err()).isZero();
            JsonNode error = new ObjectMapper().readTree(blocked.out()).get("error");
            assertThat(error.get("class").asText()).isIn("CommandNotFound", "CommandDisabled");
            assertThat(error.get("desc").asText()).contains("disabled");

            Run unknown = fleetctl("qga", socket, "guest-shutdown");
            assertThat(unknown.exit()).isEqualTo(1);
            assertThat(unknown.err()).contains("unknown command").contains("guest-info");
        }
        Run gone = fleetctl("qga", "--socket=" + dir.resolve("nothing.sock"), "guest-info");
        assertThat(gone.exit()).isEqualTo(1);
        assertThat(gone.err()).contains("no agent socket");
    }
}
