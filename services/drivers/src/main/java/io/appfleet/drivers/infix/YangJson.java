package io.appfleet.drivers.infix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.appfleet.drivers.parse.ParseException;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading YANG data encoded as JSON (RFC 7951) without a schema. Two rules of that encoding
 * matter here: a member may carry its module as prefix ("infix-containers:containers") or not,
 * and 64-bit integers and decimal64 values are JSON strings ("memory": "512", "cpu": "0.02")
 * because JavaScript numbers cannot hold them. Errors name the JSON location as a path such
 * as {@code /containers/container/2/resource-usage/memory}.
 */
final class YangJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private YangJson() {
    }

    /** The document; a syntax error reports the line Jackson stopped at. */
    static JsonNode read(String text) {
        if (text == null || text.isBlank()) {
            throw new ParseException("empty JSON document");
        }
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new ParseException("empty JSON document");
            }
            return node;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            int line = at == null ? 0 : at.getLineNr();
            String[] lines = text.split("\r\n|\r|\n", -1);
            String lineText = line > 0 && line <= lines.length ? lines[line - 1] : null;
            throw new ParseException("invalid JSON (" + e.getOriginalMessage()
                    + (at == null ? "" : ", column " + at.getColumnNr()) + ")", line, lineText);
        }
    }

    /** A member by its local name, with or without a module prefix; null when absent. */
    static JsonNode member(JsonNode object, String local) {
        if (object == null || !object.isObject()) {
            return null;
        }
        JsonNode exact = object.get(local);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> e : object.properties()) {
            if (e.getKey().endsWith(":" + local)) {
                return e.getValue();
            }
        }
        return null;
    }

    static String string(JsonNode object, String local, String path) {
        JsonNode v = member(object, local);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isValueNode() || v.isBoolean()) {
            throw wrongType("a string", path + "/" + local);
        }
        return v.asText();
    }

    static String requiredString(JsonNode object, String local, String path) {
        String s = string(object, local, path);
        if (s == null || s.isEmpty()) {
            throw new ParseException("missing '" + local + "' at JSON " + path);
        }
        return s;
    }

    static Boolean bool(JsonNode object, String local, String path) {
        JsonNode v = member(object, local);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isBoolean()) {
            throw wrongType("true or false", path + "/" + local);
        }
        return v.booleanValue();
    }

    /** uint32/uint64 leaf: a JSON number, or (uint64, RFC 7951) a string of digits. */
    static Long integer(JsonNode object, String local, String path) {
        JsonNode v = member(object, local);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.longValue();
        }
        if (v.isTextual() && v.textValue().matches("-?\\d{1,19}")) {
            try {
                return Long.parseLong(v.textValue());
            } catch (NumberFormatException e) {
                // falls through to the error: too large for a long
            }
        }
        throw wrongType("an integer (number or string)", path + "/" + local);
    }

    /** decimal64 leaf: a string such as "0.02" (RFC 7951), or a JSON number from lax encoders. */
    static BigDecimal decimal(JsonNode object, String local, String path) {
        JsonNode v = member(object, local);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            return v.decimalValue();
        }
        if (v.isTextual() && v.textValue().matches("-?\\d+(\\.\\d+)?")) {
            return new BigDecimal(v.textValue());
        }
        throw wrongType("a decimal (number or string)", path + "/" + local);
    }

    /** A YANG list or leaf-list: an array; absent means empty. */
    static List<JsonNode> array(JsonNode object, String local, String path) {
        JsonNode v = member(object, local);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw wrongType("an array", path + "/" + local);
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    static List<String> strings(JsonNode object, String local, String path) {
        List<String> out = new ArrayList<>();
        List<JsonNode> items = array(object, local, path);
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isValueNode()) {
                throw wrongType("a string", path + "/" + local + "/" + i);
            }
            out.add(items.get(i).asText());
        }
        return List.copyOf(out);
    }

    /** A YANG container: an object, or null when absent. */
    static JsonNode object(JsonNode object, String local, String path) {
        JsonNode v = member(object, local);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isObject()) {
            throw wrongType("an object", path + "/" + local);
        }
        return v;
    }

    static ParseException wrongType(String expected, String path) {
        return new ParseException("expected " + expected + " at JSON " + path);
    }
}
