package io.appfleet.drivers.qga;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static io.appfleet.drivers.qga.FakeAgent.MARKER;
import static io.appfleet.drivers.qga.FakeAgent.bytes;
import static io.appfleet.drivers.qga.FakeAgent.concat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** Framing and resync against a scripted agent over in-memory streams. */
class QgaClientTest {

    private static final String CPU_REPLY = "{\"return\": [{\"cpu\": 0, \"type\": \"linux\", \"user\": 2048280, "
            + "\"nice\": 0, \"system\": 210650, \"idle\": 1039550}]}\n";
    private static final Duration SHORT = Duration.ofMillis(300);

    private final AtomicLong ids = new AtomicLong(1000);
    private QgaClient client;

    @AfterEach
    void close() {
        if (client != null) {
            client.close();
        }
    }

    private QgaClient clientFor(FakeAgent agent) {
        client = new QgaClient(agent, QgaClientOptions.defaults().withTimeouts(SHORT, SHORT).withSyncIds(ids::incrementAndGet));
        return client;
    }

    /** Syncs well, answers cpustats with {@code cpu}, anything else with {@code other}. */
    private static Function<JsonNode, List<byte[]>> agent(List<byte[]> cpu, List<byte[]> other) {
        return r -> FakeAgent.isSync(r) ? FakeAgent.goodSync(r)
                : "guest-get-cpustats".equals(FakeAgent.command(r)) ? cpu : other;
    }

    @Test
    void syncSendsMarkerFirstAndSkipsTheAgentsParseError() throws Exception {
        FakeAgent agent = new FakeAgent(agent(List.of(bytes(CPU_REPLY)), List.of()));
        CpuStats stats = clientFor(agent).cpuStats().orElseThrow();

        assertThat(stats.cpus()).singleElement().satisfies(c -> {
            assertThat(c.idle()).isEqualTo(1039550L);
            assertThat(c.iowait()).as("omitted by the guest").isNull();
        });
        assertThat(agent.markersReceived.get()).isEqualTo(1);
        assertThat(agent.requests.get(0).at("/arguments/id").asLong()).isEqualTo(1001);
    }

    @Test
    void replySplitAcrossReadsIsReassembled() throws Exception {
        FakeAgent agent = new FakeAgent(agent(List.of(bytes("{\"return\": [{\"cpu\": 0, \"us"), bytes("er\": 20"),
                bytes("48280, \"idle\": 5}]"), bytes("}\n")), List.of()));
        assertThat(clientFor(agent).cpuStats().orElseThrow().cpus().get(0).user()).isEqualTo(2048280L);
    }

    @Test
    void wholeSyncAnswerInOneReadIsHandled() throws Exception {
        // Parse error, marker and sync reply arrive in a single read.
        FakeAgent agent = new FakeAgent(r -> FakeAgent.isSync(r)
                ? List.of(concat(FakeAgent.PARSE_ERROR, MARKER, bytes("{\"return\": " + r.at("/arguments/id") + "}")))
                : List.of(bytes(CPU_REPLY)));
        QgaClient c = clientFor(agent);
        assertThat(c.cpuStats().orElseThrow().cpus()).hasSize(1);
        assertThat(c.cpuStats().orElseThrow().cpus()).hasSize(1);
        assertThat(agent.syncs()).isEqualTo(1);
    }

    @Test
    void staleSyncReplyWithAnotherIdAndGarbageAreDiscarded() throws Exception {
        FakeAgent agent = new FakeAgent(r -> FakeAgent.isSync(r)
                ? List.of(bytes("login: garbage\n{\"return\": {}}"), concat(MARKER, bytes("{\"return\": 42}")),
                        FakeAgent.PARSE_ERROR, concat(MARKER, bytes("{\"return\": " + r.at("/arguments/id") + "}\n")))
                : List.of(bytes(CPU_REPLY)));
        assertThat(clientFor(agent).cpuStats().orElseThrow().cpus()).hasSize(1);
    }

    @Test
    void peerThatNeverAnswersTimesOutWithoutHanging() {
        FakeAgent agent = new FakeAgent(r -> List.of());
        QgaClient c = clientFor(agent);
        long start = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(c::cpuStats).isInstanceOf(QgaTimeoutException.class)
                        .hasMessageContaining("guest-sync-delimited"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(c.isConnected()).as("a stream that does not sync is closed").isFalse();
    }

    @Test
    void commandWithoutReplyTimesOutAndTheNextCommandResyncs() throws Exception {
        FakeAgent agent = new FakeAgent(agent(List.of(), List.of()));
        QgaClient c = clientFor(agent);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(c::cpuStats).isInstanceOf(QgaTimeoutException.class)
                        .hasMessageContaining("guest-get-cpustats"));

        // The reply arrives late; after the resync it must not be taken for the next command's reply.
        agent.pushUnasked(bytes("{\"return\": [{\"cpu\": 99, \"idle\": 1}]}\n"));
        agent.handler(agent(List.of(bytes(CPU_REPLY)), List.of()));
        assertThat(c.cpuStats().orElseThrow().cpus().get(0).cpu()).isEqualTo(0);
        assertThat(agent.syncs()).isEqualTo(2);
        assertThat(agent.opens.get()).isEqualTo(1);
    }

    @Test
    void truncatedReplyTimesOutAndTheSyncMarkerRecovers() throws Exception {
        FakeAgent agent = new FakeAgent(agent(List.of(bytes("{\"return\": [{\"cpu\": 0, \"us")), List.of()));
        QgaClient c = clientFor(agent);
        assertThatThrownBy(c::cpuStats).isInstanceOf(QgaTimeoutException.class);

        agent.handler(agent(List.of(bytes(CPU_REPLY)), List.of()));
        assertThat(c.cpuStats().orElseThrow().cpus().get(0).user()).isEqualTo(2048280L);
        assertThat(agent.opens.get()).isEqualTo(1);
    }

    @Test
    void unreadableReplyIsAProtocolErrorAndTheSessionRecovers() throws Exception {
        FakeAgent agent = new FakeAgent(agent(List.of(bytes("{this is not json}\n")), List.of()));
        QgaClient c = clientFor(agent);
        assertThatThrownBy(c::cpuStats).isInstanceOf(QgaProtocolException.class).hasMessageContaining("not json");

        agent.handler(agent(List.of(bytes(CPU_REPLY)), List.of()));
        assertThat(c.cpuStats().orElseThrow().cpus()).hasSize(1);
        assertThat(agent.syncs()).isEqualTo(2);
    }

    @Test
    void agentErrorsAreResultsAndTheConnectionStaysUsable() throws Exception {
        FakeAgent agent = new FakeAgent(r -> {
            if (FakeAgent.isSync(r)) {
                return FakeAgent.goodSync(r);
            }
            return switch (FakeAgent.command(r)) {
                case "guest-get-load" -> List.of(bytes("{\"error\": {\"class\": \"CommandNotFound\", "
                        + "\"desc\": \"The command guest-get-load has not been found\"}}\n"));
                case "guest-get-osinfo" -> List.of(bytes("{\"error\": {\"class\": \"CommandDisabled\", \"desc\": "
                        + "\"The command guest-get-osinfo has been disabled for this instance\", "
                        + "\"data\": {\"name\": \"guest-get-osinfo\"}}}\n"));
                case "guest-get-diskstats" -> List.of(bytes("{\"error\": {\"class\": \"GenericError\", "
                        + "\"desc\": \"open(\\\"/proc/diskstats\\\"): No such file\"}}\n"));
                default -> List.of(bytes(CPU_REPLY));
            };
        });
        QgaClient c = clientFor(agent);

        QgaResult<GuestLoad> load = c.load();
        assertThat(load).isEqualTo(new QgaResult.Unsupported<GuestLoad>("guest-get-load", "CommandNotFound",
                "The command guest-get-load has not been found"));
        assertThat(c.osInfo()).isInstanceOfSatisfying(QgaResult.Unsupported.class,
                u -> assertThat(u.errorClass()).isEqualTo("CommandDisabled"));
        QgaResult<DiskStats> disks = c.diskStats();
        assertThat(disks).isInstanceOf(QgaResult.Failed.class);
        assertThatThrownBy(disks::orElseThrow).isInstanceOfSatisfying(QgaCommandException.class,
                e -> assertThat(e.error().errorClass()).isEqualTo("GenericError"));
        assertThat(c.cpuStats().value()).isPresent();
        assertThat(agent.opens.get()).isEqualTo(1);
        assertThat(agent.syncs()).isEqualTo(1);
    }

    @Test
    void wrongShapeIsAProtocolErrorButNeedsNoResync() throws Exception {
        FakeAgent agent = new FakeAgent(agent(List.of(bytes("{\"return\": {\"cpu\": 0}}")), List.of()));
        QgaClient c = clientFor(agent);
        assertThatThrownBy(c::cpuStats).isInstanceOf(QgaProtocolException.class).hasMessageContaining("array");
        assertThat(c.isConnected()).isTrue();
    }

    @Test
    void agentThatWentAwayIsReconnectedTransparently() throws Exception {
        FakeAgent agent = new FakeAgent(agent(List.of(bytes(CPU_REPLY)), List.of()));
        QgaClient c = clientFor(agent);
        c.cpuStats().orElseThrow();

        agent.hangUp();
        assertThat(c.cpuStats().value()).isPresent();
        assertThat(agent.opens.get()).isEqualTo(2);
        assertThat(agent.syncs()).isEqualTo(2);
    }

    @Test
    void failedFirstConnectIsReportedAsConnectionError() {
        QgaTransport nowhere = new QgaTransport() {
            @Override
            public QgaConnection open() throws java.io.IOException {
                throw new java.io.IOException("No such file or directory");
            }

            @Override
            public String describe() {
                return "unix:/nonexistent";
            }
        };
        client = new QgaClient(nowhere);
        assertThatThrownBy(client::info).isInstanceOf(QgaConnectionException.class)
                .hasMessageContaining("unix:/nonexistent");
    }
}
