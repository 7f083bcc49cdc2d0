package io.appfleet.drivers.qga;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.parse.ParseException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Typed reads of optional members. A missing (or JSON null) member gives null, never 0 or false, so a
 * collector can tell "the guest did not say" from "the guest said zero". A member of the wrong type is
 * an error, not a silent null.
 */
final class JsonFields {

    private JsonFields() {
    }

    static JsonNode object(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw new ParseException(what + " is not a JSON object: " + shape(node));
        }
        return node;
    }

    static <T> List<T> list(JsonNode node, String what, Function<JsonNode, T> element) {
        if (node == null || !node.isArray()) {
            throw new ParseException(what + " is not a JSON array: " + shape(node));
        }
        List<T> out = new ArrayList<>(node.size());
        node.forEach(e -> out.add(element.apply(e)));
        return List.copyOf(out);
    }

    /** An optional array member: absent gives an empty list (a list has no "zero" to confuse with). */
    static <T> List<T> optionalList(JsonNode parent, String field, Function<JsonNode, T> element) {
        JsonNode node = parent.get(field);
        return absent(node) ? List.of() : list(node, field, element);
    }

    static String text(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw wrongType(field, "a string", node);
        }
        return node.textValue();
    }

    static Long counter(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        // uint64 in the schema; above Long.MAX_VALUE would wrap to a negative count, so refuse it.
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
            throw wrongType(field, "an integer that fits in a long", node);
        }
        return node.longValue();
    }

    static Integer integer(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw wrongType(field, "an int", node);
        }
        return node.intValue();
    }

    static Double number(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isNumber()) {
            throw wrongType(field, "a number", node);
        }
        return node.doubleValue();
    }

    static Boolean bool(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isBoolean()) {
            throw wrongType(field, "a boolean", node);
        }
        return node.booleanValue();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static ParseException wrongType(String field, String expected, JsonNode node) {
        return new ParseException("member '" + field + "' should be " + expected + " but is " + shape(node));
    }

    private static String shape(JsonNode node) {
        if (node == null) {
            return "missing";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
    }
}
