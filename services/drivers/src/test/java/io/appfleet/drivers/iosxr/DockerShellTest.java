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
}
