package io.appfleet.devicesim.iosxe;

import io.appfleet.devicesim.Faults;
import io.appfleet.drivers.iosxe.AppDetails;
import io.appfleet.drivers.iosxe.AppHostingResource;
import io.appfleet.drivers.iosxe.AppList;
import io.appfleet.drivers.iosxe.AppUtilization;
import io.appfleet.drivers.iosxe.CpuPolicerStats;
import io.appfleet.drivers.iosxe.IosxeParsers;
import io.appfleet.drivers.iosxe.IoxService;
import io.appfleet.drivers.iosxe.LifecycleReply;
import io.appfleet.drivers.iosxe.LifecycleReply.Outcome;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI without SSH: replies, states, and that the product's parsers read every output. */
class IosxeCliTest {

    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final Faults faults = new Faults();

    private IosxeCli cli(String os) {
        return new IosxeCli("sw1", new IosxeDevice(IosxePlatform.of(os), 5000, faults, clock::get));
    }

    private static String run(IosxeCli cli, String line) {
        return cli.handle(line).output();
    }

    private static LifecycleReply verb(IosxeCli cli, String line) {
        return (LifecycleReply) IosxeParsers.parse(line, run(cli, line));
    }

    private static void configureApp(IosxeCli cli, String app, int cpu, int memory) {
        run(cli, "configure terminal");
        assertThat(cli.prompt()).isEqualTo("sw1(config)#");
        run(cli, "app-hosting appid " + app);
        assertThat(cli.prompt()).isEqualTo("sw1(config-app-hosting)#");
        assertThat(run(cli, "app-vnic management guest-interface 0")).isEmpty();
        run(cli, "app-resource docker");
        assertThat(run(cli, "run-opts 1 \"-e X=1\"")).isEmpty();
        run(cli, "app-resource profile custom");
        assertThat(cli.prompt()).isEqualTo("sw1(config-app-resource-profile-custom)#");
        run(cli, "cpu " + cpu);
        run(cli, "memory " + memory);
        run(cli, "vcpu 1");
        assertThat(run(cli, "end")).isEmpty();
        assertThat(cli.prompt()).isEqualTo("sw1#");
    }

    @Test
    void fullLifecycleOn16xIsSynchronousAndParses() {
        IosxeCli cli = cli("16.12.5");
        assertThat(run(cli, "show app-hosting list")).isEqualTo("No App found\n");
        configureApp(cli, "iris", 400, 768);

        LifecycleReply r = verb(cli, "app-hosting install appid iris package flash:iris.tar");
        assertThat(r).isEqualTo(new LifecycleReply(Outcome.OK, "iris", "DEPLOYED",
                "iris installed successfully\nCurrent state is: DEPLOYED"));
        assertThat(verb(cli, "app-hosting activate appid iris").state()).isEqualTo("ACTIVATED");
        assertThat(verb(cli, "app-hosting start appid iris").state()).isEqualTo("RUNNING");

        AppList list = (AppList) IosxeParsers.parse("show app-hosting list", run(cli, "show app-hosting list"));
        assertThat(list.apps()).containsExactly(new AppList.App("iris", "RUNNING"));
        assertThat(run(cli, "show app-hosting list")).contains("-".repeat(54) + "\n").doesNotContain("-".repeat(55));

        AppDetails details = (AppDetails) IosxeParsers.parse("show app-hosting detail appid iris",
                run(cli, "show app-hosting detail appid iris"));
        AppDetails.App app = details.apps().get(0);
        assertThat(app.appId()).isEqualTo("iris");
        assertThat(app.state()).isEqualTo("RUNNING");
        assertThat(app.resources().cpuUnits()).isEqualTo(400L);
        assertThat(app.resources().memoryMb()).isEqualTo(768L);
        assertThat(app.packagePath()).isEqualTo("flash:iris.tar");

        clock.addAndGet(10_000);
        AppUtilization u = (AppUtilization) IosxeParsers.parse("show app-hosting utilization appid iris",
                run(cli, "show app-hosting utilization appid iris"));
        assertThat(u.appId()).isEqualTo("iris");
        assertThat(u.cpu().allocationUnits()).isEqualTo(400L);
        assertThat(u.cpu().usedPercent()).isGreaterThan(0.0);
        assertThat(u.memory().allocationMb()).isEqualTo(768L);
        assertThat(u.memory().usedKb()).isPositive();

        AppHostingResource res = (AppHostingResource) IosxeParsers.parse("show app-hosting resource",
                run(cli, "show app-hosting resource"));
        assertThat(res.memory().quotaMb()).isEqualTo(2048L);
        assertThat(res.memory().availableMb()).isEqualTo(2048L - 768);
        assertThat(res.vcpu().count()).isEqualTo(2L);

        assertThat(verb(cli, "app-hosting stop appid iris").state()).isEqualTo("STOPPED");
        assertThat(verb(cli, "app-hosting deactivate appid iris").state()).isEqualTo("DEPLOYED");
        res = (AppHostingResource) IosxeParsers.parse("show app-hosting resource", run(cli, "show app-hosting resource"));
        assertThat(res.memory().availableMb()).isEqualTo(2048L);
        assertThat(verb(cli, "app-hosting uninstall appid iris").outcome()).isEqualTo(Outcome.OK);
        assertThat(run(cli, "show app-hosting list")).isEqualTo("No App found\n");

        assertThat(run(cli, "show running-config | section app-hosting")).contains("app-hosting appid iris\n",
                " app-vnic management guest-interface 0\n", "  run-opts 1 \"-e X=1\"\n", "  cpu 400\n");
        run(cli, "configure terminal");
        run(cli, "no app-hosting appid iris");
        run(cli, "end");
        assertThat(run(cli, "show running-config | section app-hosting")).isEmpty();
    }

    private static AppDetails.App detail(IosxeCli cli, String app) {
        return ((AppDetails) IosxeParsers.parse("show app-hosting detail appid " + app,
                run(cli, "show app-hosting detail appid " + app))).apps().get(0);
    }

    @Test
    void aBlockChangedWhileRunningTakesEffectOnlyAtTheNextActivate() {
        IosxeCli cli = cli("17.9.4");
        configureApp(cli, "iris", 400, 768);
        run(cli, "configure terminal");
        run(cli, "app-hosting appid iris");
        run(cli, "app-resource docker");
        run(cli, "run-opts 2 \"-e Y=2\"");
        run(cli, "end");
        run(cli, "app-hosting install appid iris package flash:iris.tar");
        clock.addAndGet(10_000);
        verb(cli, "app-hosting activate appid iris");
        verb(cli, "app-hosting start appid iris");
        assertThat(detail(cli, "iris").other()).containsEntry("Run-time information/Run options in use", "-e X=1 -e Y=2");

        // Accepted while RUNNING (nothing published says IOS-XE refuses it), but the app keeps its settings.
        run(cli, "configure terminal");
        run(cli, "app-hosting appid iris");
        run(cli, "app-resource docker");
        assertThat(run(cli, "no run-opts 2")).isEmpty();
        assertThat(run(cli, "run-opts 1 \"-e X=3\"")).isEmpty();
        run(cli, "exit");
        run(cli, "app-resource profile custom");
        assertThat(run(cli, "no vcpu")).isEmpty();
        run(cli, "cpu 500");
        assertThat(run(cli, "no app-vnic management guest-interface 0")).isEmpty();
        assertThat(cli.prompt()).isEqualTo("sw1(config-app-hosting)#");
        assertThat(run(cli, "no something-else")).contains("Invalid input");
        run(cli, "end");
        String config = run(cli, "show running-config | section app-hosting");
        assertThat(config).contains("  run-opts 1 \"-e X=3\"\n", "  cpu 500\n")
                .doesNotContain("run-opts 2", "vcpu", "app-vnic");
        assertThat(detail(cli, "iris").other()).containsEntry("Run-time information/Run options in use", "-e X=1 -e Y=2");
        assertThat(detail(cli, "iris").resources().cpuUnits()).isEqualTo(400L);

        verb(cli, "app-hosting stop appid iris");
        verb(cli, "app-hosting deactivate appid iris");
        assertThat(verb(cli, "app-hosting activate appid iris").state()).isEqualTo("ACTIVATED");
        assertThat(detail(cli, "iris").other()).containsEntry("Run-time information/Run options in use", "-e X=3");
        assertThat(detail(cli, "iris").resources().cpuUnits()).isEqualTo(500L);

        run(cli, "configure terminal");
        run(cli, "app-hosting appid iris");
        run(cli, "no app-resource profile custom");
        assertThat(run(cli, "exit")).contains("Resource Profile-names is not specified");
        run(cli, "end");
    }

    @Test
    void install17xIsAsynchronous() {
        IosxeCli cli = cli("17.9.4");
        LifecycleReply r = verb(cli, "app-hosting install appid iris package flash:iris.tar");
        assertThat(r.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(r.message()).isEqualTo(
                "Installing package 'flash:iris.tar' for 'iris'. Use 'show app-hosting list' for progress.");
        assertThat(list(cli)).containsExactly(new AppList.App("iris", "INSTALLING"));
        assertThat(run(cli, "show app-hosting list")).contains("-".repeat(57) + "\n");
        assertThat(verb(cli, "app-hosting activate appid iris").outcome()).isEqualTo(Outcome.WRONG_STATE);
        clock.addAndGet(5000);
        assertThat(list(cli)).containsExactly(new AppList.App("iris", "DEPLOYED"));
        LifecycleReply un = verb(cli, "app-hosting uninstall appid iris");
        assertThat(un.outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(run(cli, "show app-hosting list")).isEqualTo("No App found\n");
    }

    @Test
    void wrongStateAndMissingAppReplies() {
        IosxeCli cli = cli("16.12.5");
        run(cli, "app-hosting install appid iris package flash:iris.tar");
        assertThat(run(cli, "app-hosting stop appid iris")).isEqualTo("Invalid 'stop' request. iris is in DEPLOYED\n");
        assertThat(verb(cli, "app-hosting deactivate appid iris"))
                .isEqualTo(new LifecycleReply(Outcome.WRONG_STATE, "iris", "DEPLOYED",
                        "Invalid 'deactivate' request. iris is in DEPLOYED"));
        assertThat(run(cli, "app-hosting stop appid nope")).isEqualTo("% Error: The application: nope, does not exist\n");
        assertThat(verb(cli, "app-hosting stop appid nope").outcome()).isEqualTo(Outcome.NOT_FOUND);
        assertThat(run(cli, "app-hosting uninstall appid nope")).isEqualTo("% Error: No App found with name 'nope'\n");
        assertThat(run(cli, "show foo")).isEqualTo("    ^\n% Invalid input detected at '^' marker.\n");
    }

    @Test
    void activationThatDoesNotFitIsRefused() {
        IosxeCli cli = cli("16.12.5");
        configureApp(cli, "big", 400, 4096);
        run(cli, "app-hosting install appid big package flash:big.tar");
        String reply = run(cli, "app-hosting activate appid big");
        assertThat(reply).startsWith("% Error: Activation failed: Insufficient resources for big.");
        assertThat(verb(cli, "app-hosting activate appid big").outcome()).isEqualTo(Outcome.ERROR);
        assertThat(list(cli)).containsExactly(new AppList.App("big", "DEPLOYED"));
    }

    @Test
    void appBlockWithoutProfileIsRefusedWithIoxmanWording() {
        IosxeCli cli = cli("17.9.4");
        run(cli, "configure terminal");
        run(cli, "app-hosting appid noprof");
        run(cli, "app-vnic management guest-interface 0");
        // app-vnic opens the guest interface's sub-mode; leaving it is not leaving the app block.
        assertThat(cli.prompt()).isEqualTo("sw1(config-config-app-hosting-vnic)#");
        assertThat(run(cli, "exit")).isEmpty();
        assertThat(cli.prompt()).isEqualTo("sw1(config-app-hosting)#");
        assertThat(run(cli, "exit")).isEqualTo("% node--1:dbm:IOxMan:Resource Profile-names is not specified\n");
        assertThat(cli.prompt()).isEqualTo("sw1(config)#");
    }

    @Test
    void cppDropsGrowOnlyWhilePolicerOnAndAppRunning() {
        IosxeCli cli = cli("17.9.4");
        configureApp(cli, "iperf", 400, 256);
        run(cli, "app-hosting install appid iperf package flash:iperf.tar");
        clock.addAndGet(5000);
        run(cli, "app-hosting activate appid iperf");
        clock.addAndGet(10_000);
        assertThat(sysDataDrops(cli)).isZero();
        run(cli, "app-hosting start appid iperf");
        clock.addAndGet(2_000);
        long afterTwoSeconds = sysDataDrops(cli);
        assertThat(afterTwoSeconds).isEqualTo(2 * (1000 - 250));

        run(cli, "configure terminal");
        run(cli, "policy-map system-cpp-policy");
        run(cli, "class system-cpp-police-sys-data");
        assertThat(cli.prompt()).isEqualTo("sw1(config-pmap-c)#");
        run(cli, "no police rate 250 pps");
        run(cli, "end");
        clock.addAndGet(5_000);
        assertThat(sysDataDrops(cli)).isEqualTo(afterTwoSeconds);
        CpuPolicerStats stats = cpp(cli);
        assertThat(stats.queues().stream().filter(q -> q.name().equals("Exception")).findFirst().orElseThrow().enabled())
                .isFalse();

        run(cli, "configure terminal");
        run(cli, "policy-map system-cpp-policy");
        run(cli, "class system-cpp-police-sys-data");
        run(cli, "police rate 500 pps");
        run(cli, "end");
        clock.addAndGet(1_000);
        assertThat(sysDataDrops(cli)).isEqualTo(afterTwoSeconds + 500);
        CpuPolicerStats.Queue exception = cpp(cli).queues().stream().filter(q -> q.name().equals("Exception"))
                .findFirst().orElseThrow();
        assertThat(exception.setRate()).isEqualTo(500);
        assertThat(exception.dropFrames()).isEqualTo(afterTwoSeconds + 500);
        assertThat(cpp(cli).classes()).hasSize(21);
    }

    @Test
    void ioxServiceParses() {
        IosxeCli cli = cli("17.9.4");
        IoxService s = (IoxService) IosxeParsers.parse("show iox-service", run(cli, "show iox-service"));
        assertThat(s.components()).extracting(IoxService.Component::status).contains("Running");
        assertThat(s.components().get(0)).isEqualTo(new IoxService.Component("IOx service (CAF)", "1.10.0.1", "Running"));
    }

    @Test
    void wrongStateFaultAnswersWrongStateEvenWhenAllowed() {
        IosxeCli cli = cli("16.12.5");
        run(cli, "app-hosting install appid iris package flash:iris.tar");
        faults.wrongStateReplies(true);
        assertThat(run(cli, "app-hosting activate appid iris")).isEqualTo("Invalid 'activate' request. iris is in DEPLOYED\n");
        faults.wrongStateReplies(false);
        assertThat(verb(cli, "app-hosting activate appid iris").outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void installFailureOn16xAndOn17x() {
        faults.installFailure(true);
        IosxeCli old = cli("16.12.5");
        LifecycleReply r = verb(old, "app-hosting install appid iris package flash:iris.tar");
        assertThat(r.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(r.message()).isEqualTo("Install failed: Installing apps on system flash is not allowed.");
        IosxeCli cli = cli("17.9.4");
        assertThat(verb(cli, "app-hosting install appid iris package flash:iris.tar").outcome()).isEqualTo(Outcome.IN_PROGRESS);
        assertThat(list(cli)).extracting(AppList.App::state).containsExactly("INSTALLING");
        clock.addAndGet(5000);
        assertThat(run(cli, "show app-hosting list")).isEqualTo("No App found\n");
    }

    @Test
    void crashedAppDriftsToStopped() {
        IosxeCli cli = cli("16.12.5");
        IosxeDevice device = cli.device;
        run(cli, "app-hosting install appid iris package flash:iris.tar");
        run(cli, "app-hosting activate appid iris");
        run(cli, "app-hosting start appid iris");
        assertThat(device.crash("iris")).isTrue();
        assertThat(list(cli)).containsExactly(new AppList.App("iris", "STOPPED"));
    }

    private static java.util.List<AppList.App> list(IosxeCli cli) {
        return ((AppList) IosxeParsers.parse("show app-hosting list", run(cli, "show app-hosting list"))).apps();
    }

    private static final String CPP = "show platform hardware fed switch active qos queue stats internal cpu policer";

    private static CpuPolicerStats cpp(IosxeCli cli) {
        return (CpuPolicerStats) IosxeParsers.parse(CPP, run(cli, CPP));
    }

    private static long sysDataDrops(IosxeCli cli) {
        return cpp(cli).policers().stream().filter(p -> p.index() == 10).findFirst().orElseThrow().dropFrames();
    }
}
