package io.appfleet.desired.manifest;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.appfleet.platform.problem.FieldError;

/**
 * Reads a parsed document field by field and collects every problem with its JSON path
 * ({@code spec.rollout.waves[1].percent}) instead of stopping at the first, so an operator fixes a
 * manifest in one round. Getters return null for a missing or wrong value (after recording why).
 */
final class TreeReader {

    private final List<FieldError> errors = new ArrayList<>();

    List<FieldError> errors() {
        return errors;
    }

    void error(String path, String message) {
        errors.add(new FieldError(path.isEmpty() ? "body" : path, message));
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String index(String path, int i) {
        return path + "[" + i + "]";
    }

    /** The object at {@code key}, or null (recording an error when it is required or not an object). */
    JsonNode object(JsonNode parent, String key, String path, boolean required) {
        JsonNode n = parent.get(key);
        String p = child(path, key);
        if (n == null || n.isNull()) {
            if (required) {
                error(p, "is required");
            }
            return null;
        }
        if (!n.isObject()) {
            error(p, "expected an object, not " + describe(n));
            return null;
        }
        return n;
    }

    /** Records an error for every key of {@code node} not in {@code allowed}. */
    void onlyKnown(JsonNode node, String path, Set<String> allowed) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                error(child(path, printable(name)), "unknown field");
            }
        }
    }

    String string(JsonNode parent, String key, String path, boolean required) {
        JsonNode n = parent.get(key);
        String p = child(path, key);
        if (n == null || n.isNull()) {
            if (required) {
                error(p, "is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            error(p, "expected a string, not " + describe(n));
            return null;
        }
        return n.textValue();
    }

    /** A string matching {@code pattern}; {@code what} says in words what was expected. */
    String string(JsonNode parent, String key, String path, boolean required, String pattern, String what) {
        String s = string(parent, key, path, required);
        if (s != null && !ManifestGrammar.matches(pattern, s)) {
            error(child(path, key), "must be " + what);
            return null;
        }
        return s;
    }

    Boolean bool(JsonNode parent, String key, String path) {
        JsonNode n = parent.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isBoolean()) {
            error(child(path, key), "expected true or false, not " + describe(n));
            return null;
        }
        return n.booleanValue();
    }

    /** A whole number in [min, max]; {@code unit} names the unit in the message for values like "1Gi". */
    Long number(JsonNode parent, String key, String path, boolean required, long min, long max, String unit) {
        JsonNode n = parent.get(key);
        String p = child(path, key);
        if (n == null || n.isNull()) {
            if (required) {
                error(p, "is required");
            }
            return null;
        }
        String expected = "a whole number" + (unit == null ? "" : " of " + unit);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) {
            error(p, "expected " + expected + ", not " + describe(n));
            return null;
        }
        long v = n.longValue();
        if (v < min || v > max) {
            error(p, "must be from " + min + " to " + max + (unit == null ? "" : " " + unit));
            return null;
        }
        return v;
    }

    Integer integer(JsonNode parent, String key, String path, boolean required, int min, int max, String unit) {
        Long v = number(parent, key, path, required, min, max, unit);
        return v == null ? null : v.intValue();
    }

    /** The array at {@code key} (empty when missing); records an error when it is not an array or too long. */
    List<JsonNode> array(JsonNode parent, String key, String path, int maxItems) {
        JsonNode n = parent.get(key);
        String p = child(path, key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            error(p, "expected a list, not " + describe(n));
            return List.of();
        }
        if (n.size() > maxItems) {
            error(p, "has " + n.size() + " entries; at most " + maxItems + " are allowed");
            return List.of();
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    /** The object at {@code key} as its entries in document order (empty when missing). */
    Map<String, JsonNode> map(JsonNode parent, String key, String path, int maxEntries) {
        JsonNode n = object(parent, key, path, false);
        if (n == null) {
            return Map.of();
        }
        if (n.size() > maxEntries) {
            error(child(path, key), "has " + n.size() + " entries; at most " + maxEntries + " are allowed");
            return Map.of();
        }
        Map<String, JsonNode> out = new LinkedHashMap<>();
        n.fieldNames().forEachRemaining(k -> out.put(k, n.get(k)));
        return out;
    }

    static String describe(JsonNode n) {
        if (n.isTextual()) {
            return "the string '" + printable(n.textValue()) + "'";
        }
        if (n.isNumber()) {
            return "the number " + n.asText();
        }
        if (n.isBoolean()) {
            return n.asText();
        }
        if (n.isArray()) {
            return "a list";
        }
        if (n.isObject()) {
            return "an object";
        }
        return n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** User input in messages: no control characters, at most 64 characters. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 64; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        return s.length() > 64 ? b + "…" : b.toString();
    }
}
