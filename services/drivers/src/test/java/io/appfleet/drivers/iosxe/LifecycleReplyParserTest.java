package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.iosxe.LifecycleReply.Outcome;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleReplyParserTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "2"})
    void transcripts16x(String n) {
        List<LifecycleReply> replies = LifecycleReplyParser.parseTranscript(Fixtures.text("iosxe-app-hosting-lifecycle-" + n + ".txt"));
        String app = n.equals("1") ? "perfsonar" : "perflxc";
        assertThat(replies).extracting(LifecycleReply::outcome).containsOnly(Outcome.OK);
        assertThat(replies).extracting(LifecycleReply::appId).containsOnly(app);
        assertThat(replies).extracting(LifecycleReply::state).containsExactly("DEPLOYED", "ACTIVATED", "RUNNING");
        assertThat(replies.get(2).message()).isEqualTo(app + " started successfully\nCurrent state is: RUNNING");
    }

    @Test
    void oneCommandOutOfATranscript() {
        String transcript = Fixtures.text("iosxe-app-hosting-lifecycle-1.txt");
        assertThat(parse("app-hosting activate  appid perfsonar", transcript))
                .isEqualTo(new LifecycleReply(Outcome.OK, "perfsonar", "ACTIVATED", "perfsonar activated successfully\nCurrent state is: ACTIVATED"));
        assertThat(parse("app-hosting install appid perfsonar package flash:perfsonar-testpoint.v4.0.2.3.c1.1.0.tar", transcript).state())
                .isEqualTo("DEPLOYED");
        assertThatThrownBy(() -> parse("app-hosting stop appid perfsonar", transcript))
                .isInstanceOf(ParseException.class).hasMessageContaining("app-hosting stop appid perfsonar");
    }

    @Test
    void startReplyWithEchoedCommand() {
        LifecycleReply r = parse("app-hosting start appid iris", "c8kv#app-hosting start appid iris\niris started successfully\nCurrent state is: RUNNING\nc8kv#");
        assertThat(r).isEqualTo(new LifecycleReply(Outcome.OK, "iris", "RUNNING", "iris started successfully\nCurrent state is: RUNNING"));
    }

    @Test
    void asyncInstall() {
        LifecycleReply r = parse("app-hosting install appid iris package flash:iris-1.2.tar",
                "Installing package 'flash:iris-1.2.tar' for 'iris'. Use 'show app-hosting list' for progress.\n");
        assertThat(r.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(r.appId()).isEqualTo("iris");
        assertThat(r.state()).isNull();
    }

    @Test
    void asyncUninstall() {
        LifecycleReply r = parse("app-hosting uninstall appid iris", "Uninstalling 'iris'. Use 'show app-hosting list' for progress.");
        assertThat(r.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(r.appId()).isEqualTo("iris");
    }

    @Test
    void wrongStateHasNoPercentPrefix() {
        LifecycleReply r = parse("app-hosting stop appid iris", "Invalid 'stop' request. iris is in DEPLOYED\n");
        assertThat(r).isEqualTo(new LifecycleReply(Outcome.WRONG_STATE, "iris", "DEPLOYED", "Invalid 'stop' request. iris is in DEPLOYED"));
    }

    @Test
    void notFound() {
        assertThat(parse("app-hosting stop appid iris", "% Error: The application: iris, does not exist"))
                .extracting(LifecycleReply::outcome, LifecycleReply::appId).containsExactly(Outcome.NOT_FOUND, "iris");
        assertThat(parse("app-hosting uninstall appid iris", "% Error: No App found with name 'iris'"))
                .extracting(LifecycleReply::outcome, LifecycleReply::appId).containsExactly(Outcome.NOT_FOUND, "iris");
    }

    @Test
    void otherErrorsAndRefusals() {
        assertThat(parse("app-hosting activate appid iris", "% Error: Not enough memory\n").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(parse("app-hosting activate appid iris", "% node--1:dbm:IOxMan:Resource Profile-names is not specified").outcome())
                .isEqualTo(Outcome.REJECTED);
        LifecycleReply caret = parse("app-hosting start appid iris", "app-hosting start appid iris\n              ^\n% Invalid input detected at '^' marker.\n");
        assertThat(caret.outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(caret.appId()).isEqualTo("iris");
    }

    @Test
    void installCompletionSyslog() {
        LifecycleReply ok = parse("app-hosting install appid iperf package usbflash1:iperf.tar",
                "*Nov 23 17:01:02.123: %IM-6-INSTALL_MSG: Switch 1 R0/0: ioxman: app-hosting: Install succeeded: iperf installed successfully Current state is DEPLOYED");
        assertThat(ok).extracting(LifecycleReply::outcome, LifecycleReply::appId, LifecycleReply::state)
                .containsExactly(Outcome.OK, "iperf", "DEPLOYED");
        LifecycleReply failed = parse("app-hosting install appid iperf package flash:iperf.tar",
                "%IM-6-INSTALL_MSG: Switch 1 R0/0: ioxman: app-hosting: Install failed: Installing apps on system flash is not allowed.");
        assertThat(failed).extracting(LifecycleReply::outcome, LifecycleReply::appId).containsExactly(Outcome.ERROR, "iperf");
    }

    @Test
    void unknownReplyNamesTheLine() {
        assertThatThrownBy(() -> parse("app-hosting start appid iris", "\nsomething odd happened\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2").hasMessageContaining("something odd");
    }

    @Test
    void transcriptWithoutCommand() {
        assertThatThrownBy(() -> LifecycleReplyParser.parseTranscript("iris started successfully\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
    }

    private static LifecycleReply parse(String command, String output) {
        return LifecycleReplyParser.parse(command, output);
    }
}
