package io.appfleet.fleetctl;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.DocumentEndEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * The manifests named by {@code -f}: files, directories (their *.yaml, *.yml and *.json files in
 * name order, not recursing) and {@code -} for stdin. The API takes one manifest per request, so a
 * multi-document YAML file is cut into its documents, each sent as the text it was written in.
 * Everything is read before anything is sent: an unreadable input stops the command with nothing
 * applied.
 */
final class ManifestFiles {

    /** One manifest as it will be sent; {@code source} names it in messages ("apps/probe.yaml (document 2)"). */
    record Manifest(String source, String text, boolean json) {
        String mediaType() {
            return json ? "application/json" : "application/yaml";
        }
    }

    static final String STDIN = "-";

    private ManifestFiles() {
    }

    static List<Manifest> read(List<String> names, InputStream stdin) throws InputException {
        if (names == null || names.isEmpty()) {
            throw new InputException("name the manifests with -f <file|directory|->");
        }
        if (names.stream().filter(STDIN::equals).count() > 1) {
            throw new InputException("stdin (-f -) can be read only once");
        }
        List<Manifest> out = new ArrayList<>();
        for (String name : names) {
            if (name.equals(STDIN)) {
                String text;
                try {
                    text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new InputException("cannot read stdin: " + e.getMessage());
                }
                out.addAll(split("<stdin>", text, looksLikeJson(text)));
                continue;
            }
            Path path = Path.of(name);
            if (Files.isDirectory(path)) {
                List<Path> files = manifestsIn(path);
                if (files.isEmpty()) {
                    throw new InputException(name + " holds no *.yaml, *.yml or *.json file");
                }
                for (Path file : files) {
                    String text = readFile(file);
                    out.addAll(split(file.toString(), text, isJsonName(file)));
                }
            } else {
                String text = readFile(path);
                Boolean byName = formatOfName(path);
                out.addAll(split(name, text, byName != null ? byName : looksLikeJson(text)));
            }
        }
        return out;
    }

    private static List<Path> manifestsIn(Path dir) throws InputException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isRegularFile).filter(p -> formatOfName(p) != null)
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new InputException("cannot list " + dir + ": " + e.getMessage());
        }
    }

    private static String readFile(Path file) throws InputException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException("no such file or directory: " + file);
        } catch (CharacterCodingException e) {
            throw new InputException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** true for .json, false for .yaml/.yml, null for any other name. */
    private static Boolean formatOfName(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return true;
        }
        return n.endsWith(".yaml") || n.endsWith(".yml") ? false : null;
    }

    private static boolean isJsonName(Path file) {
        return Boolean.TRUE.equals(formatOfName(file));
    }

    /** JSON starts with an object; anything else is taken as YAML (of which JSON is a subset anyway). */
    static boolean looksLikeJson(String text) {
        String t = text.stripLeading();
        if (t.startsWith("\uFEFF")) {
            t = t.substring(1).stripLeading();
        }
        return t.startsWith("{");
    }

    /**
     * The documents of a YAML text, each cut from the original text (comments, quoting and line
     * breaks kept). Text the YAML parser cannot read is sent whole, for the server to name the
     * error with its line and column; so is JSON.
     */
    static List<Manifest> split(String source, String text, boolean json) throws InputException {
        if (text.isBlank()) {
            throw new InputException(source + " is empty");
        }
        if (json) {
            return List.of(new Manifest(source, text, true));
        }
        List<String> documents = new ArrayList<>();
        try {
            int[] codePoints = text.codePoints().toArray();
            int start = -1;
            boolean empty = true;
            int nodes = 0;
            LoaderOptions options = new LoaderOptions();
            options.setCodePointLimit(Math.max(options.getCodePointLimit(), text.length() + 1));
            for (Event event : new Yaml(options).parse(new StringReader(text))) {
                if (event instanceof DocumentStartEvent) {
                    start = event.getStartMark().getIndex();
                    empty = true;
                    nodes = 0;
                } else if (event instanceof DocumentEndEvent) {
                    if (!empty) {
                        documents.add(new String(codePoints, start, event.getEndMark().getIndex() - start));
                    }
                } else if (start >= 0) {
                    nodes++;
                    // A document that is only "---" (or only comments) parses as one empty plain scalar.
                    empty = nodes == 1 && event instanceof ScalarEvent s && s.getValue().isEmpty() && s.getImplicit()
                            .canOmitTagInPlainScalar();
                }
            }
        } catch (YAMLException | IndexOutOfBoundsException e) {
            return List.of(new Manifest(source, text, false));
        }
        if (documents.isEmpty()) {
            throw new InputException(source + " holds no manifest (only comments or empty documents)");
        }
        if (documents.size() == 1) {
            return List.of(new Manifest(source, text, false));
        }
        List<Manifest> out = new ArrayList<>();
        for (int i = 0; i < documents.size(); i++) {
            out.add(new Manifest(source + " (document " + (i + 1) + ")", documents.get(i), false));
        }
        return out;
    }
}
