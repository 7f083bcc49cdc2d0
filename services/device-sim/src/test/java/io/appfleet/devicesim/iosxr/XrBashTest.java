package io.appfleet.devicesim.iosxr;

import io.appfleet.devicesim.Faults;
import io.appfleet.drivers.iosxr.AppStats;
import io.appfleet.drivers.iosxr.AppmgrConfig;
import io.appfleet.drivers.iosxr.DockerImages;
import io.appfleet.drivers.iosxr.DockerPs;
import io.appfleet.drivers.iosxr.DockerReply;
import io.appfleet.drivers.iosxr.IosxrParsers;
import io.appfleet.drivers.iosxr.NetnsIdentify;
import org.junit.jupiter.api.Test;

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
