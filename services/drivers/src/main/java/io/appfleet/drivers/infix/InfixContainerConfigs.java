package io.appfleet.drivers.infix;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.appfleet.drivers.AppSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps an {@link AppSpec} to the {@code infix-containers} list entry the driver PUTs.
 *
 * <ul>
 *   <li>name = appId (2..64 of {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}); image = packagePath (mandatory).</li>
 *   <li>network: null or MANAGEMENT → {@code host: true}; VIRTUAL_PORT_GROUP N → one interface
 *       {@code vethN} (the host side must be an {@code infix-if:container-network} interface of that
 *       name), with option {@code ip=<guestIp>/<prefix>} when a guest address is given;
 *       APPGIG_TRUNK is refused.</li>
 *   <li>resources: memoryMb → resource-limit memory in KiB (uint64, a string), vcpu → cpu in
 *       millicores (vcpu × 1000); cpuUnits and diskMb have no Infix equivalent and are ignored.</li>
 *   <li>runOpts, docker style ({@code --opt=value} or {@code --opt value}): {@code -e/--env K=V},
 *       {@code -p/--publish}, {@code --dns}, {@code --dns-search}, {@code -h/--hostname},
 *       {@code --cap-add}, {@code --cap-drop}, {@code --privileged}, {@code --restart never|retry|always}
 *       ({@code on-failure} = retry, {@code no} = never), {@code --command} (the container command);
 *       anything else is refused.</li>
 *   <li>manual: true when the desired state is STOPPED, so that creating it does not start it.</li>
 * </ul>
 */
public final class InfixContainerConfigs {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}");

    private InfixContainerConfigs() {
    }

    /** @throws IllegalArgumentException when the spec cannot be expressed on Infix */
    public static void validate(AppSpec app) {
        if (!NAME.matcher(app.appId()).matches()) {
            throw new IllegalArgumentException("appId '" + app.appId()
                    + "' is not an Infix container name (2..64 of [a-zA-Z0-9][a-zA-Z0-9_.-]+)");
        }
        if (app.desiredState() != AppSpec.DesiredState.ABSENT) {
            entry(app);
        }
    }

    /** The list entry (no module prefix inside), as stored in the running datastore. */
    public static ObjectNode entry(AppSpec app) {
        if (app.packagePath() == null || app.packagePath().isBlank()) {
            throw new IllegalArgumentException("packagePath (the image reference) must be set for " + app.appId());
        }
        ObjectNode e = JSON.createObjectNode();
        e.put("name", app.appId());
        e.put("image", app.packagePath());

        Map<String, String> env = new LinkedHashMap<>();
        List<String> publish = new ArrayList<>();
        List<String> dns = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> capAdd = new ArrayList<>();
        List<String> capDrop = new ArrayList<>();
        String hostname = null;
        String command = null;
        String restart = null;
        boolean privileged = false;
        List<String> opts = app.runOpts();
        for (int i = 0; i < opts.size(); i++) {
            String opt = opts.get(i).strip();
            String key = opt;
            String value = null;
            int eq = opt.indexOf('=');
            if (opt.startsWith("--") && eq > 0) {
                key = opt.substring(0, eq);
                value = opt.substring(eq + 1);
            }
            if (key.equals("--privileged")) {
                if (value != null && !value.equals("true")) {
                    throw new IllegalArgumentException("runOpt " + opt + ": only --privileged or --privileged=true");
                }
                privileged = true;
                continue;
            }
            if (value == null) {
                if (i + 1 >= opts.size()) {
                    throw new IllegalArgumentException("runOpt " + opt + " needs a value");
                }
                value = opts.get(++i).strip();
            }
            switch (key) {
                case "-e", "--env" -> {
                    int k = value.indexOf('=');
                    if (k <= 0) {
                        throw new IllegalArgumentException("runOpt " + key + " " + value + ": expected KEY=VALUE");
                    }
                    env.put(value.substring(0, k), value.substring(k + 1));
                }
                case "-p", "--publish" -> publish.add(value);
                case "--dns" -> dns.add(value);
                case "--dns-search" -> search.add(value);
                case "-h", "--hostname" -> hostname = value;
                case "--cap-add" -> capAdd.add(value.toLowerCase().replaceFirst("^cap_", ""));
                case "--cap-drop" -> capDrop.add(value.toLowerCase().replaceFirst("^cap_", ""));
                case "--command" -> command = value;
                case "--restart" -> restart = switch (value) {
                    case "never", "no" -> "never";
                    case "retry", "on-failure" -> "retry";
                    case "always" -> "always";
                    default -> throw new IllegalArgumentException("runOpt --restart " + value
                            + ": expected never, retry or always");
                };
                default -> throw new IllegalArgumentException("runOpt '" + opt + "' has no Infix equivalent");
            }
        }
        if (command != null) {
            e.put("command", command);
        }
        if (hostname != null) {
            e.put("hostname", hostname);
        }
        if (privileged) {
            e.put("privileged", true);
        }
        if (restart != null) {
            e.put("restart-policy", restart);
        }
        if (app.desiredState() == AppSpec.DesiredState.STOPPED) {
            e.put("manual", true);
        }
        if (!env.isEmpty()) {
            ArrayNode a = e.putArray("env");
            env.forEach((k, v) -> a.addObject().put("key", k).put("value", v));
        }
        e.set("network", network(app, publish, dns, search));
        if (!capAdd.isEmpty() || !capDrop.isEmpty()) {
            ObjectNode caps = e.putObject("capabilities");
            if (!capAdd.isEmpty()) {
                capAdd.forEach(caps.putArray("add")::add);
            }
            if (!capDrop.isEmpty()) {
                capDrop.forEach(caps.putArray("drop")::add);
            }
        }
        AppSpec.Resources r = app.resources();
        if (r != null && (r.memoryMb() != null || r.vcpu() != null)) {
            ObjectNode limit = e.putObject("resource-limit");
            if (r.memoryMb() != null) {
                limit.put("memory", String.valueOf(r.memoryMb() * 1024L));
            }
            if (r.vcpu() != null) {
                limit.put("cpu", r.vcpu() * 1000);
            }
        }
        return e;
    }

    private static ObjectNode network(AppSpec app, List<String> publish, List<String> dns, List<String> search) {
        ObjectNode n = JSON.createObjectNode();
        AppSpec.Network net = app.network();
        if (net == null || net.mode() == AppSpec.Network.Mode.MANAGEMENT) {
            n.put("host", true);
            if (!publish.isEmpty()) {
                throw new IllegalArgumentException("runOpt --publish needs a container network, not host networking ("
                        + app.appId() + ")");
            }
        } else if (net.mode() == AppSpec.Network.Mode.VIRTUAL_PORT_GROUP) {
            if (net.virtualPortGroup() == null) {
                throw new IllegalArgumentException("network VIRTUAL_PORT_GROUP needs virtualPortGroup (" + app.appId() + ")");
            }
            ObjectNode itf = n.putArray("interface").addObject();
            itf.put("name", "veth" + net.virtualPortGroup());
            if (net.guestIpAddress() != null) {
                itf.putArray("option").add("ip=" + net.guestIpAddress() + prefix(net.netmask()));
            }
        } else {
            throw new IllegalArgumentException("network " + net.mode() + " has no Infix equivalent (" + app.appId() + ")");
        }
        if (!publish.isEmpty()) {
            publish.forEach(n.putArray("publish")::add);
        }
        if (!dns.isEmpty()) {
            dns.forEach(n.putArray("dns")::add);
        }
        if (!search.isEmpty()) {
            search.forEach(n.putArray("search")::add);
        }
        return n;
    }

    private static String prefix(String netmask) {
        if (netmask == null || netmask.isBlank()) {
            return "";
        }
        if (netmask.matches("/?\\d{1,2}")) {
            return "/" + netmask.replace("/", "");
        }
        String[] parts = netmask.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("netmask " + netmask + " is not dotted-quad");
        }
        int bits = 0;
        for (String p : parts) {
            bits += Integer.bitCount(Integer.parseInt(p) & 0xff);
        }
        return "/" + bits;
    }

    /** The PUT body for {@code .../container=<name>}: {@code {"infix-containers:container":[entry]}}. */
    public static String putBody(ObjectNode entry) {
        ObjectNode root = JSON.createObjectNode();
        root.putArray("infix-containers:container").add(entry);
        return root.toString();
    }

    /** The entry as {@link ContainerConfig}, read by the same parser as the device's reply, for comparison. */
    public static ContainerConfig asConfig(ObjectNode entry) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("infix-containers:containers").putArray("container").add(entry);
        return ContainerConfig.parseAll(root.toString()).get(0);
    }
}
