package io.appfleet.drivers.infix;

import com.fasterxml.jackson.databind.JsonNode;
import io.appfleet.drivers.parse.ParseException;

import java.util.List;

/**
 * Finds the `container` list inside a reply. Replies wrap it as
 * {"infix-containers:containers": {"container": [...]}} for every GET (RFC 8040 nests even a
 * keyed GET under the full parent path); a datastore dump holds the same member among others.
 */
final class ContainerList {

    /** A container entry and the JSON path it was found at, for error messages. */
    record Entry(JsonNode node, String path) {
    }

    private ContainerList() {
    }

    static List<Entry> entries(JsonNode root) {
        if (!root.isObject()) {
            throw new ParseException("expected a JSON object at JSON /");
        }
        JsonNode containers = YangJson.object(root, "containers", "");
        if (containers == null) {
            throw new ParseException("no 'infix-containers:containers' member at JSON / (members: "
                    + String.join(", ", (Iterable<String>) root::fieldNames) + ")");
        }
        List<JsonNode> items = YangJson.array(containers, "container", "/containers");
        java.util.ArrayList<Entry> out = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String path = "/containers/container/" + i;
            if (!items.get(i).isObject()) {
                throw YangJson.wrongType("an object", path);
            }
            out.add(new Entry(items.get(i), path));
        }
        return out;
    }
}
