package io.appfleet.drivers.iosxr;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApplicationTableTest {

    private static final String CMD = "show appmgr application-table";

    @Test
    void readsRowsThatDoNotLineUpWithTheHeader() {
        ApplicationTable t = (ApplicationTable) IosxrParsers.parse(CMD,
                Fixtures.text("iosxr-show-appmgr-application-table-1.txt"));
        assertThat(t.apps()).containsExactly(
                new ApplicationTable.App("monitor", "Docker", "Activated", "Up 10 seconds", true));
    }

    @Test
    void derivesRunningFromDockerStatusAndIgnoresTrailingSpaces() {
        ApplicationTable t = (ApplicationTable) IosxrParsers.parse("show appmgr application-table ",
                Fixtures.text("iosxr-show-appmgr-application-table-2.txt"));
        assertThat(t.apps()).extracting(ApplicationTable.App::appId)
                .containsExactly("my-app", "bgpfs2acl_1", "bgpfs2acl_2");
        assertThat(t.apps()).extracting(ApplicationTable.App::status)
                .containsExactly("Running", "Exited (137) 4 months ago", "Exited (2) 2 months ago");
        assertThat(t.apps()).extracting(ApplicationTable.App::running).containsExactly(true, false, false);
        assertThat(t.apps()).allSatisfy(a -> assertThat(a.configState()).isEqualTo("Activated"));
    }

    @Test
    void configStateOfSeveralWords() {
        String out = "Name   Type   Config State Status\n------\nweb Docker Not Activated Exited (0) 1 hour ago\n";
        ApplicationTable.App a = ApplicationTable.parse(out).apps().get(0);
        assertThat(a.configState()).isEqualTo("Not Activated");
        assertThat(a.status()).isEqualTo("Exited (0) 1 hour ago");
        assertThat(a.running()).isFalse();
    }

    @Test
    void emptyTableIsEmptyButEmptyOutputIsAnError() {
        String headerOnly = "Thu Jul 14 21:58:11.251 UTC\nName   Type   Config State Status\n------ ------ ------------ ------\n";
        assertThat(ApplicationTable.parse(headerOnly).apps()).isEmpty();
        assertThatThrownBy(() -> ApplicationTable.parse("")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> ApplicationTable.parse("RP/0/RP0/CPU0:r1#show appmgr application-table\n"
                + "Thu Jul 14 21:58:11.251 UTC\n")).isInstanceOf(ParseException.class);
    }

    @Test
    void garbageNamesTheLine() {
        assertThatThrownBy(() -> ApplicationTable.parse("Thu Jul 14 21:58:11.251 UTC\n% Invalid input detected at '^' marker.\n"))
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).line()).isEqualTo(2));
        String badRow = "Name   Type   Config State Status\n------\nmonitor Docker Activated Sleeping soundly\n";
        assertThatThrownBy(() -> ApplicationTable.parse(badRow))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 3");
        String truncated = "Name   Type   Config State Status\n------\nmonitor  Docker\n";
        assertThatThrownBy(() -> ApplicationTable.parse(truncated))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 3");
    }
}
