package io.appfleet.drivers.iosxe;

import io.appfleet.drivers.Fixtures;

import io.appfleet.drivers.parse.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class IosxeParsersTest {

    static Stream<Arguments> fixtures() {
        return Stream.of(
                arguments("show app-hosting list", "iosxe-show-app-hosting-list-1.txt", AppList.class),
                arguments("show app-hosting list", "iosxe-show-app-hosting-list-2.txt", AppList.class),
                arguments("show app-hosting list", "iosxe-show-app-hosting-list-3.txt", AppList.class),
                arguments("show app-hosting detail appid thousandeyes_enterprise_agent", "iosxe-show-app-hosting-detail-1.txt", AppDetails.class),
                arguments("show app-hosting detail appid guestshell", "iosxe-show-app-hosting-detail-2.txt", AppDetails.class),
                arguments("show app-hosting detail", "iosxe-show-app-hosting-detail-3.txt", AppDetails.class),
                arguments("show app-hosting detail appid perfsonar", "iosxe-show-app-hosting-detail-4.txt", AppDetails.class),
                arguments("show app-hosting detail appid perflxc", "iosxe-show-app-hosting-detail-5.txt", AppDetails.class),
                arguments("show app-hosting utilization appid thousand_eyes", "iosxe-show-app-hosting-utilization-1.txt", AppUtilization.class),
                arguments("show app-hosting resource", "iosxe-show-app-hosting-resource-1.txt", AppHostingResource.class),
                arguments("show app-hosting infra", "iosxe-show-app-hosting-infra-1.txt", AppHostingInfra.class),
                arguments("show app-hosting infra", "iosxe-show-app-hosting-infra-2.txt", AppHostingInfra.class),
                arguments("show sdwan app-hosting oper-data", "iosxe-show-sdwan-app-hosting-oper-data-1.txt", SdwanOperData.class),
                arguments("show platform hardware fed standby qos queue stats internal cpu policer", "iosxe-cpp-policer-stats-1.txt", CpuPolicerStats.class),
                arguments("show platform hardware fed switch active qos queue stats internal cpu policer", "iosxe-cpp-policer-stats-2-partial.txt", CpuPolicerStats.class),
                arguments("app-hosting start appid perfsonar", "iosxe-app-hosting-lifecycle-1.txt", LifecycleReply.class),
                arguments("app-hosting start appid perflxc", "iosxe-app-hosting-lifecycle-2.txt", LifecycleReply.class));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("fixtures")
    void everyFixtureParsesAndPrints(String command, String fixture, Class<?> type) {
        Object parsed = IosxeParsers.parse(command, Fixtures.text(fixture));
        assertThat(parsed).isInstanceOf(type);
        assertThat(Fixtures.asJson(parsed).isObject()).isTrue();
    }

    @Test
    void lifecycleFixtureGivesTheReplyOfTheCommand() {
        LifecycleReply r = (LifecycleReply) IosxeParsers.parse("app-hosting start appid perflxc",
                Fixtures.text("iosxe-app-hosting-lifecycle-2.txt"));
        assertThat(r.state()).isEqualTo("RUNNING");
    }

    @Test
    void extraSpacesAndCaseInKeywords() {
        Object parsed = IosxeParsers.parse("  show   App-Hosting   list ", Fixtures.text("iosxe-show-app-hosting-list-2.txt"));
        assertThat(parsed).isEqualTo(new AppList(java.util.List.of(new AppList.App("perfsonar", "RUNNING"))));
    }

    @Test
    void appIdKeepsItsCase() {
        LifecycleReply r = (LifecycleReply) IosxeParsers.parse("app-hosting  stop appid IRIS", "% Error: Not enough memory");
        assertThat(r.appId()).isEqualTo("IRIS");
    }

    @ParameterizedTest
    @ValueSource(strings = {"show app-host list", "sh app-hosting list", "show app-hosting", "show app-hosting detail appid",
            "show app-hosting utilization", "show version", "app-hosting start", "app-hosting connect appid x console", ""})
    void unknownOrAbbreviatedCommand(String command) {
        assertThatThrownBy(() -> IosxeParsers.parse(command, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<String> commands() {
        return Stream.of("show app-hosting list", "show app-hosting detail", "show app-hosting detail appid x",
                "show app-hosting utilization appid x", "show app-hosting resource", "show app-hosting infra",
                "show iox-service", "show sdwan app-hosting oper-data",
                "show platform hardware fed switch active qos queue stats internal cpu policer",
                "app-hosting start appid x");
    }

    @ParameterizedTest
    @MethodSource("commands")
    void emptyOutput(String command) {
        assertThatThrownBy(() -> IosxeParsers.parse(command, "")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> IosxeParsers.parse(command, "  \r\n\n")).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> IosxeParsers.parse(command, "sw1#" + command + "\nsw1#")).isInstanceOf(ParseException.class);
    }

    @ParameterizedTest
    @MethodSource("commands")
    void garbageNamesItsLine(String command) {
        String garbage = "sw1#" + command + "\nHello there, general Kenobi\nlorem ipsum: 42\n";
        assertThatThrownBy(() -> IosxeParsers.parse(command, garbage))
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).line()).isPositive());
    }

    @ParameterizedTest
    @MethodSource("commands")
    void binaryJunk(String command) {
        String junk = "\u0000\u0001\u0002\u00ff\u001b[2J\ufffd\ufffd\u0007PK\u0003\u0004";
        assertThatThrownBy(() -> IosxeParsers.parse(command, junk))
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).line()).isEqualTo(1));
    }

    @ParameterizedTest
    @MethodSource("commands")
    void cliRejection(String command) {
        String out = "sw1#" + command + "\n                 ^\n% Invalid input detected at '^' marker.\n\nsw1#";
        if (command.startsWith("app-hosting")) {
            assertThat(((LifecycleReply) IosxeParsers.parse(command, out)).outcome()).isEqualTo(LifecycleReply.Outcome.REJECTED);
        } else {
            assertThatThrownBy(() -> IosxeParsers.parse(command, out)).isInstanceOf(ParseException.class);
        }
    }

    /** Output cut in the middle of a line, as a dropped session leaves it. */
    static Stream<Arguments> truncated() {
        return Stream.of(
                arguments("show app-hosting list", "iosxe-show-app-hosting-list-1.txt", "App id    "),
                arguments("show app-hosting detail", "iosxe-show-app-hosting-detail-1.txt", "thousandeyes_enterprise_agent\nOw"),
                arguments("show app-hosting detail", "iosxe-show-app-hosting-detail-2.txt", "Platform resource pro"),
                arguments("show app-hosting utilization appid thousand_eyes", "iosxe-show-app-hosting-utilization-1.txt", "CPU Utilization:\n  CPU Al"),
                arguments("show app-hosting resource", "iosxe-show-app-hosting-resource-1.txt", "VCPU:\n  Cou"),
                arguments("show app-hosting infra", "iosxe-show-app-hosting-infra-1.txt", "App signature ver"),
                arguments("show sdwan app-hosting oper-data", "iosxe-show-sdwan-app-hosting-oper-data-1.txt", "RUNNING\r\n det"),
                arguments("show platform hardware fed standby qos queue stats internal cpu policer", "iosxe-cpp-policer-stats-1.txt", "0    11     DOT1X Au"),
                arguments("show platform hardware fed standby qos queue stats internal cpu policer", "iosxe-cpp-policer-stats-1.txt", "Second Level Policer Statistics\n====================================================================\n20         0"));
    }

    @ParameterizedTest(name = "{1} cut after {2}")
    @MethodSource("truncated")
    void truncatedOutput(String command, String fixture, String cutAfter) {
        String text = Fixtures.text(fixture);
        int at = text.indexOf(cutAfter);
        assertThat(at).as("cut point in fixture").isNotNegative();
        String cut = text.substring(0, at + cutAfter.length());
        assertThatThrownBy(() -> IosxeParsers.parse(command, cut))
                .isInstanceOf(ParseException.class)
                .satisfies(e -> assertThat(((ParseException) e).line()).isPositive());
    }
}
