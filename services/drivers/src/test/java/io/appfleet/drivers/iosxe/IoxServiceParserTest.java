package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.iosxe.IoxService.Component;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** No capture exists; the text follows the line formats in device-protocols.md 1b ("show iox"). */
class IoxServiceParserTest {

    private static final String OUTPUT = """
            sw1#show iox-service

            IOx Infrastructure Summary:
            ---------------------------
            IOx service (CAF) 1.10.0.1 : Running
            IOx service (HA)          : Not Supported \s
            IOx service (IOxman)      : Running
            IOx service (Sec storage) : Not Supported
            Libvirtd   1.3.4          : Running
            Dockerd    v18.03.0       : Running
            sw1#""";

    @Test
    void components() {
        IoxService s = IoxServiceParser.parse(OUTPUT);
        assertThat(s.components()).containsExactly(
                new Component("IOx service (CAF)", "1.10.0.1", "Running"),
                new Component("IOx service (HA)", null, "Not Supported"),
                new Component("IOx service (IOxman)", null, "Running"),
                new Component("IOx service (Sec storage)", null, "Not Supported"),
                new Component("Libvirtd", "1.3.4", "Running"),
                new Component("Dockerd", "v18.03.0", "Running"));
    }

    @Test
    void jsonShape() {
        assertThat(Fixtures.asJson(IoxServiceParser.parse(OUTPUT)).get("components").get(0).toString())
                .isEqualTo("{\"name\":\"IOx service (CAF)\",\"version\":\"1.10.0.1\",\"status\":\"Running\"}");
    }

    @Test
    void lineWithoutStatus() {
        assertThatThrownBy(() -> IoxServiceParser.parse("IOx service (CAF) : Running\nIOx is starting up\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
    }

    @Test
    void noIoxServiceLine() {
        assertThatThrownBy(() -> IoxServiceParser.parse("Foo : bar\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("IOx service");
    }
}
