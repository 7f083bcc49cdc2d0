package io.appfleet.desired.manifest;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.appfleet.desired.manifest.AppDeployment.App;
import io.appfleet.desired.manifest.AppDeployment.AppPackage;
import io.appfleet.desired.manifest.AppDeployment.AppState;
import io.appfleet.desired.manifest.AppDeployment.CppPolicer;
import io.appfleet.desired.manifest.AppDeployment.DevicePolicy;
import io.appfleet.desired.manifest.AppDeployment.Expression;
import io.appfleet.desired.manifest.AppDeployment.GuestAgent;
import io.appfleet.desired.manifest.AppDeployment.GuestInterface;
import io.appfleet.desired.manifest.AppDeployment.HealthCheck;
import io.appfleet.desired.manifest.AppDeployment.Image;
import io.appfleet.desired.manifest.AppDeployment.Metadata;
import io.appfleet.desired.manifest.AppDeployment.Network;
import io.appfleet.desired.manifest.AppDeployment.NetworkMode;
import io.appfleet.desired.manifest.AppDeployment.Resources;
import io.appfleet.desired.manifest.AppDeployment.Rollout;
import io.appfleet.desired.manifest.AppDeployment.Selector;
import io.appfleet.desired.manifest.AppDeployment.Spec;
import io.appfleet.desired.manifest.AppDeployment.Targets;
import io.appfleet.desired.manifest.AppDeployment.Threshold;
import io.appfleet.desired.manifest.AppDeployment.Wave;
import io.appfleet.desired.manifest.AppDeployment.Window;
import io.appfleet.platform.labels.LabelGrammar;
import io.appfleet.platform.labels.LabelSelector;

/**
 * Checks a parsed manifest completely and builds the {@link AppDeployment}. Strict: unknown
 * fields, wrong types, bad units and grammar, and characters that could break a device CLI line
 * are all errors, each reported with its JSON path. Rules that need the fleet (a selector that
 * matches no device, two deployments claiming one app id) are checked when the manifest is applied.
 */
public final class ManifestValidator {

    static final int MAX_RUN_OPTS = 30;
    static final int MAX_DEVICES = 10_000;
    static final Set<String> DAYS = Set.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    static final Set<String> PLATFORMS = Set.of("iosxe", "iosxr", "infix");
    static final Set<String> OPERATORS = Set.of("In", "NotIn", "Exists", "DoesNotExist");

    private final TreeReader r = new TreeReader();

    private ManifestValidator() {
    }

    /** @throws InvalidManifestException naming every bad field */
    public static AppDeployment validate(JsonNode document) {
        ManifestValidator v = new ManifestValidator();
        AppDeployment d = v.document(document);
        if (!v.r.errors().isEmpty()) {
            throw new InvalidManifestException(v.r.errors());
        }
        return d;
    }

    private AppDeployment document(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            r.error("", "expected an AppDeployment object, not " + (doc == null ? "nothing" : TreeReader.describe(doc)));
            return null;
        }
        r.onlyKnown(doc, "", Set.of("apiVersion", "kind", "metadata", "spec"));
        String apiVersion = r.string(doc, "apiVersion", "", true);
        if (apiVersion != null && !apiVersion.equals(AppDeployment.API_VERSION)) {
            r.error("apiVersion", "must be " + AppDeployment.API_VERSION);
        }
        String kind = r.string(doc, "kind", "", true);
        if (kind != null && !kind.equals(AppDeployment.KIND)) {
            r.error("kind", "must be " + AppDeployment.KIND);
        }
        Metadata metadata = metadata(r.object(doc, "metadata", "", true));
        Spec spec = spec(r.object(doc, "spec", "", true));
        return new AppDeployment(AppDeployment.API_VERSION, AppDeployment.KIND, metadata, spec);
    }

    private Metadata metadata(JsonNode m) {
        if (m == null) {
            return null;
        }
        String path = "metadata";
        r.onlyKnown(m, path, Set.of("name", "labels"));
        String name = r.string(m, "name", path, true, ManifestGrammar.NAME,
                "a DNS label: at most 63 of a-z, 0-9 and '-', starting and ending with a letter or digit");
        Map<String, String> labels = new LinkedHashMap<>();
        r.map(m, "labels", path, 64).forEach((k, v) -> {
            String p = TreeReader.child(TreeReader.child(path, "labels"), TreeReader.printable(k));
            String keyError = LabelGrammar.keyError(k);
            if (keyError != null) {
                r.error(p, keyError);
            } else if (!v.isTextual()) {
                r.error(p, "expected a string, not " + TreeReader.describe(v));
            } else if (LabelGrammar.valueError(v.textValue()) != null) {
                r.error(p, LabelGrammar.valueError(v.textValue()));
            } else {
                labels.put(k, v.textValue());
            }
        });
        return new Metadata(name, labels);
    }

    private Spec spec(JsonNode s) {
        if (s == null) {
            return null;
        }
        String path = "spec";
        r.onlyKnown(s, path, Set.of("app", "targets", "state", "rollout", "devicePolicy", "prune"));
        AppState state = AppState.RUNNING;
        String stateText = r.string(s, "state", path, false);
        if (stateText != null) {
            state = switch (stateText) {
                case "running" -> AppState.RUNNING;
                case "stopped" -> AppState.STOPPED;
                case "absent" -> AppState.ABSENT;
                default -> {
                    r.error("spec.state", "must be one of running, stopped, absent");
                    yield AppState.RUNNING;
                }
            };
        }
        App app = app(r.object(s, "app", path, true), state);
        Targets targets = targets(r.object(s, "targets", path, true));
        JsonNode rolloutNode = r.object(s, "rollout", path, false);
        Rollout rollout = rolloutNode == null ? null : rollout(rolloutNode);
        JsonNode policyNode = r.object(s, "devicePolicy", path, false);
        DevicePolicy policy = policyNode == null ? null : devicePolicy(policyNode);
        Boolean prune = r.bool(s, "prune", path);
        return new Spec(app, targets, state, rollout, policy, prune != null && prune);
    }

    private App app(JsonNode a, AppState state) {
        if (a == null) {
            return null;
        }
        String path = "spec.app";
        r.onlyKnown(a, path, Set.of("id", "package", "image", "resources", "runOpts", "env", "command", "network",
                "healthCheck", "guestAgent"));
        String id = r.string(a, "id", path, true, ManifestGrammar.APP_ID,
                "1 to 32 of a-z, 0-9 and '_', starting with a letter (the device's appid grammar)");
        JsonNode pkgNode = r.object(a, "package", path, false);
        JsonNode imageNode = r.object(a, "image", path, false);
        if (pkgNode != null && imageNode != null) {
            r.error("spec.app.image", "package and image are exclusive; give one of them");
        } else if (pkgNode == null && imageNode == null && state != AppState.ABSENT && a.get("package") == null
                && a.get("image") == null) {
            r.error(path, "needs a package (url and sha256) or an image (reference) unless state is absent");
        }
        AppPackage pkg = pkgNode == null ? null : appPackage(pkgNode);
        Image image = imageNode == null ? null : image(imageNode);

        Resources resources = null;
        JsonNode res = r.object(a, "resources", path, false);
        if (res != null) {
            String rp = "spec.app.resources";
            r.onlyKnown(res, rp, Set.of("vcpu", "cpuUnits", "memoryMb", "diskMb"));
            Integer vcpu = r.integer(res, "vcpu", rp, false, 0, 64, "virtual CPUs");
            Integer cpu = r.integer(res, "cpuUnits", rp, false, 0, 1_000_000, "IOx CPU units");
            Integer mem = r.integer(res, "memoryMb", rp, false, 0, 1_048_576, "MiB");
            Integer disk = r.integer(res, "diskMb", rp, false, 0, 16_777_216, "MiB");
            resources = new Resources(zero(vcpu), zero(cpu), zero(mem), zero(disk));
        }

        List<String> runOpts = new ArrayList<>();
        List<JsonNode> opts = r.array(a, "runOpts", path, MAX_RUN_OPTS);
        for (int i = 0; i < opts.size(); i++) {
            String p = TreeReader.index("spec.app.runOpts", i);
            JsonNode o = opts.get(i);
            if (!o.isTextual()) {
                r.error(p, "expected a string, not " + TreeReader.describe(o));
            } else if (o.textValue().isBlank()) {
                r.error(p, "must not be empty");
            } else if (cliProblem(p, o.textValue())) {
                runOpts.add(o.textValue());
            }
        }

        Map<String, String> env = new LinkedHashMap<>();
        Map<String, JsonNode> envNodes = r.map(a, "env", path, MAX_RUN_OPTS);
        envNodes.forEach((k, v) -> {
            String p = TreeReader.child("spec.app.env", TreeReader.printable(k));
            if (!ManifestGrammar.matches(ManifestGrammar.ENV_KEY, k)) {
                r.error(p, "the name must be 1 to 64 of A-Z, a-z, 0-9 and '_', not starting with a digit");
            } else if (!v.isTextual()) {
                r.error(p, "expected a string (quote numbers and booleans), not " + TreeReader.describe(v));
            } else if (("-e " + k + "=" + v.textValue()).length() > CliText.MAX) {
                r.error(p, "'-e " + k + "=<value>' is longer than " + CliText.MAX + " characters");
            } else if (cliProblem(p, v.textValue())) {
                env.put(k, v.textValue());
            }
        });
        if (opts.size() + envNodes.size() > MAX_RUN_OPTS) {
            r.error("spec.app.env", "runOpts and env together become " + (opts.size() + envNodes.size())
                    + " run options; a device takes at most " + MAX_RUN_OPTS);
        }

        String command = r.string(a, "command", path, false);
        if (command != null) {
            if (command.isBlank()) {
                r.error("spec.app.command", "must not be empty; leave it out to use the image's own command");
                command = null;
            } else if (!cliProblem("spec.app.command", command)) {
                command = null;
            }
        }
        JsonNode net = r.object(a, "network", path, false);
        Network network = net == null ? null : network(net);
        JsonNode hc = r.object(a, "healthCheck", path, false);
        HealthCheck healthCheck = hc == null ? null : healthCheck(hc);
        JsonNode ga = r.object(a, "guestAgent", path, false);
        GuestAgent guestAgent = ga == null ? null : guestAgent(ga);
        return new App(id, pkg, image, resources, runOpts, env, command, network, healthCheck, guestAgent);
    }

    private GuestAgent guestAgent(JsonNode g) {
        String path = "spec.app.guestAgent";
        r.onlyKnown(g, path, Set.of("socket", "host", "port"));
        String socket = r.string(g, "socket", path, true, ManifestGrammar.GUEST_AGENT_SOCKET,
                "an absolute path of at most 256 of A-Z, a-z, 0-9, '.', '_', '/' and '-', without '..'");
        String host = r.string(g, "host", path, false);
        if (host != null && !isHost(host)) {
            r.error(path + ".host", "must be an IPv4 or IPv6 address or a DNS name");
            host = null;
        }
        Integer port = r.integer(g, "port", path, false, 1, 65535, null);
        return new GuestAgent(socket, host, port);
    }

    /** Inventory's rule for device hosts; all-numeric dotted names are mistyped IPv4 addresses, not DNS names. */
    private static boolean isHost(String s) {
        if (ManifestGrammar.matches(ManifestGrammar.IPV4, s)) {
            return true;
        }
        if (s.contains(":")) {
            return ManifestGrammar.matches(ManifestGrammar.IPV6, s) && isIpv6(s);
        }
        return ManifestGrammar.matches(ManifestGrammar.HOST_NAME, s) && !s.matches("[0-9.]+");
    }

    private AppPackage appPackage(JsonNode p) {
        String path = "spec.app.package";
        r.onlyKnown(p, path, Set.of("url", "sha256", "sizeBytes", "version"));
        String url = r.string(p, "url", path, true);
        if (url != null) {
            if (url.length() > CliText.MAX) {
                r.error(path + ".url", "is longer than " + CliText.MAX + " characters");
                url = null;
            } else if (!ManifestGrammar.matches(ManifestGrammar.PACKAGE_URL, url)) {
                r.error(path + ".url", "must be an http(s) URL naming a file, without user info, '?', '#',"
                        + " spaces or quotes");
                url = null;
            }
        }
        String sha = r.string(p, "sha256", path, true, ManifestGrammar.SHA256, "64 lowercase hex digits");
        Long size = r.number(p, "sizeBytes", path, false, 0, Long.MAX_VALUE, "bytes");
        String version = r.string(p, "version", path, false, ManifestGrammar.VERSION,
                "1 to 64 of A-Z, a-z, 0-9, '.', '_', '+', '~' and '-', starting with a letter or digit");
        return new AppPackage(url, sha, size, version);
    }

    private Image image(JsonNode i) {
        String path = "spec.app.image";
        r.onlyKnown(i, path, Set.of("reference", "sha256"));
        String ref = r.string(i, "reference", path, true);
        if (ref != null && (!ManifestGrammar.matches(ManifestGrammar.IMAGE_REFERENCE, ref)
                || CliText.problem(ref) != null)) {
            r.error(path + ".reference", "must be an image reference like docker://nginx:alpine or"
                    + " quay.io/org/app:1.2 (at most 200 of A-Z, a-z, 0-9 and ._~/:@+=-)");
            ref = null;
        }
        String sha = r.string(i, "sha256", path, false, ManifestGrammar.SHA256, "64 lowercase hex digits");
        return new Image(ref, sha);
    }

    private Network network(JsonNode n) {
        String path = "spec.app.network";
        r.onlyKnown(n, path, Set.of("mode", "interfaces", "virtualPortGroup", "dns", "publishedPorts"));
        String modeText = r.string(n, "mode", path, true);
        NetworkMode mode = modeText == null ? null : NetworkMode.fromJson(modeText);
        if (modeText != null && mode == null) {
            r.error(path + ".mode", "must be one of management, appgigabit-trunk, appgigabit-vlan-access,"
                    + " virtual-port-group, host, host-interfaces");
        }
        Integer vpg = r.integer(n, "virtualPortGroup", path, false, 0, 31, null);
        if (mode == NetworkMode.VIRTUAL_PORT_GROUP && vpg == null && n.get("virtualPortGroup") == null) {
            r.error(path + ".virtualPortGroup", "is required with mode virtual-port-group");
        } else if (mode != null && mode != NetworkMode.VIRTUAL_PORT_GROUP && n.get("virtualPortGroup") != null) {
            r.error(path + ".virtualPortGroup", "applies only to mode virtual-port-group");
        }
        List<GuestInterface> interfaces = new ArrayList<>();
        List<JsonNode> ifs = r.array(n, "interfaces", path, 8);
        Set<Integer> indexes = new HashSet<>();
        int gateways = 0;
        for (int i = 0; i < ifs.size(); i++) {
            String p = TreeReader.index(path + ".interfaces", i);
            JsonNode f = ifs.get(i);
            if (!f.isObject()) {
                r.error(p, "expected an object, not " + TreeReader.describe(f));
                continue;
            }
            r.onlyKnown(f, p, Set.of("index", "vlan", "ipv4", "gateway", "ipv6", "mac", "hostInterface"));
            Integer index = r.integer(f, "index", p, true, 0, 7, null);
            if (index != null && !indexes.add(index)) {
                r.error(p + ".index", "guest interface " + index + " is listed twice");
            }
            Integer vlan = r.integer(f, "vlan", p, false, 1, 4094, null);
            String ipv4 = r.string(f, "ipv4", p, false, ManifestGrammar.IPV4_CIDR,
                    "an IPv4 address with prefix length, like 10.1.1.2/24");
            String gateway = r.string(f, "gateway", p, false, ManifestGrammar.IPV4, "an IPv4 address");
            if (f.get("gateway") != null) {
                gateways++;
            }
            String ipv6 = r.string(f, "ipv6", p, false, ManifestGrammar.IPV6_CIDR,
                    "an IPv6 address with prefix length, like 2001:db8::2/64");
            if (ipv6 != null && !isIpv6(ipv6.substring(0, ipv6.indexOf('/')))) {
                r.error(p + ".ipv6", "must be an IPv6 address with prefix length, like 2001:db8::2/64");
                ipv6 = null;
            }
            String mac = r.string(f, "mac", p, false, ManifestGrammar.MAC,
                    "a MAC address in lower-case colon form, like 02:00:00:00:00:01");
            String hostIf = r.string(f, "hostInterface", p, false, ManifestGrammar.HOST_INTERFACE,
                    "a host interface name (at most 15 of A-Z, a-z, 0-9, '_', '.', '-')");
            if (mode == NetworkMode.HOST_INTERFACES && f.get("hostInterface") == null) {
                r.error(p + ".hostInterface", "is required with mode host-interfaces");
            }
            interfaces.add(new GuestInterface(index == null ? 0 : index, vlan, ipv4, gateway, ipv6, mac, hostIf));
        }
        if (gateways > 1) {
            r.error(path + ".interfaces", "at most one interface may have a gateway");
        }
        if (mode == NetworkMode.HOST_INTERFACES && ifs.isEmpty() && n.get("interfaces") == null) {
            r.error(path + ".interfaces", "mode host-interfaces needs at least one interface");
        }
        List<String> dns = new ArrayList<>();
        List<JsonNode> dnsNodes = r.array(n, "dns", path, 3);
        for (int i = 0; i < dnsNodes.size(); i++) {
            JsonNode d = dnsNodes.get(i);
            String p = TreeReader.index(path + ".dns", i);
            if (!d.isTextual() || !(ManifestGrammar.matches(ManifestGrammar.IPV4, d.textValue())
                    || ManifestGrammar.matches(ManifestGrammar.IPV6, d.textValue()) && isIpv6(d.textValue()))) {
                r.error(p, "must be an IPv4 or IPv6 address");
            } else {
                dns.add(d.textValue());
            }
        }
        List<String> ports = new ArrayList<>();
        List<JsonNode> portNodes = r.array(n, "publishedPorts", path, 32);
        for (int i = 0; i < portNodes.size(); i++) {
            JsonNode d = portNodes.get(i);
            String p = TreeReader.index(path + ".publishedPorts", i);
            if (!d.isTextual() || !ManifestGrammar.matches(ManifestGrammar.PUBLISHED_PORT, d.textValue())
                    || !portsInRange(d.textValue())) {
                r.error(p, "must be [[ip:][hostPort]:]containerPort[/tcp|udp] with ports from 1 to 65535");
            } else {
                ports.add(d.textValue());
            }
        }
        return new Network(mode, interfaces, vpg, dns, ports);
    }

    private HealthCheck healthCheck(JsonNode h) {
        String path = "spec.app.healthCheck";
        r.onlyKnown(h, path, Set.of("startupGrace", "useDeviceProbe", "requireGuestAgent"));
        String grace = duration(h, "startupGrace", path, Duration.ofHours(1));
        return new HealthCheck(grace, r.bool(h, "useDeviceProbe", path), r.bool(h, "requireGuestAgent", path));
    }

    private Targets targets(JsonNode t) {
        if (t == null) {
            return null;
        }
        String path = "spec.targets";
        int before = r.errors().size();
        r.onlyKnown(t, path, Set.of("platforms", "selector", "devices"));
        List<String> platforms = new ArrayList<>();
        List<JsonNode> ps = r.array(t, "platforms", path, 3);
        for (int i = 0; i < ps.size(); i++) {
            JsonNode p = ps.get(i);
            String at = TreeReader.index(path + ".platforms", i);
            if (!p.isTextual() || !PLATFORMS.contains(p.textValue())) {
                r.error(at, "must be one of iosxe, iosxr, infix");
            } else if (platforms.contains(p.textValue())) {
                r.error(at, "'" + p.textValue() + "' is listed twice");
            } else {
                platforms.add(p.textValue());
            }
        }
        JsonNode sel = r.object(t, "selector", path, false);
        Selector selector = sel == null ? null : selector(sel);
        List<String> devices = new ArrayList<>();
        List<JsonNode> ds = r.array(t, "devices", path, MAX_DEVICES);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ds.size(); i++) {
            JsonNode d = ds.get(i);
            String at = TreeReader.index(path + ".devices", i);
            if (!d.isTextual() || !ManifestGrammar.matches(ManifestGrammar.DEVICE_ID, d.textValue())) {
                r.error(at, "must be a device id (lowercase hostname grammar, at most 63 characters)");
            } else if (!seen.add(d.textValue())) {
                r.error(at, "'" + d.textValue() + "' is listed twice");
            } else {
                devices.add(d.textValue());
            }
        }
        if (platforms.isEmpty() && selector == null && devices.isEmpty() && r.errors().size() == before) {
            r.error(path, "name at least one of platforms, selector and devices");
        }
        return new Targets(platforms, selector, devices);
    }

    private Selector selector(JsonNode s) {
        String path = "spec.targets.selector";
        r.onlyKnown(s, path, Set.of("matchLabels", "matchExpressions"));
        int before = r.errors().size();
        Map<String, String> matchLabels = new LinkedHashMap<>();
        Map<String, JsonNode> labels = r.map(s, "matchLabels", path, 64);
        labels.forEach((k, v) -> {
            String p = TreeReader.child(path + ".matchLabels", TreeReader.printable(k));
            String keyError = LabelGrammar.keyError(k);
            if (keyError != null) {
                r.error(p, keyError);
            } else if (!v.isTextual()) {
                r.error(p, "expected a string, not " + TreeReader.describe(v));
            } else if (LabelGrammar.valueError(v.textValue()) != null) {
                r.error(p, LabelGrammar.valueError(v.textValue()));
            } else {
                matchLabels.put(k, v.textValue());
            }
        });
        List<Expression> expressions = new ArrayList<>();
        List<JsonNode> exprs = r.array(s, "matchExpressions", path, 64);
        for (int i = 0; i < exprs.size(); i++) {
            String p = TreeReader.index(path + ".matchExpressions", i);
            JsonNode e = exprs.get(i);
            if (!e.isObject()) {
                r.error(p, "expected an object, not " + TreeReader.describe(e));
                continue;
            }
            r.onlyKnown(e, p, Set.of("key", "operator", "values"));
            String key = r.string(e, "key", p, true);
            if (key != null && LabelGrammar.keyError(key) != null) {
                r.error(p + ".key", LabelGrammar.keyError(key));
                key = null;
            }
            String op = r.string(e, "operator", p, true);
            if (op != null && !OPERATORS.contains(op)) {
                r.error(p + ".operator", "must be one of In, NotIn, Exists, DoesNotExist");
                op = null;
            }
            List<String> values = new ArrayList<>();
            List<JsonNode> vs = r.array(e, "values", p, 64);
            for (int j = 0; j < vs.size(); j++) {
                JsonNode v = vs.get(j);
                String vp = TreeReader.index(p + ".values", j);
                if (!v.isTextual()) {
                    r.error(vp, "expected a string, not " + TreeReader.describe(v));
                } else if (LabelGrammar.valueError(v.textValue()) != null) {
                    r.error(vp, LabelGrammar.valueError(v.textValue()));
                } else {
                    values.add(v.textValue());
                }
            }
            if (op != null && (op.equals("In") || op.equals("NotIn")) && vs.isEmpty()) {
                r.error(p + ".values", "operator " + op + " needs at least one value");
            } else if (op != null && (op.equals("Exists") || op.equals("DoesNotExist")) && !vs.isEmpty()) {
                r.error(p + ".values", "operator " + op + " takes no values");
            }
            expressions.add(new Expression(key, op, values));
        }
        if (labels.isEmpty() && exprs.isEmpty() && r.errors().size() == before) {
            r.error(path, "needs matchLabels or matchExpressions; to target every device of a platform,"
                    + " list it in platforms");
        }
        Selector selector = new Selector(matchLabels, expressions);
        if (r.errors().size() == before && toLabelSelector(selector).isContradictory()) {
            r.error(path, "can never match a device: its requirements contradict each other");
        }
        return selector;
    }

    /** The platform label selector for a valid manifest selector. */
    public static LabelSelector toLabelSelector(Selector s) {
        List<LabelSelector.Requirement> reqs = new ArrayList<>();
        for (Expression e : s.matchExpressions()) {
            LabelSelector.Operator op = switch (e.operator()) {
                case "In" -> LabelSelector.Operator.IN;
                case "NotIn" -> LabelSelector.Operator.NOT_IN;
                case "Exists" -> LabelSelector.Operator.EXISTS;
                default -> LabelSelector.Operator.DOES_NOT_EXIST;
            };
            reqs.add(new LabelSelector.Requirement(e.key(), op, new HashSet<>(e.values())));
        }
        return LabelSelector.of(s.matchLabels(), reqs);
    }

    private Rollout rollout(JsonNode ro) {
        String path = "spec.rollout";
        r.onlyKnown(ro, path, Set.of("waves", "maxUnavailable", "failureThreshold", "healthyFor", "autoRollback",
                "windows"));
        List<Wave> waves = new ArrayList<>();
        List<JsonNode> ws = r.array(ro, "waves", path, 20);
        if (ro.get("waves") != null && ro.get("waves").isArray() && ws.isEmpty() && ro.get("waves").isEmpty()) {
            r.error(path + ".waves", "needs at least one wave; leave waves out for one wave of every device");
        }
        Integer lastPercent = null;
        Integer lastCount = null;
        for (int i = 0; i < ws.size(); i++) {
            String p = TreeReader.index(path + ".waves", i);
            JsonNode w = ws.get(i);
            if (!w.isObject()) {
                r.error(p, "expected {percent: N} or {count: N}, not " + TreeReader.describe(w));
                continue;
            }
            r.onlyKnown(w, p, Set.of("percent", "count"));
            boolean hasPercent = w.has("percent");
            boolean hasCount = w.has("count");
            if (hasPercent == hasCount) {
                r.error(p, "give exactly one of percent and count");
                continue;
            }
            if (hasPercent) {
                Integer pct = r.integer(w, "percent", p, true, 1, 100, "percent");
                if (pct != null && lastPercent != null && pct <= lastPercent) {
                    r.error(p + ".percent", "waves are cumulative: " + pct + "% must be more than the "
                            + lastPercent + "% of an earlier wave");
                } else if (pct != null) {
                    lastPercent = pct;
                }
                waves.add(new Wave(pct, null));
            } else {
                Integer count = r.integer(w, "count", p, true, 1, 1_000_000, "devices");
                if (count != null && lastCount != null && count <= lastCount) {
                    r.error(p + ".count", "waves are cumulative: " + count + " devices must be more than the "
                            + lastCount + " of an earlier wave");
                } else if (count != null) {
                    lastCount = count;
                }
                waves.add(new Wave(null, count));
            }
        }
        Threshold maxUnavailable = threshold(ro, "maxUnavailable", path, 1);
        Threshold failureThreshold = threshold(ro, "failureThreshold", path, 0);
        String healthyFor = duration(ro, "healthyFor", path, Duration.ofHours(24));
        Boolean autoRollback = r.bool(ro, "autoRollback", path);
        List<Window> windows = new ArrayList<>();
        List<JsonNode> wins = r.array(ro, "windows", path, 14);
        for (int i = 0; i < wins.size(); i++) {
            windows.add(window(wins.get(i), TreeReader.index(path + ".windows", i)));
        }
        return new Rollout(waves, maxUnavailable, failureThreshold, healthyFor, autoRollback != null && autoRollback,
                windows);
    }

    private Window window(JsonNode w, String p) {
        if (!w.isObject()) {
            r.error(p, "expected an object, not " + TreeReader.describe(w));
            return null;
        }
        r.onlyKnown(w, p, Set.of("days", "start", "end", "timeZone"));
        List<String> days = new ArrayList<>();
        List<JsonNode> ds = r.array(w, "days", p, 7);
        if (w.get("days") == null) {
            r.error(p + ".days", "is required");
        } else if (ds.isEmpty() && w.get("days").isArray()) {
            r.error(p + ".days", "needs at least one day");
        }
        for (int i = 0; i < ds.size(); i++) {
            JsonNode d = ds.get(i);
            String dp = TreeReader.index(p + ".days", i);
            if (!d.isTextual() || !DAYS.contains(d.textValue())) {
                r.error(dp, "must be one of mon, tue, wed, thu, fri, sat, sun");
            } else if (days.contains(d.textValue())) {
                r.error(dp, "'" + d.textValue() + "' is listed twice");
            } else {
                days.add(d.textValue());
            }
        }
        String start = r.string(w, "start", p, true, ManifestGrammar.TIME_OF_DAY, "a time of day HH:MM (24 h)");
        String end = r.string(w, "end", p, true, ManifestGrammar.TIME_OF_DAY, "a time of day HH:MM (24 h)");
        if (start != null && start.equals(end)) {
            r.error(p + ".end", "must differ from start (a window that ends before it starts runs past midnight)");
        }
        String zone = r.string(w, "timeZone", p, false);
        if (zone != null) {
            try {
                ZoneId.of(zone);
            } catch (DateTimeException e) {
                r.error(p + ".timeZone", "must be a time zone id like UTC or Europe/Amsterdam");
                zone = null;
            }
        }
        return new Window(days, start, end, zone);
    }

    private DevicePolicy devicePolicy(JsonNode d) {
        String path = "spec.devicePolicy";
        r.onlyKnown(d, path, Set.of("cppPolicers"));
        Map<String, CppPolicer> policers = new LinkedHashMap<>();
        r.map(d, "cppPolicers", path, 32).forEach((name, v) -> {
            String p = TreeReader.child(path + ".cppPolicers", TreeReader.printable(name));
            if (!ManifestGrammar.matches(ManifestGrammar.CPP_CLASS, name)) {
                r.error(p, "the class name must be like system-cpp-police-sys-data (a-z, 0-9, '-')");
                return;
            }
            if (v.isTextual()) {
                switch (v.textValue()) {
                    case "enabled" -> policers.put(name, new CppPolicer(true, null));
                    case "disabled" -> policers.put(name, new CppPolicer(false, null));
                    default -> r.error(p, "must be enabled, disabled or {enabled: true, ratePps: N}");
                }
            } else if (v.isObject()) {
                r.onlyKnown(v, p, Set.of("enabled", "ratePps"));
                Boolean enabled = r.bool(v, "enabled", p);
                Integer rate = r.integer(v, "ratePps", p, false, 1, 10_000_000, "packets per second");
                if (enabled != null && !enabled && v.get("ratePps") != null) {
                    r.error(p + ".ratePps", "a rate needs enabled: true");
                }
                policers.put(name, new CppPolicer(enabled == null || enabled, rate));
            } else {
                r.error(p, "must be enabled, disabled or {enabled: true, ratePps: N}");
            }
        });
        return new DevicePolicy(policers);
    }

    private Threshold threshold(JsonNode parent, String key, String path, int minCount) {
        JsonNode n = parent.get(key);
        String p = TreeReader.child(path, key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToInt() && n.intValue() >= minCount) {
            return Threshold.count(n.intValue());
        }
        if (n.isTextual() && ManifestGrammar.matches(ManifestGrammar.PERCENT, n.textValue())) {
            String t = n.textValue();
            return Threshold.percent(new BigDecimal(t.substring(0, t.length() - 1)));
        }
        r.error(p, "expected a device count (a whole number from " + minCount + ") or a percentage like 5%,"
                + " not " + TreeReader.describe(n));
        return null;
    }

    private String duration(JsonNode parent, String key, String path, Duration max) {
        String s = r.string(parent, key, path, false);
        if (s == null) {
            return null;
        }
        try {
            if (Durations.parse(s).compareTo(max) > 0) {
                r.error(TreeReader.child(path, key), "must be at most " + max.toHours() + "h");
                return null;
            }
            return s;
        } catch (IllegalArgumentException e) {
            r.error(TreeReader.child(path, key), e.getMessage());
            return null;
        }
    }

    /** Records the CLI problem of {@code value}; returns true when there is none. */
    private boolean cliProblem(String path, String value) {
        String p = CliText.problem(value);
        if (p != null) {
            r.error(path, p);
            return false;
        }
        return true;
    }

    private static int zero(Integer v) {
        return v == null ? 0 : v;
    }

    private static boolean isIpv6(String s) {
        if (!s.contains(":")) {
            return false;
        }
        try {
            // A literal with ':' is parsed, never looked up.
            return InetAddress.getByName(s) instanceof java.net.Inet6Address;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean portsInRange(String spec) {
        String s = spec.contains("/") ? spec.substring(0, spec.indexOf('/')) : spec;
        String[] parts = s.split(":");
        int first = parts.length == 3 ? 1 : (parts.length == 2 && parts[0].contains(".") ? 1 : 0);
        for (int i = first; i < parts.length; i++) {
            int port = Integer.parseInt(parts[i]);
            if (port < 1 || port > 65535) {
                return false;
            }
        }
        return true;
    }
}
