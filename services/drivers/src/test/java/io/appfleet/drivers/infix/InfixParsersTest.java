package io.appfleet.drivers.infix;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InfixParsersTest {

    @Test
    void containerLogKeepsContainerLinesAndThePodmanCommand() {
        ContainerLog log = (ContainerLog) InfixParsers.parse("show log", Fixtures.text("infix-show-log-container-1.txt"));
        assertThat(log.entries()).hasSize(6);
        assertThat(log.entries().get(0).pid()).isEqualTo(5040);
        assertThat(log.entries().get(0).host()).isEqualTo("example");
        assertThat(log.entries().get(2).message()).isEqualTo("curios-oci-amd64-v24.05.0.tar.gz checksum verified OK.");
        assertThat(log.podmanCreate()).startsWith("podman create --name sys ")
                .endsWith("--network=none curios-oci-amd64-v24.05.0");
    }

    @Test
    void logGarbage() {
        assertThatThrownBy(() -> ContainerLog.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> ContainerLog.parse("...\nnot syslog\n")).isInstanceOf(ParseException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void operationalDatastoreAndUnknownCommand() {
        Object o = InfixParsers.parse("GET /restconf/ds/ietf-datastores:operational/infix-containers:containers",
                Fixtures.text("infix-containers-oper-1.json"));
        assertThat(o).isInstanceOf(ContainersState.class);
        assertThatThrownBy(() -> InfixParsers.parse("show interfaces", "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
