package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerSpecTest {

    private static AppSpec spec(String image, List<String> runOpts, String command) {
        return new AppSpec("probe", DesiredState.RUNNING, image, null, runOpts, null, command);
    }

    private static final AppSpec PROBE = spec("ubuntu", List.of("--network host"), "bash");

    /**
     * The value is a contract with every labelled container in the field: a new digest for the
     * same spec would recreate them all. Pinned to SHA-256 of the documented canonical text
     * (computed outside Java: "appfleet-docker-spec/1\nfixed -v …\nfixed --cap-add=SYS_ADMIN\n
     * opts --network host\nimage ubuntu:latest\ncommand bash\n").
     */
    @Test
    void theDigestIsStable() {
        assertThat(ContainerSpec.digest(PROBE, "6.1.2")).isEqualTo("9ccfdbfd27a92ec0");
        assertThat(ContainerSpec.digest(PROBE, "6.5.3")).isEqualTo("4f85dfc937976bc1");
        assertThat(ContainerSpec.labelOption(PROBE, "6.1.2")).isEqualTo("--label io.appfleet.spec=9ccfdbfd27a92ec0");
    }

    @Test
    void theDigestCoversWhatAppfleetPassesToDocker() {
        String base = ContainerSpec.digest(PROBE, "6.1.2");
        assertThat(base).matches("[0-9a-f]{16}");
        // The same words however they are spaced or the image is spelt; the app's desired state is no option.
        assertThat(ContainerSpec.digest(spec("docker://docker.io/library/ubuntu:latest", List.of("  --network   host "), " bash "),
                "6.1.2")).isEqualTo(base);
        assertThat(ContainerSpec.digest(new AppSpec("probe", DesiredState.STOPPED, "ubuntu", null, List.of("--network host"),
                null, "bash"), "6.2.3")).isEqualTo(base);
        // Anything docker would be told differently is another spec.
        List<AppSpec> others = List.of(
                spec("ubuntu:16.04", List.of("--network host"), "bash"),
                spec("ubuntu", List.of("--network host", "-e MODE=fast"), "bash"),
                spec("ubuntu", List.of("-e MODE=fast", "--network host"), "bash"),
                spec("ubuntu", List.of("--network host -e MODE=fast"), "bash"),
                spec("ubuntu", List.of(), "bash"),
                spec("ubuntu", List.of("--network host"), null),
                spec("ubuntu", List.of("--network host"), "sleep 1"));
        for (AppSpec other : others) {
            assertThat(ContainerSpec.digest(other, "6.1.2")).as(other.toString()).isNotEqualTo(base);
        }
        assertThat(others.stream().map(o -> ContainerSpec.digest(o, "6.1.2")).distinct())
                .as("two options in one entry are the same words as two entries").hasSize(others.size() - 1);
        // The release's netns mount is part of it: 6.3.1 mounts every VRF.
        assertThat(ContainerSpec.digest(PROBE, "6.3.1")).isNotEqualTo(base);
    }

    @Test
    void whatARecreateIsFor() {
        String label = ContainerSpec.digest(PROBE, "6.1.2");
        assertThat(ContainerSpec.mustRecreate(PROBE, "ubuntu", label, "6.1.2")).isFalse();
        assertThat(ContainerSpec.mustRecreate(PROBE, "ubuntu:latest", label, "6.1.2")).isFalse();
        // No label: created by hand or before labels; the device gives no reason to recreate.
        assertThat(ContainerSpec.mustRecreate(PROBE, "ubuntu", "", "6.1.2")).isFalse();
        assertThat(ContainerSpec.mustRecreate(PROBE, "ubuntu", null, "6.1.2")).isFalse();
        assertThat(ContainerSpec.mustRecreate(PROBE, "ubuntu", "0123456789abcdef", "6.1.2")).isTrue();
        assertThat(ContainerSpec.mustRecreate(PROBE, "ubuntu", label, "6.5.3")).isTrue();
        assertThat(ContainerSpec.mustRecreate(PROBE, "other", label, "6.1.2")).isTrue();
        assertThat(ContainerSpec.mustRecreate(PROBE, null, label, "6.1.2")).isFalse();
        assertThat(ContainerSpec.reason(PROBE, "ubuntu")).isEqualTo("to apply the changed run options or command");
        assertThat(ContainerSpec.reason(PROBE, "other:1")).isEqualTo("to run ubuntu");
    }

    @Test
    void runOptionsCannotSetAppfleetsLabel() {
        for (String bad : List.of("--label io.appfleet.spec=0123", "--label=io.appfleet.spec=0123", "-l io.appfleet.spec",
                "--network host --label io.appfleet.spec=x")) {
            assertThatThrownBy(() -> Iosxr6DockerPlanner.plan(List.of(), List.of(spec("ubuntu", List.of(bad), null)), false, null))
                    .as(bad).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("runOpts[0]")
                    .hasMessageContaining("io.appfleet.spec");
        }
        // Other labels are the spec's own business.
        assertThat(DockerCommands.run(spec("ubuntu", List.of("--label team=netops", "-l io.appfleet.specx=1"), null), "6.1.2"))
                .contains("--label team=netops -l io.appfleet.specx=1 ubuntu");
    }
}
