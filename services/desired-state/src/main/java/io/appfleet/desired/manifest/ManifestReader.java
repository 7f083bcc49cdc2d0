package io.appfleet.desired.manifest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.yaml.snakeyaml.LoaderOptions;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.appfleet.platform.problem.FieldError;

/**
 * Reads manifests from YAML or JSON text. Parsing is strict (duplicate keys and trailing garbage
 * are errors, YAML aliases are capped so a small document cannot expand into a huge one) and
 * every document goes through {@link ManifestValidator}.
 */
public final class ManifestReader {

    /** One document of a multi-document file: the manifest, or why it was refused. */
    public record Document(int index, AppDeployment manifest, List<FieldError> errors) {
        public boolean ok() {
            return manifest != null;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final ObjectMapper YAML = new ObjectMapper(yamlFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ManifestReader() {
    }

    private static YAMLFactory yamlFactory() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(20);
        options.setAllowDuplicateKeys(false);
        options.setCodePointLimit(4 * 1024 * 1024);
        return YAMLFactory.builder().loaderOptions(options).build();
    }

    /**
     * Exactly one manifest.
     *
     * @throws InvalidManifestException naming every bad field, or {@code body} for text that does not parse
     */
    public static AppDeployment read(String text, ManifestFormat format) {
        List<JsonNode> docs = parse(text, format);
        if (docs.isEmpty()) {
            throw InvalidManifestException.of("body", "an AppDeployment manifest is required");
        }
        if (docs.size() > 1) {
            throw InvalidManifestException.of("body", "one manifest per request; the body has " + docs.size()
                    + " documents");
        }
        return ManifestValidator.validate(docs.get(0));
    }

    /**
     * Every document of a file (YAML files may hold several, separated by {@code ---}); each is
     * judged on its own. Text that does not parse at all throws.
     */
    public static List<Document> readAll(String text, ManifestFormat format) {
        List<JsonNode> docs = parse(text, format);
        List<Document> out = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            try {
                out.add(new Document(i, ManifestValidator.validate(docs.get(i)), List.of()));
            } catch (InvalidManifestException e) {
                out.add(new Document(i, null, e.errors()));
            }
        }
        return out;
    }

    /** A manifest from its canonical JSON as stored per revision. */
    public static AppDeployment fromStored(String json) {
        return read(json, ManifestFormat.JSON);
    }

    /** Validates an already parsed document (for example one field of a larger request). */
    public static AppDeployment fromTree(JsonNode document) {
        return ManifestValidator.validate(document);
    }

    private static List<JsonNode> parse(String text, ManifestFormat format) {
        if (text == null || text.isBlank()) {
            throw InvalidManifestException.of("body", "an AppDeployment manifest is required");
        }
        List<JsonNode> docs = new ArrayList<>();
        try {
            if (format == ManifestFormat.JSON) {
                docs.add(JSON.readTree(text));
            } else {
                try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
                    while (it.hasNextValue()) {
                        JsonNode n = it.nextValue();
                        // An empty document (a trailing ---) reads as an empty string: it holds no manifest.
                        if (n != null && !n.isNull() && !n.isMissingNode() && !(n.isTextual() && n.textValue().isEmpty())) {
                            docs.add(n);
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr();
            throw InvalidManifestException.of("body", "malformed " + format + where + ": "
                    + TreeReader.printable(e.getOriginalMessage().split("\n")[0]));
        } catch (IOException | RuntimeException e) {
            throw InvalidManifestException.of("body", "malformed " + format + ": "
                    + TreeReader.printable(String.valueOf(e.getMessage()).split("\n")[0]));
        }
        return docs;
    }
}
