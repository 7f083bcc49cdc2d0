package io.appfleet.telemetry.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A scrape of /q/metrics in the Prometheus text format (as Prometheus asks for it with
 * {@code Accept: text/plain}), parsed into samples; and {@code promtool check metrics} on it.
 */
record Scrape(String text, List<Sample> samples) {

    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    static Scrape of(HttpClient http, URI uri) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Accept", "text/plain")
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError("GET " + uri + " answered " + r.statusCode() + ": " + r.body());
        }
        return parse(r.body());
    }

    static Scrape parse(String text) {
        List<Sample> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                labels = labels(line.substring(brace + 1, line.lastIndexOf('}')));
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            out.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1))));
        }
        return new Scrape(text, out);
    }

    private static Map<String, String> labels(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            String key = s.substring(i, eq).strip();
            StringBuilder v = new StringBuilder();
            int j = eq + 2; // past ="
            while (s.charAt(j) != '"') {
                char c = s.charAt(j);
                if (c == '\\') {
                    char n = s.charAt(++j);
                    v.append(n == 'n' ? '\n' : n);
                } else {
                    v.append(c);
                }
                j++;
            }
            out.put(key, v.toString());
            i = j + 1;
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
        return out;
    }

    /** Samples of {@code name} whose labels include {@code match}. */
    List<Sample> find(String name, Map<String, String> match) {
        return samples.stream().filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(match.entrySet())).toList();
    }

    /** The one sample of {@code name} with labels including {@code match}; fails when there is none or several. */
    double value(String name, Map<String, String> match) {
        List<Sample> found = find(name, match);
        if (found.size() != 1) {
            throw new AssertionError("expected one sample " + name + match + ", found " + found);
        }
        return found.get(0).value();
    }

    double sum(String name, Map<String, String> match) {
        return find(name, match).stream().mapToDouble(Sample::value).sum();
    }

    /** Runs {@code promtool check metrics} on the scrape: its exit code and everything it printed. */
    record PromtoolResult(int exitCode, String output) {
    }

    PromtoolResult promtool() throws IOException, InterruptedException {
        if (!Files.isExecutable(PROMTOOL)) {
            throw new AssertionError(PROMTOOL + " is missing: install the Debian package 'prometheus'"
                    + " (apt-get install prometheus), which provides promtool");
        }
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (var in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("promtool check metrics did not finish within 60 s");
        }
        return new PromtoolResult(p.exitValue(), output);
    }
}
