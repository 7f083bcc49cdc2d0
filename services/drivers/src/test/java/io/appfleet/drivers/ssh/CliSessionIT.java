package io.appfleet.drivers.ssh;

import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceException.Reason;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.DeviceTarget.Login;
import org.apache.sshd.client.SshClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CliSessionIT {

    private static final String PASSWORD = "s3cr3t-Pa55word!";
    private static SshClient client;
    private ScriptedShellServer peer;

    @BeforeAll
    static void startClient() {
        client = SshClients.startShared();
    }

    @AfterAll
    static void stopClient() {
        client.stop();
    }

    @BeforeEach
    void startPeer() throws Exception {
        peer = new ScriptedShellServer("admin", PASSWORD);
        peer.responder = line -> switch (line) {
            case "show clock" -> "*10:00:00.000 UTC Mon Nov 23 2026";
            case "show two" -> "line one\nline two";
            default -> "";
        };
    }

    @AfterEach
    void stopPeer() throws Exception {
        peer.close();
    }

    private DeviceTarget target(String password, String pin) {
        return new DeviceTarget("dev1", "127.0.0.1", peer.port(), "17.15.4", new Login("admin", password), pin,
                Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void logsInTurnsPagingOffAndStripsEchoAndPrompt() throws Exception {
        try (CliSession s = CliSession.open(client, target(PASSWORD, null))) {
            assertThat(s.hostname()).isEqualTo("sw1");
            assertThat(peer.received).containsExactly("terminal length 0");
            assertThat(s.command("show clock")).isEqualTo("*10:00:00.000 UTC Mon Nov 23 2026");
            assertThat(s.command("show two")).isEqualTo("line one\nline two");
            assertThat(s.command("show nothing")).isEmpty();
            assertThat(s.isOpen()).isTrue();
        }
    }

    @Test
    void followsConfigurationModePrompts() throws Exception {
        peer.responder = line -> line.equals("bad line") ? "% Invalid input detected at '^' marker." : "";
        try (CliSession s = CliSession.open(client, target(PASSWORD, null))) {
            assertThat(s.command("configure terminal")).isEmpty();
            assertThat(s.command("app-hosting appid iperf")).isEmpty();
            assertThat(s.command("bad line")).isEqualTo("% Invalid input detected at '^' marker.");
            assertThat(s.command("exit")).isEmpty();
            assertThat(s.command("end")).isEmpty();
            assertThat(peer.received).containsExactly("terminal length 0", "configure terminal",
                    "app-hosting appid iperf", "bad line", "exit", "end");
        }
    }

    @Test
    void readsIosXrPrompt() throws Exception {
        peer.promptPrefix = "RP/0/RP0/CPU0:";
        peer.hostname = "xr-1";
        try (CliSession s = CliSession.open(client, target(PASSWORD, null))) {
            assertThat(s.hostname()).isEqualTo("xr-1");
            assertThat(s.command("show two")).isEqualTo("line one\nline two");
        }
    }

    @Test
    void answersMoreWhenTheDevicePagesAnyway() throws Exception {
        String longReply = IntStream.rangeClosed(1, 65).mapToObj(i -> "row " + i).collect(Collectors.joining("\n"));
        peer.responder = line -> line.equals("show long") ? longReply : "";
        peer.pageAlways = true;
        try (CliSession s = CliSession.open(client, target(PASSWORD, null))) {
            assertThat(s.command("show long")).isEqualTo(longReply);
            assertThat(s.command("show nothing")).isEmpty();
        }
    }

    @Test
    void answersEachQuestionOnceAndOnlyWhenItEndsTheOutput() throws Exception {
        PromptAnswer destination = PromptAnswer.enter("Destination filename \\[[^\\]\r\n]*\\]\\?");
        peer.questions = line -> line.startsWith("copy ")
                ? List.of("Destination filename [x.tar]? ",
                        "%Warning:There is a file already existing with this name\r\nDo you want to over write? [confirm]")
                : List.of();
        peer.responder = line -> line.startsWith("copy ") ? "Accessing http://h/x.tar...\n10 bytes copied in 0.1 secs (100 bytes/sec)"
                : line.equals("show confirm") ? "the word [confirm] inside a line is not a question" : "";
        try (CliSession s = CliSession.open(client, target(PASSWORD, null))) {
            String reply = s.command("copy http://h/x.tar usbflash0:x.tar", Duration.ofSeconds(5),
                    List.of(destination, PromptAnswer.CONFIRM));
            assertThat(peer.answers).containsExactly("", "");
            assertThat(reply).contains("Destination filename [x.tar]?", "over write? [confirm]")
                    .endsWith("10 bytes copied in 0.1 secs (100 bytes/sec)");
            assertThat(s.command("show confirm", Duration.ofSeconds(5), List.of(PromptAnswer.CONFIRM)))
                    .isEqualTo("the word [confirm] inside a line is not a question");
            assertThat(peer.answers).hasSize(2);
            assertThat(s.isOpen()).isTrue();
        }
    }

    @Test
    void anUnansweredQuestionTimesOut() throws Exception {
        peer.questions = line -> line.equals("delete x") ? List.of("Delete filename [x]? ") : List.of();
        CliSession s = CliSession.open(client, target(PASSWORD, null));
        DeviceException e = catchThrowableOfType(DeviceException.class,
                () -> s.command("delete x", Duration.ofMillis(300), List.of(PromptAnswer.CONFIRM)));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(s.isOpen()).isFalse();
    }

    @Test
    void stalledCommandTimesOutAndClosesTheSession() throws Exception {
        peer.stallOn = "show stall";
        CliSession s = CliSession.open(client, target(PASSWORD, null));
        long t0 = System.nanoTime();
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> s.command("show stall", Duration.ofMillis(300)));
        assertThat(e.reason()).isEqualTo(Reason.TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        assertThat(s.isOpen()).isFalse();
        DeviceException again = catchThrowableOfType(DeviceException.class, () -> s.command("show clock"));
        assertThat(again.reason()).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void droppedSessionIsDetected() throws Exception {
        peer.dropOn = "show drop";
        CliSession s = CliSession.open(client, target(PASSWORD, null));
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> s.command("show drop"));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
        assertThat(e.getMessage()).contains("dropped");
        assertThat(s.isOpen()).isFalse();
    }

    @Test
    void userExecPromptIsRefused() {
        peer.promptChar = '>';
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> CliSession.open(client, target(PASSWORD, null)));
        assertThat(e.reason()).isEqualTo(Reason.PROTOCOL);
        assertThat(e.getMessage()).contains("privilege 15");
    }

    @Test
    void refusesMultiLineCommands() throws Exception {
        try (CliSession s = CliSession.open(client, target(PASSWORD, null))) {
            assertThatThrownBy(() -> s.command("show clock\nreload")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> s.command("show clock\u0003")).isInstanceOf(IllegalArgumentException.class);
            assertThat(peer.received).containsExactly("terminal length 0");
        }
    }

    @Test
    void closedPortIsUnreachable() throws Exception {
        int free;
        try (ServerSocket ss = new ServerSocket(0)) {
            free = ss.getLocalPort();
        }
        DeviceTarget t = new DeviceTarget("dev1", "127.0.0.1", free, "17", new Login("admin", PASSWORD), null,
                Duration.ofSeconds(2), Duration.ofSeconds(2));
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> CliSession.open(client, t));
        assertThat(e.reason()).isEqualTo(Reason.UNREACHABLE);
    }

    @Test
    void trustsOnFirstUseThenPinsThenDetectsAChangedKey() throws Exception {
        String fingerprint;
        try (CliSession first = CliSession.open(client, target(PASSWORD, null))) {
            fingerprint = first.hostKeyFingerprint();
        }
        assertThat(fingerprint).matches("SHA256:[A-Za-z0-9+/]{43}");

        try (CliSession pinned = CliSession.open(client, target(PASSWORD, fingerprint))) {
            assertThat(pinned.hostKeyFingerprint()).isEqualTo(fingerprint);
        }

        peer.changeHostKey();
        int attemptsBefore = peer.passwordAttempts.get();
        DeviceException e = catchThrowableOfType(DeviceException.class, () -> CliSession.open(client, target(PASSWORD, fingerprint)));
        assertThat(e.reason()).isEqualTo(Reason.HOST_KEY_MISMATCH);
        assertThat(e.getMessage()).contains("changed").contains(fingerprint).contains("re-pinned");
        // The password never went to the impostor.
        assertThat(peer.passwordAttempts.get()).isEqualTo(attemptsBefore);
    }

    @Test
    void wrongPasswordIsAuthFailedAndNoPasswordLeaksToMessagesOrLogs() throws Exception {
        String wrong = "Wr0ng-" + PASSWORD;
        try (LogCapture logs = new LogCapture()) {
            DeviceException e = catchThrowableOfType(DeviceException.class, () -> CliSession.open(client, target(wrong, null)));
            assertThat(e.reason()).isEqualTo(Reason.AUTH_FAILED);

            // Also a working session with timeouts and drops, to exercise every log path.
            peer.stallOn = "show stall";
            CliSession s = CliSession.open(client, target(PASSWORD, null));
            s.command("show clock");
            DeviceException timeout = catchThrowableOfType(DeviceException.class, () -> s.command("show stall", Duration.ofMillis(200)));

            for (Throwable t : new Throwable[]{e, timeout}) {
                assertThat(stackTrace(t)).doesNotContain(PASSWORD).doesNotContain(wrong);
            }
            assertThat(target(PASSWORD, null).toString()).doesNotContain(PASSWORD);
            assertThat(logs.lines()).isNotEmpty();
            assertThat(logs.lines()).noneMatch(l -> l.contains(PASSWORD) || l.contains(wrong));
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
