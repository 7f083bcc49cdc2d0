package io.appfleet.drivers.infix;

import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfixContainerConfigsTest {

    @Test
    void mapsSpecToTheModel() {
        AppSpec app = new AppSpec("web", DesiredState.RUNNING, "docker://nginx:alpine", new AppSpec.Resources(2, 7, 512, 10),
                List.of("-e", "A=1", "--env=B=x=y", "--publish=8080:80", "--dns", "1.1.1.1", "--hostname=web1",
                        "--cap-add=CAP_NET_ADMIN", "--cap-drop=sys_time", "--privileged", "--restart=on-failure",
                        "--command=/usr/sbin/httpd -f"),
                new AppSpec.Network(AppSpec.Network.Mode.VIRTUAL_PORT_GROUP, 0, "10.0.0.2", "255.255.255.0", "10.0.0.1"));
        ContainerConfig c = InfixContainerConfigs.asConfig(InfixContainerConfigs.entry(app));
        assertThat(c.name()).isEqualTo("web");
        assertThat(c.image()).isEqualTo("docker://nginx:alpine");
        assertThat(c.env()).containsExactly(new ContainerConfig.Env("A", "1"), new ContainerConfig.Env("B", "x=y"));
        assertThat(c.network().host()).isNull();
        assertThat(c.network().interfaces()).containsExactly(new ContainerNetwork.Interface("veth0", List.of("ip=10.0.0.2/24")));
        assertThat(c.network().publish()).containsExactly("8080:80");
        assertThat(c.network().dns()).containsExactly("1.1.1.1");
        assertThat(c.hostname()).isEqualTo("web1");
        assertThat(c.capabilities().add()).containsExactly("net_admin");
        assertThat(c.capabilities().drop()).containsExactly("sys_time");
        assertThat(c.privileged()).isTrue();
        assertThat(c.restartPolicy()).isEqualTo("retry");
        assertThat(c.command()).isEqualTo("/usr/sbin/httpd -f");
        assertThat(c.manual()).isNull();
        assertThat(c.resourceLimit()).isEqualTo(new ContainerConfig.ResourceLimit(524288L, 2000L));
        assertThat(InfixContainerConfigs.putBody(InfixContainerConfigs.entry(app)))
                .startsWith("{\"infix-containers:container\":[{\"name\":\"web\"").contains("\"memory\":\"524288\"");
    }

    @Test
    void stoppedIsManualAndManagementIsHostNetwork() {
        ContainerConfig c = InfixContainerConfigs.asConfig(InfixContainerConfigs.entry(
                new AppSpec("web", DesiredState.STOPPED, "docker://x", null, null, AppSpec.Network.management())));
        assertThat(c.manual()).isTrue();
        assertThat(c.network().host()).isTrue();
        assertThat(c.resourceLimit()).isNull();
    }

    @Test
    void refusesWhatInfixCannotDo() {
        assertThatThrownBy(() -> InfixContainerConfigs.entry(new AppSpec("web", DesiredState.RUNNING, "docker://x", null,
                List.of("--ipc=host"), null))).hasMessageContaining("--ipc=host");
        assertThatThrownBy(() -> InfixContainerConfigs.entry(new AppSpec("web", DesiredState.RUNNING, "docker://x", null,
                List.of(), new AppSpec.Network(AppSpec.Network.Mode.APPGIG_TRUNK, null, null, null, null))))
                .hasMessageContaining("APPGIG_TRUNK");
        assertThatThrownBy(() -> InfixContainerConfigs.entry(new AppSpec("web", DesiredState.RUNNING, "docker://x", null,
                List.of("--publish=80:80"), null))).hasMessageContaining("host networking");
        assertThatThrownBy(() -> InfixContainerConfigs.entry(new AppSpec("web", DesiredState.RUNNING, "docker://x", null,
                List.of("--dns"), null))).hasMessageContaining("needs a value");
    }

    @Test
    void pinsInHexOrBase64AreTheSame() {
        String hex = "00".repeat(31) + "ff";
        assertThat(PinnedCertificateTrust.normalize(hex)).isEqualTo(PinnedCertificateTrust.normalize(
                hex.replaceAll("(..)(?!$)", "$1:").toUpperCase()));
        assertThat(PinnedCertificateTrust.normalize(hex)).startsWith("SHA256:").endsWith("AP8");
    }
}
