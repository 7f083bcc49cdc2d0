package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** XR 6.x: docker and netns from XR bash. */
class DockerShellTest {

    @Test
    void dockerPsTakesTheLastTableOfTheSession() {
        DockerPs ps = (DockerPs) IosxrParsers.parse("docker ps", Fixtures.text("iosxr-6x-docker-run-ps-1.txt"));
        assertThat(ps.containers()).containsExactly(new DockerPs.Container("495ec2ab0b20", "ubuntu", "bash",
                "7 minutes ago", "Up 7 minutes", true, null, List.of("ubuntu")));
    }

    @Test
    void dockerPsOnNcs5508() {
        DockerPs ps = (DockerPs) IosxrParsers.parse("docker ps", Fixtures.text("iosxr-6x-docker-run-ps-2.txt"));
        assertThat(ps.containers()).hasSize(1);
        DockerPs.Container c = ps.containers().get(0);
        assertThat(c.containerId()).isEqualTo("67b781a19b5a");
        assertThat(c.created()).isEqualTo("3 minutes ago");
        assertThat(c.status()).isEqualTo("Up 3 minutes");
        assertThat(c.running()).isTrue();
        assertThat(c.names()).containsExactly("ubuntu");
    }

    @Test
    void dockerPsWithPortsAndExitedContainer() {
        String out = "CONTAINER ID   IMAGE     COMMAND    CREATED       STATUS                   PORTS                  NAMES\n"
                + "0123456789ab   nginx     \"nginx\"    2 hours ago   Exited (0) 1 hour ago    0.0.0.0:80->80/tcp     web,alias\n";
        DockerPs.Container c = DockerPs.parse(out).containers().get(0);
        assertThat(c.running()).isFalse();
        assertThat(c.ports()).isEqualTo("0.0.0.0:80->80/tcp");
        assertThat(c.names()).containsExactly("web", "alias");
    }

    @Test
    void dockerPsGarbage() {
        assertThatThrownBy(() -> DockerPs.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> DockerPs.parse("bash: docker: command not found\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
        String fixture = Fixtures.text("iosxr-6x-docker-run-ps-2.txt");
        String truncated = fixture.substring(0, fixture.indexOf("ubuntu              \"bash\"") + 10);
        assertThatThrownBy(() -> DockerPs.parse(truncated)).isInstanceOf(ParseException.class)
                .hasMessageContaining("line 18");
    }

    @Test
    void netnsIdentifyPrefersTheRealNameOverTheSymlink() {
        NetnsIdentify n = (NetnsIdentify) IosxrParsers.parse("netns_identify $$",
                Fixtures.text("iosxr-6x-netns-identify-1.txt"));
        assertThat(n.names()).containsExactly("tpnns", "global-vrf");
        assertThat(n.namespace()).isEqualTo("global-vrf");
        assertThat(((NetnsIdentify) IosxrParsers.parse("ip netns identify", "global-vrf\n")).namespace())
                .isEqualTo("global-vrf");
    }

    @Test
    void netnsGarbageAndEmpty() {
        assertThatThrownBy(() -> NetnsIdentify.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> NetnsIdentify.parse("Cannot open network namespace: No such file\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
    }

    @Test
    void dockerImagesHeaderOfTheFixtureAndRows() {
        assertThat(((DockerImages) IosxrParsers.parse("docker images", Fixtures.text("iosxr-6x-docker-run-ps-1.txt")
                .lines().limit(10).collect(java.util.stream.Collectors.joining("\n")))).images()).isEmpty();
        String out = "REPOSITORY          TAG                 IMAGE ID            CREATED             SIZE\n"
                + "ubuntu              latest              f49eec89601e        2 weeks ago         129.5 MB\n"
                + "reg.local:5000/a/b  1.2                 0123456789ab        3 months ago        5 MB\n";
        assertThat(DockerImages.parse(out).images()).extracting(DockerImages.Image::key)
                .containsExactly("ubuntu:latest", "reg.local:5000/a/b:1.2");
        String old = "REPOSITORY          TAG                 IMAGE ID            CREATED             VIRTUAL SIZE\n"
                + "ubuntu              14.04               f49eec89601e        2 weeks ago         188.3 MB\n";
        assertThat(DockerImages.parse(old).images().get(0).size()).isEqualTo("188.3 MB");
        assertThatThrownBy(() -> DockerImages.parse("bash: docker: command not found\n")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> DockerImages.parse(out.replace("f49eec89601e", "not-an-id!!!")))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
    }

    @Test
    void dockerStatsOldAndNewLayouts() {
        String old = "CONTAINER           CPU %               MEM USAGE / LIMIT     MEM %               NET I/O             BLOCK I/O           PIDS\n"
                + "probe               0.07%               1.02 MiB / 7.79 GiB   0.01%               648 B / 648 B       0 B / 0 B           1\n";
        AppStats s = (AppStats) IosxrParsers.parse("docker stats --no-stream probe", old);
        assertThat(s.appId()).isEqualTo("probe");
        assertThat(s.cpuPercent()).isEqualByComparingTo("0.07");
        assertThat(s.memoryUsedBytes()).isEqualTo(Math.round(1.02 * 1024 * 1024));
        assertThat(s.memoryLimitBytes()).isEqualTo(Math.round(7.79 * 1024 * 1024 * 1024));
        assertThat(s.netRxBytes()).isEqualTo(648);
        assertThat(s.pids()).isEqualTo(1);
        String recent = "CONTAINER ID   NAME      CPU %     MEM USAGE / LIMIT   MEM %     NET I/O   BLOCK I/O   PIDS\n"
                + "495ec2ab0b20   ubuntu    0.00%     0B / 0B             0.00%     0B / 0B   0B / 0B     0\n";
        AppStats r = DockerStats.parse(recent);
        assertThat(r.appId()).isEqualTo("ubuntu");
        assertThat(r.memoryUsedBytes()).isZero();
        assertThatThrownBy(() -> DockerStats.parse("Error response from daemon: No such container: x\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> DockerStats.parse(old.replace("0.07%", "lots"))).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> DockerStats.parse(old.lines().findFirst().orElseThrow()))
                .isInstanceOf(ParseException.class).hasMessageContaining("no container row");
    }

    @Test
    void dockerRepliesAreTyped() {
        String run = Fixtures.text("iosxr-6x-docker-run-ps-1.txt");
        String runReply = run.substring(run.indexOf("Unable to find image"), run.indexOf("495ec2ab0b201418") + 64);
        assertThat(((DockerReply) IosxrParsers.parse("docker run -itd --name ubuntu ubuntu bash", runReply)).outcome())
                .as("the fixture's run, auto-pull included, is a success").isEqualTo(DockerReply.Outcome.OK);
        assertThat(DockerReplies.parse("probe\n").outcome()).isEqualTo(DockerReply.Outcome.OK);
        assertThat(DockerReplies.parse("Error response from daemon: No such container: x\n"))
                .isEqualTo(new DockerReply(DockerReply.Outcome.NO_SUCH_CONTAINER, "Error response from daemon: No such container: x"));
        assertThat(DockerReplies.parse("docker: Error response from daemon: Conflict. The container name \"/x\" is already "
                + "in use by container 0123. You have to remove (or rename) that container to be able to reuse that name..\n"
                + "See 'docker run --help'.\n").outcome()).isEqualTo(DockerReply.Outcome.NAME_IN_USE);
        assertThat(DockerReplies.parse("Conflict. The container name \"/x\" is already in use by container 0123.\n")
                .outcome()).isEqualTo(DockerReply.Outcome.NAME_IN_USE);
        assertThat(DockerReplies.parse("Error: No such image: nope\n").outcome()).isEqualTo(DockerReply.Outcome.NO_SUCH_IMAGE);
        assertThat(DockerReplies.parse("Unable to find image 'nope:latest' locally\ndocker: Error: image library/nope:latest"
                + " not found.\nSee 'docker run --help'.\n").outcome()).isEqualTo(DockerReply.Outcome.NO_SUCH_IMAGE);
        assertThat(DockerReplies.parse("Error response from daemon: pull access denied for nope, repository does not exist\n")
                .outcome()).isEqualTo(DockerReply.Outcome.NO_SUCH_IMAGE);
        assertThat(DockerReplies.parse("Cannot connect to the Docker daemon. Is the docker daemon running on this host?\n")
                .outcome()).isEqualTo(DockerReply.Outcome.ERROR);
        assertThat(DockerReplies.parse("bash: docker: command not found\n").outcome()).isEqualTo(DockerReply.Outcome.ERROR);
    }
}
