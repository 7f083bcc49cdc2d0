package io.appfleet.platform.problem;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * Reads request documents strictly (unknown fields, wrong types, trailing garbage are errors) and
 * turns every failure into a 400 naming the field path, e.g. {@code capacity.cpuUnits}. Resources
 * read bodies through this rather than the framework's reader, whose errors can lose the path.
 */
public final class JsonBodies {

    private static final ObjectMapper STRICT = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private JsonBodies() {
    }

    public static ObjectMapper strictMapper() {
        return STRICT;
    }

    public static <T> T read(String body, Class<T> type) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("body", "a JSON document is required");
        }
        try {
            return STRICT.readValue(body, type);
        } catch (JsonProcessingException e) {
            FieldError error = fieldError(e, "body");
            throw ProblemException.badRequest(error.field() + ": " + error.message(), List.of(error));
        }
    }

    /** The field path and a short reason for a Jackson failure; {@code fallback} names the whole document. */
    public static FieldError fieldError(JsonProcessingException e, String fallback) {
        String field = e instanceof JsonMappingException m ? path(m) : "";
        String message;
        if (e instanceof UnrecognizedPropertyException) {
            message = "unknown field";
        } else if (e instanceof InvalidFormatException f) {
            message = "cannot read " + quote(f.getValue()) + " as " + typeName(f.getTargetType());
        } else if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            message = "expected " + typeName(m.getTargetType());
        } else if (e instanceof JsonMappingException && !field.isEmpty()) {
            message = e.getOriginalMessage().split("\n")[0];
        } else {
            message = "malformed JSON" + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() : "") + ": " + e.getOriginalMessage().split("\n")[0];
        }
        return new FieldError(field.isEmpty() ? fallback : field, message);
    }

    private static String path(JsonMappingException m) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        return type.getSimpleName().isEmpty() ? "an object" : "a " + type.getSimpleName();
    }

    private static String quote(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return "'" + b + (s.length() > 64 ? "…" : "") + "'";
    }
}
