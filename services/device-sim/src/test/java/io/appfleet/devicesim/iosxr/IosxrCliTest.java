package io.appfleet.devicesim.iosxr;

import io.appfleet.devicesim.Faults;
import io.appfleet.drivers.iosxr.AppStats;
import io.appfleet.drivers.iosxr.ApplicationInfo;
import io.appfleet.drivers.iosxr.ApplicationTable;
import io.appfleet.drivers.iosxr.InstalledPackages;
import io.appfleet.drivers.iosxr.IosxrParsers;
import io.appfleet.drivers.iosxr.LifecycleReply;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's IOS-XR output read by the driver's own parsers, so both stay in step with the fixtures. */
class IosxrCliTest {

    private static final String RPM = "/misc/app_host/probe-1.0.0-eXR_7.3.1.x86_64.rpm";
    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final IosxrDevice device = new IosxrDevice("7.3.1", new Faults(), clock::get);
    private final IosxrCli cli = new IosxrCli("r1", device);

    private String run(String line) {
        return cli.handle(line).output();
    }

    private Object parse(String line) {
        return IosxrParsers.parse(line, run(line));
    }

    @Test
    void promptsFollowTheModes() {
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r1#");
        run("configure");
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r1(config)#");
        run("appmgr");
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r1(config-appmgr)#");
        run("application web");
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r1(config-appmgr-app)#");
        run("end");
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r1#");
        assertThat(cli.handle("exit").closeSession()).isTrue();
    }

    @Test
    void lifecycleAsTheParsersReadIt() {
        assertThat(((InstalledPackages) parse("show appmgr packages installed")).packages()).isEmpty();
        assertThat(((LifecycleReply) parse("appmgr package install rpm " + RPM)).outcome())
                .isEqualTo(LifecycleReply.Outcome.OK);
        assertThat(((LifecycleReply) parse("appmgr package install rpm " + RPM)).outcome())
                .isEqualTo(LifecycleReply.Outcome.WRONG_STATE);
        assertThat(((InstalledPackages) parse("show appmgr packages installed")).packages())
                .extracting(InstalledPackages.Package::name).containsExactly("probe");

        // Sub-mode form; nothing happens before commit.
        run("configure");
        run("appmgr");
        run("application probe");
        assertThat(run("activate type docker source probe docker-run-opts \"--network host\"")).isEmpty();
        assertThat(device.applications()).isEmpty();
        assertThat(run("commit")).matches("\\w{3} \\w{3} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC\n");
        run("end");

        clock.addAndGet(10_000);
        ApplicationTable table = (ApplicationTable) parse("show appmgr application-table");
        assertThat(table.apps()).singleElement().satisfies(a -> {
            assertThat(a.appId()).isEqualTo("probe");
            assertThat(a.configState()).isEqualTo("Activated");
            assertThat(a.status()).isEqualTo("Up 10 seconds");
            assertThat(a.running()).isTrue();
        });
        ApplicationInfo.App info = ((ApplicationInfo) parse("show appmgr application name probe info detail")).apps().get(0);
        assertThat(info.source()).isEqualTo("probe");
        assertThat(info.running()).isTrue();
        AppStats stats = (AppStats) parse("show appmgr application name probe stats");
        assertThat(stats.memoryUsedBytes()).isPositive();

        assertThat(((LifecycleReply) parse("appmgr application start name probe")).outcome())
                .isEqualTo(LifecycleReply.Outcome.WRONG_STATE);
        assertThat(((LifecycleReply) parse("appmgr application kill name probe")).outcome())
                .isEqualTo(LifecycleReply.Outcome.OK);
        assertThat(((ApplicationTable) parse("show appmgr application-table")).apps().get(0).status())
                .startsWith("Exited (137)");
        assertThat(((LifecycleReply) parse("appmgr application stop name probe")).outcome())
                .isEqualTo(LifecycleReply.Outcome.WRONG_STATE);
        assertThat(((LifecycleReply) parse("appmgr application stop name nope")).outcome())
                .isEqualTo(LifecycleReply.Outcome.NOT_FOUND);
        assertThat(((LifecycleReply) parse("appmgr package uninstall package probe-1.0.0-eXR_7.3.1.x86_64")).outcome())
                .as("in use").isEqualTo(LifecycleReply.Outcome.WRONG_STATE);

        run("configure");
        run("no appmgr application probe");
        assertThat(((LifecycleReply) io.appfleet.drivers.iosxr.LifecycleReplies.parse("commit", run("commit"))).outcome()).isEqualTo(LifecycleReply.Outcome.OK);
        run("end");
        assertThat(((ApplicationTable) parse("show appmgr application-table")).apps()).isEmpty();
        assertThat(((LifecycleReply) parse("appmgr package uninstall package probe-1.0.0-eXR_7.3.1.x86_64")).outcome())
                .isEqualTo(LifecycleReply.Outcome.OK);
        assertThat(((LifecycleReply) parse("appmgr package uninstall package probe-1.0.0-eXR_7.3.1.x86_64")).outcome())
                .isEqualTo(LifecycleReply.Outcome.NOT_FOUND);
    }

    @Test
    void errors() {
        assertThat(run("show appmgr nonsense")).contains("% Invalid input detected at '^' marker.");
        assertThat(((LifecycleReply) parse("appmgr package install rpm /tmp/x.rpm")).outcome())
                .isEqualTo(LifecycleReply.Outcome.NOT_FOUND);
        run("configure");
        run("appmgr application web activate type docker source nosuch");
        String commit = run("commit");
        assertThat(commit).contains("% Failed to commit one or more configuration items");
        assertThat(((LifecycleReply) io.appfleet.drivers.iosxr.LifecycleReplies.parse("commit", commit)).outcome()).isEqualTo(LifecycleReply.Outcome.REJECTED);
        run("abort");
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r1#");
        assertThat(device.applications()).isEmpty();
    }
}
