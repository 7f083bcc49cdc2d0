package io.appfleet.drivers.infix;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The `network` container of infix-containers, the same in configuration and operational data:
 * either host networking or a list of interfaces (with podman options "ip=…", "mac=…"), plus
 * published ports "[[ip:][hostPort]:]containerPort[/protocol]", DNS servers and search domains.
 */
public record ContainerNetwork(Boolean host, List<Interface> interfaces, List<String> publish, List<String> dns,
                               List<String> search) {

    public record Interface(String name, List<String> options) {
    }

    static ContainerNetwork from(JsonNode container, String path) {
        JsonNode n = YangJson.object(container, "network", path);
        if (n == null) {
            return null;
        }
        String p = path + "/network";
        List<Interface> interfaces = new ArrayList<>();
        List<JsonNode> items = YangJson.array(n, "interface", p);
        for (int i = 0; i < items.size(); i++) {
            String ip = p + "/interface/" + i;
            interfaces.add(new Interface(YangJson.requiredString(items.get(i), "name", ip),
                    YangJson.strings(items.get(i), "option", ip)));
        }
        return new ContainerNetwork(YangJson.bool(n, "host", p), List.copyOf(interfaces),
                YangJson.strings(n, "publish", p), YangJson.strings(n, "dns", p), YangJson.strings(n, "search", p));
    }
}
