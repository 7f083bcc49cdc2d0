package io.appfleet.fleetctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/** {@code -o}: a table for people, or the server's JSON re-encoded for scripts. */
enum OutputFormat {
    TABLE, JSON, YAML;

    private static final ObjectMapper PRETTY_JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML_MAPPER = YAMLMapper.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();

    /**
     * One reply as a document: indented JSON, or YAML starting with {@code ---} so that several
     * replies in a row (apply of a directory) read as a multi-document stream.
     */
    String encode(JsonNode reply) {
        try {
            return switch (this) {
                case JSON -> PRETTY_JSON.writeValueAsString(reply);
                case YAML -> YAML_MAPPER.writeValueAsString(reply).stripTrailing();
                case TABLE -> throw new IllegalStateException("a table is rendered by its command");
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always encodes", e);
        }
    }
}
