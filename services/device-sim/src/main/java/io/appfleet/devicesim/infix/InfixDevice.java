package io.appfleet.devicesim.infix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.appfleet.devicesim.CommandLog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One simulated Infix device: the {@code infix-containers} model over RESTCONF (RFC 8040,
 * {@code application/yang-data+json}) on HTTPS with basic auth and a self-signed certificate made
 * at start.
 *
 * <p>Resources: {@code GET /restconf/data/infix-containers:containers[/container=N[/member]]}
 * (operational: config plus id, running, status, cmdline, resource-usage; uint64 as strings),
 * the same under {@code /restconf/ds/ietf-datastores:operational}; the configuration under
 * {@code /restconf/ds/ietf-datastores:running/infix-containers:containers[/container=N]};
 * {@code PUT|PATCH|DELETE .../container=N} and {@code PATCH .../containers} on either the
 * {@code data} or the running datastore path; actions {@code POST .../container=N/start|stop|restart};
 * {@code GET /restconf/yang-library-version}. A created or replaced container runs unless
 * {@code manual}. Errors are {@code ietf-restconf:errors} documents.
 *
 * <p>Every request ("METHOD path") lands in {@link #log()}, authenticated or not.
 */
public final class InfixDevice implements AutoCloseable {

    public static final String YANG_JSON = "application/yang-data+json";

    static {
        // The JDK's server writes a reply's headers and its body separately; with Nagle's algorithm the body waited for
        // the client's delayed ACK of the headers, about 100 ms per driver call with no simulated latency (RESTCONF
        // servers such as nginx set TCP_NODELAY). The JDK reads this once, when its server classes load, so it is set
        // before the first server starts unless the JVM was given a value.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{1,63}");
    private static final Pattern PATH = Pattern.compile(
            "^/restconf/(data|ds/ietf-datastores:(running|operational))"
                    + "(?:/infix-containers:containers(?:/container=([^/]+)(?:/([^/]+))?)?)?/?$");

    private final String hostname;
    private final InetSocketAddress address;
    private final String username;
    private final String password;
    private final CommandLog log = new CommandLog();
    private final InfixFaults faults = new InfixFaults();
    /** Guarded by this. */
    private final Map<String, Container> containers = new LinkedHashMap<>();
    private HttpsServer server;
    private ExecutorService executor;
    private volatile SelfSignedCertificate certificate;
    private volatile boolean reportDefaults;

    private static final class Container {
        ObjectNode config;
        boolean running;
        String id;
        Instant since = Instant.now();
        String exitStatus;
        long seed = ThreadLocalRandom.current().nextLong(1_000_000);
    }

    private InfixDevice(String hostname, InetSocketAddress address, String username, String password) {
        this.hostname = hostname;
        this.address = address;
        this.username = username;
        this.password = password;
    }

    /** Generates the certificate and starts serving on {@code address}. */
    public static InfixDevice start(String hostname, InetSocketAddress address, String username, String password)
            throws IOException {
        return start(hostname, address, username, password,
                SelfSignedCertificate.generate(hostname, address.getAddress().getHostAddress()));
    }

    static InfixDevice start(String hostname, InetSocketAddress address, String username, String password,
                             SelfSignedCertificate cert) throws IOException {
        InfixDevice d = new InfixDevice(hostname, address, username, password);
        d.certificate = cert;
        d.listen();
        return d;
    }

    private synchronized void listen() throws IOException {
        HttpsServer s = HttpsServer.create(address, 64);
        s.setHttpsConfigurator(new HttpsConfigurator(certificate.sslContext()));
        s.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "infix-sim-" + hostname);
            t.setDaemon(true);
            return t;
        });
        s.setExecutor(executor);
        s.start();
        server = s;
    }

    private synchronized void shutdown() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Restarts the HTTPS server on the same address with a new certificate (device re-keyed or replaced). */
    public void rotateCertificate() throws IOException {
        SelfSignedCertificate next = SelfSignedCertificate.generate(hostname, address.getAddress().getHostAddress());
        shutdown();
        certificate = next;
        listen();
    }

    @Override
    public void close() {
        shutdown();
    }

    public String hostname() {
        return hostname;
    }

    public InetSocketAddress address() {
        return address;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    /** The served certificate's fingerprint, {@code SHA256:<base64 without padding>} over its DER encoding. */
    public String certificateFingerprint() {
        return certificate.fingerprint();
    }

    /** The certificate now served (changes with {@link #rotateCertificate()}). */
    public SelfSignedCertificate certificate() {
        return certificate;
    }

    public CommandLog log() {
        return log;
    }

    public InfixFaults faults() {
        return faults;
    }

    /** The logged requests as "METHOD path" that start with {@code methodAndPathPrefix}. */
    public List<String> requests(String methodAndPathPrefix) {
        return log.lines().stream().filter(l -> l.startsWith(methodAndPathPrefix)).toList();
    }

    /** Out of band: a running container dies (status "Exited (139)"); false when it was not running. */
    public synchronized boolean crash(String name) {
        Container c = containers.get(name);
        if (c == null || !c.running) {
            return false;
        }
        c.running = false;
        c.exitStatus = "Exited (139)";
        c.since = Instant.now();
        return true;
    }

    /** Out of band: the container's configuration is removed (someone used the CLI). */
    public synchronized boolean removeOutOfBand(String name) {
        return containers.remove(name) != null;
    }

    /**
     * Out of band: someone edits a container's configuration in the running datastore (CLI or
     * another client). The members of {@code changes} (a JSON object, e.g.
     * {@code {"image":"docker://nginx:1.25"}}) replace those of the stored entry; the container
     * is recreated as on any config change. False when there is no such container.
     */
    public synchronized boolean editConfigOutOfBand(String name, String changes) {
        Container c = containers.get(name);
        if (c == null) {
            return false;
        }
        try {
            JsonNode n = JSON.readTree(changes);
            if (n == null || !n.isObject() || n.has("name")) {
                throw new IllegalArgumentException("changes must be a JSON object without 'name': " + changes);
            }
            ObjectNode edited = c.config.deepCopy().setAll((ObjectNode) n);
            requireImage(edited);
            apply(edited);
            return true;
        } catch (IOException | RestconfError e) {
            throw new IllegalArgumentException("cannot apply " + changes + ": " + e.getMessage(), e);
        }
    }

    /**
     * With {@code true}, reads of the running datastore report the model defaults the client did
     * not write (enabled, restart-policy, mount read-only), as RFC 6243 report-all would; whether
     * Infix does so is unverified, and the driver must not see them as a difference.
     */
    public void reportDefaults(boolean on) {
        this.reportDefaults = on;
    }

    public synchronized List<String> containerNames() {
        return List.copyOf(containers.keySet());
    }

    public synchronized Optional<Boolean> running(String name) {
        return Optional.ofNullable(containers.get(name)).map(c -> c.running);
    }

    /** The stored configuration entry of a container as JSON, if configured. */
    public synchronized Optional<String> config(String name) {
        return Optional.ofNullable(containers.get(name)).map(c -> c.config.toString());
    }

    public synchronized void clearContainers() {
        containers.clear();
    }

    // ---------------------------------------------------------------------------------------------

    private record Reply(int status, JsonNode body) {
        static Reply noContent() {
            return new Reply(204, null);
        }
    }

    private static final class RestconfError extends Exception {
        final int status;
        final String type;
        final String tag;

        RestconfError(int status, String type, String tag, String message) {
            super(message, null, false, false);
            this.status = status;
            this.type = type;
            this.tag = tag;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            String path = ex.getRequestURI().getRawPath();
            byte[] body = ex.getRequestBody().readAllBytes();
            log.add("https", method + " " + path);
            long latency = faults.latencyMs();
            if (latency > 0) {
                try {
                    Thread.sleep(latency);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            Reply reply;
            try {
                if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"restconf\"");
                    throw new RestconfError(401, "protocol", "access-denied", "authentication failed");
                }
                int fail = faults.takeFailure(method);
                if (fail > 0) {
                    throw new RestconfError(fail, "application", "operation-failed", "injected fault: HTTP " + fail);
                }
                if (faults.takeCrash()) {
                    crashFirstRunning();
                }
                if (faults.takeStall()) {
                    stall();
                    return;
                }
                if (faults.takeInstallFailure(method)) {
                    // Wording not from a published capture.
                    throw new RestconfError(500, "application", "operation-failed", "injected fault: configuration not applied");
                }
                boolean drop = faults.takeDrop();
                reply = route(method, path, body);
                if (drop) {
                    // Carried out, then the connection closes with no reply (close() before any headers).
                    return;
                }
            } catch (RestconfError e) {
                reply = new Reply(e.status, error(e.type, e.tag, e.getMessage()));
            } catch (RuntimeException e) {
                reply = new Reply(500, error("application", "operation-failed", "internal error: " + e));
            }
            send(ex, reply);
        } finally {
            ex.close();
        }
    }

    private synchronized void crashFirstRunning() {
        containers.entrySet().stream().filter(e -> e.getValue().running).findFirst().ifPresent(e -> crash(e.getKey()));
    }

    /** No reply until the client gives up (its connection closes) or the device shuts down. */
    private static void stall() {
        try {
            Thread.sleep(Duration.ofMinutes(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, Reply reply) throws IOException {
        if (reply.body() == null) {
            ex.sendResponseHeaders(reply.status(), -1);
            return;
        }
        byte[] out = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(reply.body());
        ex.getResponseHeaders().set("Content-Type", YANG_JSON);
        ex.sendResponseHeaders(reply.status(), out.length);
        ex.getResponseBody().write(out);
    }

    private static ObjectNode error(String type, String tag, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode e = root.putObject("ietf-restconf:errors").putArray("error").addObject();
        e.put("error-type", type);
        e.put("error-tag", tag);
        e.put("error-message", message);
        return root;
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(username + ":" + password);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private Reply route(String method, String path, byte[] body) throws RestconfError {
        if (path.equals("/restconf/yang-library-version") && method.equals("GET")) {
            ObjectNode v = JSON.createObjectNode();
            v.put("ietf-restconf:yang-library-version", "2019-01-04");
            return new Reply(200, v);
        }
        Matcher m = PATH.matcher(path);
        if (!m.matches()) {
            throw new RestconfError(404, "protocol", "invalid-value", "no such resource: " + path);
        }
        boolean config = "running".equals(m.group(2));
        boolean operationalDs = "operational".equals(m.group(2));
        String name = m.group(3) == null ? null : URLDecoder.decode(m.group(3), StandardCharsets.UTF_8);
        String member = m.group(4);
        switch (method) {
            case "GET":
                return get(config, name, member);
            case "PUT":
                requireWritable(operationalDs, member, path);
                return put(name, parse(body));
            case "PATCH":
                requireWritable(operationalDs, member, path);
                return patch(name, parse(body));
            case "DELETE":
                requireWritable(operationalDs, member, path);
                return delete(name);
            case "POST":
                if (operationalDs || config || name == null || member == null) {
                    throw new RestconfError(405, "protocol", "operation-not-supported", "cannot POST to " + path);
                }
                return action(name, member, body);
            default:
                throw new RestconfError(405, "protocol", "operation-not-supported", "method " + method + " not allowed");
        }
    }

    private static void requireWritable(boolean operationalDs, String member, String path)
            throws RestconfError {
        if (operationalDs || member != null) {
            throw new RestconfError(405, "protocol", "operation-not-supported", "not writable: " + path);
        }
    }

    private static JsonNode parse(byte[] body) throws RestconfError {
        if (body.length == 0) {
            throw new RestconfError(400, "protocol", "malformed-message", "empty body");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new RestconfError(400, "protocol", "malformed-message", "body is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new RestconfError(400, "protocol", "malformed-message", "invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** A member by local name, with or without the module prefix. */
    private static JsonNode member(JsonNode object, String local) {
        JsonNode n = object.get("infix-containers:" + local);
        return n != null ? n : object.get(local);
    }

    private synchronized Reply get(boolean config, String name, String member) throws RestconfError {
        List<Container> selected = new ArrayList<>();
        if (name == null) {
            selected.addAll(containers.values());
        } else {
            selected.add(existing(name));
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putObject("infix-containers:containers").putArray("container");
        for (Container c : selected) {
            ObjectNode entry = config ? configView(c.config) : operational(c);
            if (member != null) {
                JsonNode value = entry.get(member);
                if (value == null) {
                    throw new RestconfError(404, "protocol", "invalid-value", "no '" + member + "' in container " + name);
                }
                ObjectNode only = JSON.createObjectNode();
                only.put("name", c.config.get("name").asText());
                only.set(member, value);
                entry = only;
            }
            list.add(entry);
        }
        return new Reply(200, root);
    }

    private ObjectNode configView(ObjectNode stored) {
        ObjectNode e = stored.deepCopy();
        if (reportDefaults) {
            if (!e.has("enabled")) {
                e.put("enabled", true);
            }
            if (!e.has("restart-policy")) {
                e.put("restart-policy", "always");
            }
            for (JsonNode m : e.path("mount")) {
                if (m.isObject() && !m.has("read-only")) {
                    ((ObjectNode) m).put("read-only", true);
                }
            }
        }
        return e;
    }

    private Container existing(String name) throws RestconfError {
        Container c = containers.get(name);
        if (c == null) {
            throw new RestconfError(404, "application", "invalid-value", "no container '" + name + "'");
        }
        return c;
    }

    private static ObjectNode validEntry(JsonNode entry) throws RestconfError {
        if (!entry.isObject()) {
            throw new RestconfError(400, "application", "invalid-value", "a container entry must be an object");
        }
        ObjectNode e = ((ObjectNode) entry).deepCopy();
        // Undo module prefixes inside the entry so the stored config reads like the device's.
        for (String k : List.copyOf(iterable(e.fieldNames()))) {
            if (k.startsWith("infix-containers:")) {
                e.set(k.substring("infix-containers:".length()), e.remove(k));
            }
        }
        for (String configFalse : List.of("id", "image-id", "running", "status", "cmdline", "resource-usage")) {
            if (e.has(configFalse)) {
                throw new RestconfError(400, "application", "invalid-value", "'" + configFalse + "' is not configuration");
            }
        }
        JsonNode name = e.get("name");
        if (name == null || !name.isTextual() || !NAME.matcher(name.asText()).matches()) {
            throw new RestconfError(400, "application", "invalid-value", "container name missing or invalid");
        }
        JsonNode net = e.get("network");
        if (net != null && net.has("host") && net.path("host").asBoolean() && net.has("interface")
                && net.path("interface").size() > 0) {
            throw new RestconfError(400, "application", "invalid-value",
                    "network host and interface are mutually exclusive");
        }
        return e;
    }

    private static <T> List<T> iterable(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static void requireImage(ObjectNode e) throws RestconfError {
        JsonNode image = e.get("image");
        if (image == null || !image.isTextual() || image.asText().isBlank()) {
            throw new RestconfError(400, "application", "missing-element",
                    "container " + e.path("name").asText() + ": 'image' is mandatory");
        }
    }

    private synchronized Reply put(String name, JsonNode body) throws RestconfError {
        if (name == null) {
            // PUT of the whole list: replace every container.
            List<ObjectNode> entries = new ArrayList<>();
            JsonNode containersNode = member(body, "containers");
            if (containersNode == null) {
                throw new RestconfError(400, "protocol", "malformed-message", "expected 'infix-containers:containers'");
            }
            JsonNode list = member(containersNode, "container");
            for (JsonNode n : list == null ? JSON.createArrayNode() : list) {
                ObjectNode e = validEntry(n);
                requireImage(e);
                entries.add(e);
            }
            containers.clear();
            for (ObjectNode e : entries) {
                apply(e);
            }
            return Reply.noContent();
        }
        JsonNode list = member(body, "container");
        if (list == null || !list.isArray() || list.size() != 1) {
            throw new RestconfError(400, "protocol", "malformed-message",
                    "expected {\"infix-containers:container\":[{…}]} with one entry");
        }
        ObjectNode e = validEntry(list.get(0));
        if (!e.get("name").asText().equals(name)) {
            throw new RestconfError(400, "protocol", "invalid-value", "the key in the body differs from the URI");
        }
        requireImage(e);
        boolean created = !containers.containsKey(name);
        apply(e);
        return created ? new Reply(201, null) : Reply.noContent();
    }

    private synchronized Reply patch(String name, JsonNode body) throws RestconfError {
        JsonNode list;
        if (name == null) {
            JsonNode c = member(body, "containers");
            if (c == null) {
                throw new RestconfError(400, "protocol", "malformed-message", "expected 'infix-containers:containers'");
            }
            list = member(c, "container");
        } else {
            list = member(body, "container");
            if (list != null && list.size() == 1 && !name.equals(list.get(0).path("name").asText())) {
                throw new RestconfError(400, "protocol", "invalid-value", "the key in the body differs from the URI");
            }
            if (!containers.containsKey(name)) {
                throw new RestconfError(404, "application", "invalid-value", "no container '" + name + "'");
            }
        }
        if (list == null || !list.isArray()) {
            throw new RestconfError(400, "protocol", "malformed-message", "expected a 'container' list");
        }
        List<ObjectNode> merged = new ArrayList<>();
        for (JsonNode n : list) {
            ObjectNode e = validEntry(n);
            Container old = containers.get(e.get("name").asText());
            ObjectNode result = old == null ? e : old.config.deepCopy().setAll(e);
            requireImage(result);
            merged.add(result);
        }
        for (ObjectNode e : merged) {
            apply(e);
        }
        return Reply.noContent();
    }

    /** Creates or replaces: the container is (re)created and runs unless manual. */
    private void apply(ObjectNode config) {
        String name = config.get("name").asText();
        Container c = containers.computeIfAbsent(name, n -> new Container());
        c.config = config;
        c.id = randomHex();
        c.since = Instant.now();
        boolean enabled = !config.has("enabled") || config.get("enabled").asBoolean();
        c.running = enabled && !config.path("manual").asBoolean(false);
        c.exitStatus = c.running ? null : "Created";
    }

    private synchronized Reply delete(String name) throws RestconfError {
        if (name == null) {
            containers.clear();
            return Reply.noContent();
        }
        existing(name);
        containers.remove(name);
        return Reply.noContent();
    }

    private synchronized Reply action(String name, String action, byte[] body) throws RestconfError {
        if (body.length > 0 && !new String(body, StandardCharsets.UTF_8).isBlank()) {
            JsonNode in = parse(body);
            if (in.size() > 0 && member(in, "input") == null) {
                throw new RestconfError(400, "protocol", "malformed-message", "action input must be 'infix-containers:input'");
            }
        }
        if (!List.of("start", "stop", "restart").contains(action)) {
            throw new RestconfError(400, "protocol", "operation-not-supported", "unknown action '" + action + "'");
        }
        Container c = existing(name);
        switch (action) {
            case "start" -> {
                if (!c.running) {
                    c.running = true;
                    c.since = Instant.now();
                    c.exitStatus = null;
                }
            }
            case "stop" -> {
                if (c.running) {
                    c.running = false;
                    c.since = Instant.now();
                    c.exitStatus = "Exited (0)";
                }
            }
            default -> {
                c.running = true;
                c.since = Instant.now();
                c.exitStatus = null;
            }
        }
        return Reply.noContent();
    }

    private static String randomHex() {
        byte[] b = new byte[32];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The operational view of one container, as statd would build it from podman. */
    private static ObjectNode operational(Container c) {
        ObjectNode cfg = c.config;
        ObjectNode o = JSON.createObjectNode();
        String image = cfg.get("image").asText();
        o.put("name", cfg.get("name").asText());
        o.put("id", c.id);
        o.put("image", image);
        o.put("image-id", sha256Hex(image));
        o.put("running", c.running);
        long secs = Math.max(0, Duration.between(c.since, Instant.now()).toSeconds());
        o.put("status", c.running ? "Up " + ago(secs) : c.exitStatus.equals("Created") ? "Created"
                : c.exitStatus + " " + ago(secs) + " ago");
        String command = cfg.path("command").asText("/usr/sbin/entrypoint");
        o.put("cmdline", "/usr/bin/tini -- " + command);
        for (String copied : List.of("command", "hostname", "enabled", "manual", "privileged", "restart-policy")) {
            if (cfg.has(copied)) {
                o.set(copied, cfg.get(copied));
            }
        }
        ObjectNode net = cfg.has("network") ? cfg.get("network").deepCopy() : JSON.createObjectNode();
        if (!net.has("host") && !net.has("publish")) {
            net.putArray("publish");
        }
        o.set("network", net);
        JsonNode limit = cfg.get("resource-limit");
        if (limit != null) {
            ObjectNode l = o.putObject("resource-limit");
            if (limit.has("memory")) {
                l.put("memory", limit.get("memory").asText());
            }
            if (limit.has("cpu")) {
                l.put("cpu", limit.get("cpu").asLong());
            }
        }
        if (c.running) {
            ObjectNode u = o.putObject("resource-usage");
            u.put("memory", String.valueOf(8192 + c.seed % 4096 + secs * 4));
            u.put("cpu", String.format(Locale.ROOT, "%.2f", ((c.seed + secs) % 250) / 100.0));
            ObjectNode bio = u.putObject("block-io");
            bio.put("read", String.valueOf(1024 + c.seed % 512));
            bio.put("write", String.valueOf(64 + secs));
            ObjectNode nio = u.putObject("net-io");
            nio.put("received", String.valueOf(12 * secs + c.seed % 100));
            nio.put("sent", String.valueOf(7 * secs + c.seed % 50));
            u.put("pids", 2 + c.seed % 3);
        }
        return o;
    }

    private static String ago(long secs) {
        if (secs < 60) {
            return secs <= 1 ? "1 second" : secs + " seconds";
        }
        if (secs < 120) {
            return "About a minute";
        }
        if (secs < 3600) {
            return secs / 60 + " minutes";
        }
        return secs / 3600 + " hours";
    }

    @Override
    public String toString() {
        return "InfixDevice[" + hostname + " " + address.getHostString() + ":" + address.getPort() + "]";
    }
}
