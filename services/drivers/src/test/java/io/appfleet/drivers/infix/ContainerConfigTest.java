package io.appfleet.drivers.infix;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerConfigTest {

    @Test
    void fragmentWithoutBraces() {
        @SuppressWarnings("unchecked")
        List<ContainerConfig> all = (List<ContainerConfig>) InfixParsers.parse("config",
                Fixtures.text("infix-containers-config-fragment-1.json"));
        assertThat(all).hasSize(1);
        ContainerConfig web = all.get(0);
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.image()).isEqualTo("oci-archive:/lib/oci/curios-httpd-latest.tar.gz");
        assertThat(web.hostname()).isEqualTo("web");
        assertThat(web.network().interfaces()).containsExactly(new ContainerNetwork.Interface("veth-sys0", List.of()));
        assertThat(web.mounts()).containsExactly(new ContainerConfig.Mount("index.html", null, null,
                "PCFET0NUWVBFIGh0bWwjibberish.shortened.down==", "/var/www/index.html", null, null));
        assertThat(web.env()).isEmpty();
        assertThat(web.resourceLimit()).isNull();
    }

    @Test
    void restconfPatchBody() {
        String body = """
                {"infix-containers:containers":{"container":[{"name":"web","image":"oci-archive:/lib/oci/curios-httpd-latest.tar.gz",
                  "command":"/usr/sbin/httpd -f -v -p 91","network":{"host":true},"resource-limit":{"memory":512,"cpu":500},
                  "env":[{"key":"TZ","value":"UTC"}],"volume":[{"name":"cache","target":"/var/cache"}],
                  "capabilities":{"add":["net_admin"]},"restart-policy":"retry","checksum":{"sha256":"abc"}}]}}
                """;
        ContainerConfig c = ContainerConfig.parseAll(body).get(0);
        assertThat(c.command()).isEqualTo("/usr/sbin/httpd -f -v -p 91");
        assertThat(c.network().host()).isTrue();
        assertThat(c.resourceLimit()).isEqualTo(new ContainerConfig.ResourceLimit(512L, 500L));
        assertThat(c.env()).containsExactly(new ContainerConfig.Env("TZ", "UTC"));
        assertThat(c.volumes()).containsExactly(new ContainerConfig.Volume("cache", "/var/cache"));
        assertThat(c.capabilities().add()).containsExactly("net_admin");
        assertThat(c.restartPolicy()).isEqualTo("retry");
        assertThat(c.checksum().sha256()).isEqualTo("abc");
    }

    @Test
    void missingImageOrBrokenFragmentFails() {
        assertThatThrownBy(() -> ContainerConfig.parseAll("{\"containers\":{\"container\":[{\"name\":\"x\"}]}}"))
                .isInstanceOf(ParseException.class).hasMessageContaining("'image'")
                .hasMessageContaining("/containers/container/0");
        String fragment = Fixtures.text("infix-containers-config-fragment-1.json");
        String truncated = fragment.substring(0, fragment.indexOf("\"mount\""));
        assertThatThrownBy(() -> ContainerConfig.parseAll(truncated)).isInstanceOf(ParseException.class)
                .hasMessageContaining("invalid JSON");
        assertThatThrownBy(() -> ContainerConfig.parseAll("   ")).isInstanceOf(ParseException.class);
    }
}
