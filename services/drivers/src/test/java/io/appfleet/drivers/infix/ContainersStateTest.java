package io.appfleet.drivers.infix;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainersStateTest {

    private static final String GET = "GET /restconf/data/infix-containers:containers";

    @Test
    void operationalFixture() {
        ContainersState s = (ContainersState) InfixParsers.parse(GET, Fixtures.text("infix-containers-oper-1.json"));
        assertThat(s.apps()).extracting(ContainersState.App::appId)
                .containsExactly("container-B", "container-A", "firewall");
        ContainersState.App a = s.apps().get(1);
        assertThat(a.containerId()).startsWith("3451cfceca4e");
        assertThat(a.image()).isEqualTo("localhost/curios-httpd-oci-amd64-v24.11.0:latest");
        assertThat(a.imageId()).startsWith("d6930d60a73b");
        assertThat(a.running()).isTrue();
        assertThat(a.status()).isEqualTo("Up About a minute");
        assertThat(a.cmdline()).isEqualTo("/usr/bin/tini -- /usr/sbin/httpd -f -v -p 91");
        assertThat(a.network().interfaces()).extracting(ContainerNetwork.Interface::name)
                .containsExactly("veth0a", "veth1a");
        assertThat(a.network().publish()).containsExactly("34515:91/tcp");
        assertThat(a.network().host()).isNull();
        // The fixture has no resource data: absent, not zero.
        assertThat(a.memoryKib()).isNull();
        assertThat(a.cpuPercent()).isNull();
        ContainersState.App fw = s.apps().get(2);
        assertThat(fw.network().host()).isTrue();
        assertThat(fw.network().interfaces()).isEmpty();
        assertThat(s.apps().get(0).network().publish()).isEmpty();
    }

    @Test
    void uint64AndDecimal64ArriveAsStrings() {
        String json = """
                {"containers": {"container": [{"name": "web", "image": "docker://nginx", "running": false,
                  "resource-limit": {"memory": "524288", "cpu": 1500},
                  "resource-usage": {"memory": "136", "cpu": "0.02", "pids": 3,
                     "block-io": {"read": "12", "write": "34"}, "net-io": {"received": "56", "sent": 78}}}]}}
                """;
        ContainersState.App a = ContainersState.parse(json).apps().get(0);
        assertThat(a.memoryKib()).isEqualTo(136L);
        assertThat(a.cpuPercent()).isEqualByComparingTo(new BigDecimal("0.02"));
        assertThat(a.memoryLimitKib()).isEqualTo(524_288L);
        assertThat(a.cpuLimitMillicores()).isEqualTo(1500L);
        assertThat(a.blockReadKib()).isEqualTo(12L);
        assertThat(a.blockWriteKib()).isEqualTo(34L);
        assertThat(a.netRxKib()).isEqualTo(56L);
        assertThat(a.netTxKib()).isEqualTo(78L);
        assertThat(a.pids()).isEqualTo(3L);
        assertThat(a.running()).isFalse();
    }

    @Test
    void badValuesNameTheJsonLocation() {
        String json = "{\"infix-containers:containers\": {\"container\": [{\"name\": \"a\"},"
                + " {\"name\": \"b\", \"resource-usage\": {\"memory\": \"lots\"}}]}}";
        assertThatThrownBy(() -> ContainersState.parse(json)).isInstanceOf(ParseException.class)
                .hasMessageContaining("/containers/container/1/resource-usage/memory");
        assertThatThrownBy(() -> ContainersState.parse("{\"containers\": {\"container\": [{\"image\": \"x\"}]}}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("/containers/container/0");
    }

    @Test
    void truncatedGarbageAndEmpty() {
        String full = Fixtures.text("infix-containers-oper-1.json");
        String truncated = full.substring(0, full.indexOf("\"firewall\""));
        assertThatThrownBy(() -> ContainersState.parse(truncated)).isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).line()).isGreaterThan(40));
        assertThatThrownBy(() -> ContainersState.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> ContainersState.parse("<html>502 Bad Gateway</html>"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
        assertThatThrownBy(() -> ContainersState.parse("{\"ietf-system:system\": {}}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("ietf-system:system");
    }
}
