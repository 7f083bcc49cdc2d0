package io.appfleet.drivers.infix;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShowContainerTest {

    @Test
    void rowWithoutNetwork() {
        ShowContainer s = (ShowContainer) InfixParsers.parse("show container", Fixtures.text("infix-show-container-1.txt"));
        assertThat(s.containers()).containsExactly(
                new ShowContainer.Row("sys", "Up 5 seconds", true, null, 72L, 512L, new BigDecimal("0.02")));
    }

    @Test
    void rowWithNetwork() {
        ShowContainer s = (ShowContainer) InfixParsers.parse("show container", Fixtures.text("infix-show-container-2.txt"));
        ShowContainer.Row r = s.containers().get(0);
        assertThat(r.name()).isEqualTo("system");
        assertThat(r.status()).isEqualTo("Up 16 hours");
        assertThat(r.network()).isEqualTo("docker0");
        assertThat(r.memoryUsedKib()).isEqualTo(136L);
        assertThat(r.memoryLimitKib()).isEqualTo(512L);
        assertThat(r.cpuPercent()).isEqualByComparingTo("0.02");
    }

    @Test
    void echoedPromptsAreSkipped() {
        String session = "admin@example:/> show container\n" + Fixtures.text("infix-show-container-2.txt")
                + "admin@example:/>\n";
        assertThat(ShowContainer.parse(session).containers()).extracting(ShowContainer.Row::name)
                .containsExactly("system");
    }

    @Test
    void stoppedContainerWithoutStats() {
        String out = "NAME  STATUS         NETWORK  MEMORY (KiB)  CPU%\nweb   Exited (0) 2 minutes ago  docker0\n";
        ShowContainer.Row r = ShowContainer.parse(out).containers().get(0);
        assertThat(r.running()).isFalse();
        assertThat(r.status()).isEqualTo("Exited (0) 2 minutes ago");
        assertThat(r.network()).isEqualTo("docker0");
        assertThat(r.memoryUsedKib()).isNull();
    }

    @Test
    void garbageTruncatedAndEmpty() {
        assertThatThrownBy(() -> ShowContainer.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> ShowContainer.parse("Error: no such command\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
        String full = Fixtures.text("infix-show-container-2.txt");
        assertThatThrownBy(() -> ShowContainer.parse(full.substring(0, full.indexOf("docker0"))))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
    }
}
