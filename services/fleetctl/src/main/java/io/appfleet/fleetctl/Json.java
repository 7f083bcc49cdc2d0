package io.appfleet.fleetctl;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.appfleet.drivers.qga.QgaError;

/** How fleetctl prints results: indented JSON, ISO times, and agent errors in the QGA wire shape. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static String write(Object value) throws JsonProcessingException {
        Object printable = value instanceof QgaError e ? error(e.errorClass(), e.desc()) : value;
        return MAPPER.writeValueAsString(printable);
    }

    /** {@code {"error":{"class":…,"desc":…}}}, as the agent itself answers. */
    static Map<String, Object> error(String errorClass, String desc) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("class", errorClass);
        error.put("desc", desc);
        return Map.of("error", error);
    }
}
