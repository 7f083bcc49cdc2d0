package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AppListParserTest {

    @Test
    void list1MatchesGenie() {
        AppList list = AppListParser.parse(Fixtures.text("iosxe-show-app-hosting-list-1.txt"));
        JsonNode genie = Fixtures.json("iosxe-show-app-hosting-list-1.genie-expected.json");

        assertThat(Fixtures.fields(genie)).containsExactly("app_id");
        assertThat(list.apps()).hasSize(genie.get("app_id").size());
        for (Map.Entry<String, JsonNode> app : genie.get("app_id").properties()) {
            assertThat(Fixtures.fields(app.getValue())).containsExactly("state");
            assertThat(list.apps()).contains(new AppList.App(app.getKey(), app.getValue().get("state").asText()));
        }
    }

    @Test
    void olderSeparatorWidth() {
        assertThat(AppListParser.parse(Fixtures.text("iosxe-show-app-hosting-list-2.txt")).apps())
                .containsExactly(new AppList.App("perfsonar", "RUNNING"));
        assertThat(AppListParser.parse(Fixtures.text("iosxe-show-app-hosting-list-3.txt")).apps())
                .containsExactly(new AppList.App("perflxc", "RUNNING"));
    }

    @Test
    void noAppFoundIsAnEmptyList() {
        assertThat(AppListParser.parse("sw1#show app-hosting list\nNo App found\nsw1#").apps()).isEmpty();
    }

    @Test
    void severalApps() {
        String out = """
                App id                                   State
                ---------------------------------------------------------
                iperf                                    INSTALLING
                iris                                     DEPLOYED
                """;
        assertThat(AppListParser.parse(out).apps()).extracting(AppList.App::state).containsExactly("INSTALLING", "DEPLOYED");
    }

    @Test
    void rowThatIsNotAppAndStateNamesItsLine() {
        String out = "App id   State\n-------------------\niperf    RUNNING\nsomething else here\n";
        assertThatThrownBy(() -> AppListParser.parse(out))
                .isInstanceOf(ParseException.class)
                .hasMessageContaining("line 4")
                .hasMessageContaining("something else here");
    }

    @Test
    void headerWithoutSeparatorIsTruncated() {
        assertThatThrownBy(() -> AppListParser.parse("App id     State\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 1");
    }

    @Test
    void cliErrorIsNotAnEmptyList() {
        assertThatThrownBy(() -> AppListParser.parse("sw#show app-hosting list\n% Invalid input detected at '^' marker.\n"))
                .isInstanceOf(ParseException.class).hasMessageContaining("line 2");
    }
}
