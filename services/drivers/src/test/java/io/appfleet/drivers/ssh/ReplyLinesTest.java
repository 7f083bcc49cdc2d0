package io.appfleet.drivers.ssh;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The one-pass clean-up of a reply gives what the regex passes it replaced gave. */
class ReplyLinesTest {

    private static final CliPrompt SW1 = CliPrompt.learn("\r\nsw1#").prompt();

    @Test
    void cleansEveryFixtureAsTheRegexPassesDid() throws Exception {
        List<Path> fixtures = fixtures();
        assertThat(fixtures).hasSizeGreaterThan(20);
        for (Path f : fixtures) {
            String body = Files.readString(f, StandardCharsets.UTF_8);
            String crlf = body.replace("\r\n", "\n").replace("\n", "\r\n");
            for (String raw : List.of("show x\r\n" + crlf + "\r\nsw1#", "show x\r\n" + body + "sw1#",
                    "\r\nsw1#show x\r\n" + crlf + "\r\n\r\nsw1(config)# ", crlf)) {
                assertThat(ReplyLines.clean(raw, "show x", SW1::isPromptLine)).as(f.getFileName().toString())
                        .isEqualTo(regexClean(raw, "show x", SW1::isPromptLine));
            }
        }
    }

    @Test
    void cleansLineEndsPagingMarksAndErasuresAsTheRegexPassesDid() {
        List<String> raws = List.of(
                "",
                "sw1#",
                "show clock\r\n",
                "show clock\r\n*10:00\r\nsw1#",
                "show clock\r\r\n*10:00\r\r\r\nsw1#\r\n",
                "show clock\r*10:00\r\rrow\n\nsw1#",
                "\r\n\r\n   \r\nshow clock\r\n\r\nrow\r\n\r\n   \r\nsw1#",
                "sw1#show clock\r\nrow\r\nsw1#",
                "show long\r\nrow 1\r\n --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\brow 2\r\nsw1#",
                "show long\r\nrow 1\r\n--More----More-- x\b\b  \bs\r\nsw1#",
                "show back\r\na\b\b\b   b\r\n\b\r\nsw1#",
                "show clock\r\nrow\r\nsw1#\r\nlate syslog line\r\n",
                "no prompt at all\r\nrow",
                "show caf\u00e9\r\nna\u00efve \u20ac\r\nsw1#");
        for (String raw : raws) {
            for (String command : List.of("show clock", "show long", " show back ", "x")) {
                assertThat(ReplyLines.clean(raw, command, SW1::isPromptLine)).as("'%s' for '%s'", raw, command)
                        .isEqualTo(regexClean(raw, command, SW1::isPromptLine));
            }
        }
    }

    @Test
    void splitsAsStringSplitDoes() {
        for (String s : List.of("", "a", "\n", "\r", "\r\n", "\r\r\n", "a\r\rb", "a\n\nb\r\n", "\r\n\r\n", "a\r", "\ra")) {
            assertThat(ReplyLines.split(s)).as("'%s'", s).containsExactly(s.split("\r*\n|\r", -1));
        }
    }

    /** The clean-up as it was: two regex replacements, a regex split and list removals. */
    private static String regexClean(String raw, String command, java.util.function.Predicate<String> isPromptLine) {
        String text = Pattern.compile(" ?--More-- ?").matcher(raw).replaceAll("");
        text = Pattern.compile("\\x08+ *\\x08*").matcher(text).replaceAll("");
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\r*\n|\r", -1)));
        for (int i = lines.size() - 1; i >= 0; i--) {
            if (isPromptLine.test(lines.get(i))) {
                lines.subList(i, lines.size()).clear();
                break;
            }
        }
        while (!lines.isEmpty() && lines.get(0).isBlank()) {
            lines.remove(0);
        }
        if (!lines.isEmpty() && lines.get(0).strip().endsWith(command.strip())) {
            lines.remove(0);
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isBlank()) {
            lines.remove(lines.size() - 1);
        }
        return String.join("\n", lines);
    }

    /** The shared fixtures (real device output) as the test classpath holds them. */
    static List<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(Objects.requireNonNull(ReplyLinesTest.class.getResource("/fixtures/SOURCES.md")).toURI()).getParent();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
    }
}
