package io.appfleet.devicesim.iosxr;

import io.appfleet.devicesim.Faults;
import io.appfleet.drivers.iosxr.AppStats;
import io.appfleet.drivers.iosxr.AppmgrConfig;
import io.appfleet.drivers.iosxr.DockerCommands;
import io.appfleet.drivers.iosxr.DockerImages;
import io.appfleet.drivers.iosxr.DockerLabels;
import io.appfleet.drivers.iosxr.DockerPs;
import io.appfleet.drivers.iosxr.DockerReplies;
import io.appfleet.drivers.iosxr.DockerReply;
import io.appfleet.drivers.iosxr.IosxrParsers;
import io.appfleet.drivers.iosxr.NetnsIdentify;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated 6.x XR bash and docker, read by the driver's own parsers, and the 7.x running config. */
class XrBashTest {

    private final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
    private final IosxrDevice device = new IosxrDevice("6.1.2", new Faults(), clock::get);
    private final IosxrCli cli = new IosxrCli("r6", device);

    private String run(String line) {
        return cli.handle(line).output();
    }

    private Object parse(String line) {
        return IosxrParsers.parse(line, run(line));
    }

    private DockerReply.Outcome reply(String line) {
        return ((DockerReply) parse(line)).outcome();
    }

    @Test
    void sixXHasNoAppmgrButBash() {
        assertThat(run("show appmgr application-table")).contains("% Invalid input detected at '^' marker.");
        assertThat(run("appmgr package install rpm /misc/app_host/a-1-1.x86_64.rpm")).contains("% Invalid input");
        run("configure");
        assertThat(run("appmgr")).contains("% Invalid input");
        run("end");
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r6#");
        run("bash");
        assertThat(cli.prompt()).isEqualTo("[xr-vm_node0_RP0_CPU0:~]$");
        assertThat(((NetnsIdentify) parse("netns_identify $$")).namespace()).isEqualTo("global-vrf");
        assertThat(run("whoami")).isEqualTo("root\n");
        assertThat(run("reboot")).isEqualTo("bash: reboot: command not found\n");
        assertThat(cli.handle("exit").closeSession()).isFalse();
        assertThat(cli.prompt()).isEqualTo("RP/0/RP0/CPU0:r6#");
        assertThat(new IosxrCli("r7", new IosxrDevice("7.3.1", new Faults(), clock::get)).handle("bash").output())
                .contains("% Invalid input");
    }

    @Test
    void dockerLifecycleAsTheParsersReadIt() {
        run("bash");
        assertThat(((DockerPs) parse("docker ps -a")).containers()).isEmpty();
        assertThat(((DockerImages) parse("docker images")).images()).isEmpty();
        assertThat(reply("docker pull ubuntu")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(((DockerImages) parse("docker images")).images()).extracting(DockerImages.Image::key)
                .containsExactly("ubuntu:latest");
        assertThat(reply("docker run -itd --name probe -v /var/run/netns/global-vrf:/var/run/netns/global-vrf"
                + " --cap-add=SYS_ADMIN --network host ubuntu bash")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(device.docker().options("probe")).containsExactly("-itd",
                "-v /var/run/netns/global-vrf:/var/run/netns/global-vrf", "--cap-add=SYS_ADMIN", "--network host");
        assertThat(reply("docker run -itd --name probe ubuntu")).isEqualTo(DockerReply.Outcome.NAME_IN_USE);
        clock.addAndGet(420_000);
        DockerPs.Container c = ((DockerPs) parse("docker ps -a")).containers().get(0);
        assertThat(c.status()).isEqualTo("Up 7 minutes");
        assertThat(c.created()).isEqualTo("7 minutes ago");
        assertThat(c.command()).isEqualTo("bash");
        assertThat(c.names()).containsExactly("probe");
        AppStats up = (AppStats) parse("docker stats --no-stream probe");
        assertThat(up.memoryUsedBytes()).isPositive();

        assertThat(reply("docker stop probe")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(((DockerPs) parse("docker ps")).containers()).isEmpty();
        DockerPs.Container exited = ((DockerPs) parse("docker ps -a")).containers().get(0);
        assertThat(exited.running()).isFalse();
        assertThat(exited.status()).startsWith("Exited (0) ");
        assertThat(((AppStats) parse("docker stats --no-stream probe")).memoryUsedBytes()).isZero();
        assertThat(reply("docker start probe")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(device.crash("probe")).isTrue();
        assertThat(((DockerPs) parse("docker ps -a")).containers().get(0).status()).startsWith("Exited (139) ");
        assertThat(reply("docker rm -f probe")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(reply("docker rm -f probe")).isEqualTo(DockerReply.Outcome.NO_SUCH_CONTAINER);
        assertThat(reply("docker start probe")).isEqualTo(DockerReply.Outcome.NO_SUCH_CONTAINER);

        assertThat(reply("docker create -it --name idle ubuntu")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(((DockerPs) parse("docker ps -a")).containers().get(0).status()).isEqualTo("Created");
        device.docker().unpublish("nope");
        assertThat(reply("docker pull nope")).isEqualTo(DockerReply.Outcome.NO_SUCH_IMAGE);
        assertThat(reply("docker run -itd --name other nope")).isEqualTo(DockerReply.Outcome.NO_SUCH_IMAGE);
        assertThat(device.docker().containers()).containsExactly("idle");
    }

    /** Labels as docker keeps them, read back by ps --format (the driver's read) and inspect (an operator's). */
    @Test
    void labelsSurviveStopAndStartAndReadBackAsDockerPrintsThem() {
        run("bash");
        assertThat(run(DockerCommands.LABELS)).as("no container, no output").isEmpty();
        assertThat(run("docker inspect -f '{{.Name}}' $(docker ps -aq)")).as("inspect of nothing")
                .isEqualTo("docker: \"inspect\" requires a minimum of 1 argument.\nSee 'docker inspect --help'.\n");
        assertThat(reply("docker run -itd --name probe --label io.appfleet.spec=0123456789abcdef -l team=netops"
                + " --label=empty --network host ubuntu bash")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(reply("docker create -it --name idle ubuntu")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(device.docker().labels("probe")).isEqualTo(Map.of("io.appfleet.spec", "0123456789abcdef",
                "team", "netops", "empty", ""));
        assertThat(device.docker().options("probe")).contains("--label io.appfleet.spec=0123456789abcdef", "--network host");
        List<String> ids = run("docker ps -aq").lines().toList();
        assertThat(ids).hasSize(2).allSatisfy(id -> assertThat(id).matches("[0-9a-f]{12}"));

        // The driver's read: one line per container, an unlabelled one with nothing after its name.
        assertThat(run(DockerCommands.LABELS)).isEqualTo(ids.get(0) + " probe 0123456789abcdef\n" + ids.get(1) + " idle \n");
        assertThat(((DockerLabels) parse(DockerCommands.LABELS)).byName())
                .isEqualTo(Map.of("probe", "0123456789abcdef", "idle", ""));
        run("docker stop probe");
        run("docker start probe");
        assertThat(((DockerLabels) parse(DockerCommands.LABELS)).of("probe")).isEqualTo("0123456789abcdef");
        assertThat(run("docker ps --format '{{.Names}}'")).as("running only, without -a").isEqualTo("probe\n");
        assertThat(run("docker ps -a --format \"{{.Names}}\\t{{.Label \\\"team\\\"}}\"")).isEqualTo("probe\tnetops\nidle\t\n");

        // inspect, quoted either way, by name or id, several at once, one of them unknown.
        assertThat(run("docker inspect --format '{{index .Config.Labels \"io.appfleet.spec\"}}' probe"))
                .isEqualTo("0123456789abcdef\n");
        assertThat(run("docker inspect -f \"{{.Name}} {{.State.Running}} {{index .Config.Labels \\\"team\\\"}}\" probe idle"))
                .isEqualTo("/probe true netops\n/idle false \n");
        assertThat(run("docker inspect --format={{.Config.Labels}} probe"))
                .isEqualTo("map[empty: io.appfleet.spec:0123456789abcdef team:netops]\n");
        assertThat(run("docker inspect -f '{{.Name}}' $(docker ps -aq)")).isEqualTo("/probe\n/idle\n");
        assertThat(run("docker inspect -f '{{.Name}}' probe nosuch")).isEqualTo("/probe\nError: No such image or container: nosuch\n");
        assertThat(DockerReplies.parse(run("docker inspect -f '{{.Name}}' nosuch")).outcome())
                .isEqualTo(DockerReply.Outcome.NO_SUCH_CONTAINER);
        assertThat(run("docker inspect probe")).contains("\"Name\": \"/probe\"", "\"io.appfleet.spec\": \"0123456789abcdef\"");

        // What docker refuses, it refuses here.
        assertThat(run("docker ps -a --format '{{.Nope}}'")).startsWith("Template parsing error: ").contains("<.Nope>");
        assertThat(run("docker ps -a --format '{{.Names'")).startsWith("Template parsing error: ");
        assertThat(run("docker ps -a --filter name=probe")).startsWith("flag provided but not defined: --filter");
        assertThat(run("docker ps -a --format '{{.Names}}")).startsWith("bash: unexpected EOF");

        // Out of band: removed (by id) and run again by hand, without a label.
        assertThat(reply("docker rm -f " + ids.get(0))).isEqualTo(DockerReply.Outcome.OK);
        assertThat(device.docker().containers()).containsExactly("idle");
        assertThat(reply("docker run -itd --name probe ubuntu bash")).isEqualTo(DockerReply.Outcome.OK);
        assertThat(((DockerLabels) parse(DockerCommands.LABELS)).of("probe")).isEmpty();
        assertThat(device.docker().labels("probe")).isEmpty();
        assertThat(run("docker inspect -f '{{index .Config.Labels \"io.appfleet.spec\"}}' probe")).isEqualTo("\n");
    }

    @Test
    void wordsAreSplitAsBashSplitsThem() {
        XrBash bash = new XrBash(device.docker());
        assertThat(bash.words("docker  ps   -a")).containsExactly("docker", "ps", "-a");
        assertThat(bash.words("a 'b c' \"d e\" f\\ g 'x'\"y\"z \"q\\\"t\"")).containsExactly("a", "b c", "d e", "f g", "xyz", "q\"t");
        assertThat(bash.words("echo '$(x)'")).containsExactly("echo", "$(x)");
        assertThat(bash.words("")).isEqualTo(List.of());
    }

    @Test
    void sevenXRunningConfigAsTheParserReadsIt() {
        IosxrDevice seven = new IosxrDevice("7.3.1", new Faults(), clock::get);
        IosxrCli c = new IosxrCli("r7", seven);
        assertThat(((AppmgrConfig) IosxrParsers.parse("show running-config appmgr",
                c.handle("show running-config appmgr").output())).activations()).isEmpty();
        c.handle("appmgr package install rpm /misc/app_host/probe-1.0.0-eXR_7.3.1.x86_64.rpm");
        c.handle("configure");
        c.handle("appmgr application probe activate type docker source probe docker-run-opts \"--network host\""
                + " docker-run-cmd \"/bin/probe -v\"");
        c.handle("commit");
        c.handle("end");
        AppmgrConfig cfg = (AppmgrConfig) IosxrParsers.parse("show running-config appmgr",
                c.handle("show running-config appmgr").output());
        assertThat(cfg.activations().get("probe").dockerRunOpts()).isEqualTo("--network host");
        assertThat(cfg.activations().get("probe").dockerRunCmd()).isEqualTo("/bin/probe -v");
    }
}
