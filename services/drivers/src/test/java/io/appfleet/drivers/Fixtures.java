package io.appfleet.drivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared fixtures (real device output) from the test classpath, byte for byte, and helpers to compare with genie's expectations. */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    public static JsonNode json(String name) {
        try {
            return JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's view of a record, as {@code fleetctl parse} will print it. */
    public static JsonNode asJson(Object value) {
        return JSON.valueToTree(value);
    }

    /** Field names of a genie object, so a test can fail when it meets one it has no mapping for. */
    public static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            names.add(e.getKey());
        }
        return names;
    }

    /** "500 MB" as genie keeps it, checked against our number in that unit. */
    public static long amount(JsonNode genie, String unit) {
        String[] parts = genie.asText().trim().split("\\s+");
        assertThat(parts).hasSize(2);
        assertThat(parts[1]).isEqualTo(unit);
        return Long.parseLong(parts[0]);
    }

    private static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
