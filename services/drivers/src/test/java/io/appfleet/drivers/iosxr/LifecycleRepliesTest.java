package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.iosxr.LifecycleReply.Outcome;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LifecycleRepliesTest {

    @Test
    void packageInstallAnswersWithOnlyATimestamp() {
        LifecycleReply r = (LifecycleReply) IosxrParsers.parse(
                "appmgr package install rpm /misc/app_host/xr-collector-health-monitor-1.3.2-eXR_7.3.1.x86_64.rpm",
                Fixtures.text("iosxr-appmgr-package-install-1.txt"));
        assertThat(r).isEqualTo(new LifecycleReply(Outcome.OK, null, null));
    }

    @Test
    void activateWithTypographicQuotes() {
        String command = "appmgr application monitor activate type docker source xr-collector-health-monitor "
                + "docker-run-opts \u201C-v /misc/app_host/config:/config:ro --network host\u201D";
        LifecycleReply r = (LifecycleReply) IosxrParsers.parse(command, Fixtures.text("iosxr-appmgr-activate-1.txt"));
        assertThat(r).isEqualTo(new LifecycleReply(Outcome.OK, "monitor", null));

        List<LifecycleReplies.Step> steps = LifecycleReplies.transcript(Fixtures.text("iosxr-appmgr-activate-1.txt"));
        assertThat(steps).hasSize(1);
        AppmgrCommand activate = steps.get(0).parsed();
        assertThat(activate.verb()).isEqualTo(AppmgrCommand.Verb.ACTIVATE);
        assertThat(activate.appId()).isEqualTo("monitor");
        assertThat(activate.source()).isEqualTo("xr-collector-health-monitor");
        assertThat(activate.dockerRunOpts()).isEqualTo("-v /misc/app_host/config:/config:ro --network host");
        assertThat(steps.get(0).reply().outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void teardownTranscriptHasThreeSuccessfulSteps() {
        List<LifecycleReplies.Step> steps = LifecycleReplies.transcript(
                Fixtures.text("iosxr-appmgr-lifecycle-teardown-1.txt"));
        assertThat(steps).extracting(s -> s.parsed().verb()).containsExactly(AppmgrCommand.Verb.STOP,
                AppmgrCommand.Verb.DEACTIVATE, AppmgrCommand.Verb.PACKAGE_UNINSTALL);
        assertThat(steps).extracting(s -> s.reply().appId()).containsExactly("monitor", "monitor", null);
        assertThat(steps.get(2).parsed().packageRef()).isEqualTo("xr-collector-health-monitor-1.3.2-eXR_7.3.1.x86_64");
        assertThat(steps).allSatisfy(s -> assertThat(s.reply().outcome()).isEqualTo(Outcome.OK));
    }

    @Test
    void commitFailureIsTheReplyOfTheConfigCommand() {
        String out = "RP/0/RP0/CPU0:r1(config)#appmgr application web activate type docker source web docker-run-opts \"--net host\"\n"
                + "RP/0/RP0/CPU0:r1(config)#commit\n"
                + "Thu Jul 14 21:21:42.322 UTC\n"
                + "% Failed to commit one or more configuration items during a pseudo-atomic operation.\n";
        List<LifecycleReplies.Step> steps = LifecycleReplies.transcript(out);
        assertThat(steps.get(0).reply().outcome()).isEqualTo(Outcome.REJECTED);
        assertThat(steps.get(0).reply().message()).startsWith("% Failed to commit");
    }

    @Test
    void errorWordings() {
        String cmd = "appmgr application start name web";
        assertThat(LifecycleReplies.parse(cmd, "Fri Jul 15 14:44:34.778 UTC\n% Error: Application web does not exist\n"))
                .isEqualTo(new LifecycleReply(Outcome.NOT_FOUND, "web", "% Error: Application web does not exist"));
        assertThat(LifecycleReplies.parse(cmd, "Error: container web is already running\n").outcome())
                .isEqualTo(Outcome.WRONG_STATE);
        assertThat(LifecycleReplies.parse(cmd, "% Invalid input detected at '^' marker.\n").outcome())
                .isEqualTo(Outcome.REJECTED);
        assertThat(LifecycleReplies.parse(cmd, "Operation in progress, please wait\n").outcome())
                .isEqualTo(Outcome.IN_PROGRESS);
        assertThat(LifecycleReplies.parse(cmd, "Unable to reach docker daemon\n").outcome())
                .isEqualTo(Outcome.ERROR);
    }

    @Test
    void garbageAndEmptyFail() {
        String cmd = "appmgr application stop name web";
        assertThatThrownBy(() -> LifecycleReplies.parse(cmd, "")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> LifecycleReplies.parse(cmd, "Fri Jul 15 14:44:34.778 UTC\nlorem ipsum\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
        assertThatThrownBy(() -> LifecycleReplies.transcript("RP/0/RP0/CPU0:r1#show version\n"))
                .isInstanceOf(ParseException.class);
    }
}
