package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link DockerCommands#LABELS}' reply as docker's ps --format prints it (one line per container, no header). */
class DockerLabelsTest {

    @Test
    void theReadIsOneDockerLine() {
        assertThat(DockerCommands.LABELS).isEqualTo("docker ps -a --format '{{.ID}} {{.Names}} {{.Label \"io.appfleet.spec\"}}'");
    }

    @Test
    void labelledUnlabelledAndLinkedContainers() {
        String out = """
                [xr-vm_node0_RP0_CPU0:~]$ docker ps -a --format '{{.ID}} {{.Names}} {{.Label "io.appfleet.spec"}}'
                495ec2ab0b20 probe 4424f37f3f5ba951
                67b781a19b5a ubuntu\s
                0123456789ab web
                89abcdef0123 db,web/db hand set value
                [xr-vm_node0_RP0_CPU0:~]$
                """;
        DockerLabels labels = (DockerLabels) IosxrParsers.parse(DockerCommands.LABELS, out);
        assertThat(labels.byName()).isEqualTo(Map.of("probe", "4424f37f3f5ba951", "ubuntu", "", "web", "", "db",
                "hand set value"));
        assertThat(labels.of("probe")).isEqualTo("4424f37f3f5ba951");
        assertThat(labels.of("ubuntu")).isEmpty();
        assertThat(labels.of("absent")).isNull();
    }

    @Test
    void noContainerPrintsNothing() {
        assertThat(DockerLabels.parse("").byName()).isEmpty();
        assertThat(DockerLabels.parse("[xr-vm_node0_RP0_CPU0:~]$\n").byName()).isEmpty();
    }

    @Test
    void whatIsNoLabelReadIsRefused() {
        // docker before 1.8 (no ps --format), a template error, a daemon that is down: never read as "no label".
        for (String out : new String[] {"flag provided but not defined: --format\nSee 'docker ps --help'.\n",
                "Template parsing error: template: :1:28: executing \"\" at <.Label>: can't evaluate field Label\n",
                "Cannot connect to the Docker daemon. Is the docker daemon running on this host?\n",
                "CONTAINER ID        IMAGE               COMMAND             CREATED             STATUS\n"}) {
            assertThatThrownBy(() -> DockerLabels.parse(out)).as(out).isInstanceOf(ParseException.class)
                    .hasMessageContaining("line 1");
        }
    }
}
