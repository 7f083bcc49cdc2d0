package io.appfleet.drivers.parse;

import org.junit.jupiter.api.Test;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one-pass line split gives the lines and line numbers the regex split gave. */
class OutputLinesTest {

    private static final Pattern PROMPT = Pattern.compile("^(RP/\\d+/[A-Z0-9]+/CPU\\d+:)?[A-Za-z0-9][-A-Za-z0-9_.]*(\\([-a-z0-9]+\\))?[#>].*");

    @Test
    void splitsEveryFixtureAsTheRegexSplitDid() throws Exception {
        Path dir = Path.of(Objects.requireNonNull(OutputLinesTest.class.getResource("/fixtures/SOURCES.md")).toURI()).getParent();
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(dir)) {
            fixtures = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertThat(fixtures).hasSizeGreaterThan(20);
        for (Path f : fixtures) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            for (String variant : List.of(text, text.replace("\n", "\r\n"), text.replace("\n", "\r"), "sw1#show x\r\n" + text + "sw1#")) {
                assertThat(OutputLines.of(variant).all()).as(f.getFileName().toString()).isEqualTo(regexSplit(variant));
                for (OutputLines.Line l : OutputLines.of(variant).all()) {
                    assertThat(OutputLines.isPrompt(l.text())).as("'%s'", l.text()).isEqualTo(PROMPT.matcher(l.text()).matches());
                }
            }
        }
    }

    @Test
    void splitsLineEndsAsTheRegexSplitDid() {
        for (String s : List.of("", "a", "\n", "\r", "\r\n", "\n\r", "\r\r\n", "a\r\rb", "a\n\nb\r\n", "\r\n\r\n", "a  \t\r",
                "\ra", "a \n  ", "x\r\n\r\ny\n")) {
            assertThat(OutputLines.of(s).all()).as("'%s'", s).isEqualTo(regexSplit(s));
        }
        assertThatThrownBy(() -> OutputLines.of(null)).isInstanceOf(ParseException.class);
    }

    @Test
    void recognisesPromptLines() {
        assertThat(OutputLines.isPrompt("sw1#show app-hosting list")).isTrue();
        assertThat(OutputLines.isPrompt("RP/0/RP0/CPU0:xr-1#")).isTrue();
        assertThat(OutputLines.isPrompt("sw1(config)>")).isTrue();
        assertThat(OutputLines.isPrompt("App id                 : probe")).isFalse();
        assertThat(OutputLines.isPrompt("# a comment")).isFalse();
        assertThat(OutputLines.isPrompt("")).isFalse();
    }

    private static List<OutputLines.Line> regexSplit(String output) {
        List<OutputLines.Line> lines = new ArrayList<>();
        String[] raw = output.split("\r\n|\r|\n", -1);
        int count = raw.length > 0 && raw[raw.length - 1].isEmpty() ? raw.length - 1 : raw.length;
        for (int i = 0; i < count; i++) {
            lines.add(new OutputLines.Line(i + 1, raw[i].stripTrailing()));
        }
        return lines;
    }
}
