package io.appfleet.drivers.infix;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where a container's configuration on the device differs from the desired one. Whether Infix's
 * running datastore reports model defaults (RFC 6243 report-all) or trims them is unverified, so
 * a leaf the device fills in with its default counts as equal to the leaf being absent: an
 * unchanged container must not be rewritten on every pass. Keyed lists (env, mount, volume,
 * interface) and the capability and publish leaf-lists compare without regard to order, as the
 * device may return them sorted; dns and search keep their order (resolver order matters).
 */
public final class ContainerConfigDrift {

    /** Model defaults (infix-containers.yang): enabled true, restart-policy always, mount read-only true. */
    private static final String DEFAULT_RESTART_POLICY = "always";

    private ContainerConfigDrift() {
    }

    /** The YANG names of the leaves or lists that differ, in model order; empty when the device holds the desired config. */
    public static List<String> between(ContainerConfig have, ContainerConfig want) {
        Map<String, Object> a = canonical(have);
        Map<String, Object> b = canonical(want);
        List<String> differ = new ArrayList<>();
        for (String key : a.keySet()) {
            if (!Objects.equals(a.get(key), b.get(key))) {
                differ.add(key);
            }
        }
        return differ;
    }

    private static Map<String, Object> canonical(ContainerConfig c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("image", c.image());
        m.put("enabled", orDefault(c.enabled(), true));
        m.put("command", c.command());
        m.put("hostname", c.hostname());
        m.put("privileged", orDefault(c.privileged(), false));
        m.put("restart-policy", c.restartPolicy() == null ? DEFAULT_RESTART_POLICY : c.restartPolicy());
        m.put("manual", orDefault(c.manual(), false));
        m.put("network", network(c.network()));
        Map<String, String> env = new TreeMap<>();
        c.env().forEach(e -> env.put(e.key(), e.value()));
        m.put("env", env);
        Map<String, List<Object>> mounts = new TreeMap<>();
        c.mounts().forEach(x -> mounts.put(x.name(), Arrays.asList(x.type(), x.source(), x.content(),
                x.target(), x.mode(), orDefault(x.readOnly(), true))));
        m.put("mount", mounts);
        Map<String, String> volumes = new TreeMap<>();
        c.volumes().forEach(v -> volumes.put(v.name(), v.target()));
        m.put("volume", volumes);
        ContainerConfig.Capabilities caps = c.capabilities();
        m.put("capabilities", caps == null ? List.of(Set.of(), Set.of())
                : List.of(sorted(caps.add()), sorted(caps.drop())));
        ContainerConfig.ResourceLimit limit = c.resourceLimit();
        m.put("resource-limit", limit == null ? Arrays.asList(null, null)
                : Arrays.asList(limit.memoryKib(), limit.cpuMillicores()));
        m.put("checksum", c.checksum());
        return m;
    }

    private static List<Object> network(ContainerNetwork n) {
        if (n == null) {
            return List.of(false, Map.of(), Set.of(), List.of(), List.of());
        }
        Map<String, TreeSet<String>> interfaces = new TreeMap<>();
        n.interfaces().forEach(i -> interfaces.put(i.name(), sorted(i.options())));
        return List.of(orDefault(n.host(), false), interfaces, sorted(n.publish()),
                Objects.requireNonNullElse(n.dns(), List.of()), Objects.requireNonNullElse(n.search(), List.of()));
    }

    private static TreeSet<String> sorted(List<String> values) {
        return values == null ? new TreeSet<>() : new TreeSet<>(values);
    }

    private static boolean orDefault(Boolean b, boolean dflt) {
        return b == null ? dflt : b;
    }

}
