package io.appfleet.devicesim.iosxr;

import io.appfleet.devicesim.Faults;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * The docker daemon of a simulated IOS-XR 6.x router, as XR bash reaches it: pulled images and
 * containers (created, up, exited). Tables are printed the way docker's tabwriter pads them
 * (cells at least 20 wide, 3 spaces of padding), which is the layout of fixtures
 * iosxr-6x-docker-run-ps-*. Error texts are docker's own wordings of the 1.x releases XR 6.x
 * ships; they are not from a published XR capture.
 */
public final class DockerEngine {

    /** A pulled image. */
    record Image(String repository, String tag, String id, long pulledMs) {
    }

    /** One container, named after the app. */
    static final class Container {
        final String name;
        final String id = randomHex(64);
        final String image;
        final String command;
        final List<String> options;
        /** --label/-l values; kept for the container's life (stop and start do not touch them). */
        final Map<String, String> labels;
        final long createdMs;
        boolean running;
        boolean started;
        int exitCode;
        long stateSinceMs;

        Container(String name, String image, String command, List<String> options, Map<String, String> labels,
                  long now) {
            this.name = name;
            this.image = image;
            this.command = command;
            this.options = List.copyOf(options);
            this.labels = Map.copyOf(labels);
            this.createdMs = now;
            this.stateSinceMs = now;
        }
    }

    private final Faults faults;
    private final LongSupplier clockMs;
    private final Map<String, Image> images = new LinkedHashMap<>();
    private final Map<String, Container> containers = new LinkedHashMap<>();
    /** Image keys the simulated registry does not have: pulling them fails. */
    private final Set<String> unpublished = new HashSet<>();

    DockerEngine(Faults faults, LongSupplier clockMs) {
        this.faults = faults;
        this.clockMs = clockMs;
    }

    /** "ubuntu" → "ubuntu:latest"; Docker Hub's own prefixes dropped, as docker images shows them. */
    static String key(String ref) {
        String r = ref.startsWith("docker.io/") ? ref.substring("docker.io/".length()) : ref;
        r = r.startsWith("library/") ? r.substring("library/".length()) : r;
        int slash = r.lastIndexOf('/');
        return r.indexOf(':', slash + 1) < 0 ? r + ":latest" : r;
    }

    /** Fault: the registry no longer has this image, so pulling it (or running it unpulled) fails. */
    public synchronized void unpublish(String ref) {
        unpublished.add(key(ref));
    }

    /** Out of band: the image is deleted ({@code docker rmi}), so the next run or pull fetches it again. */
    public synchronized boolean removeImage(String ref) {
        return images.remove(key(ref)) != null;
    }

    public synchronized List<String> images() {
        return images.keySet().stream().toList();
    }

    public synchronized List<String> containers() {
        return List.copyOf(containers.keySet());
    }

    public synchronized boolean isRunning(String name) {
        Container c = containers.get(name);
        return c != null && c.running;
    }

    /** The image reference a container was created from, as given to run or create; null when there is none. */
    public synchronized String image(String name) {
        Container c = containers.get(name);
        return c == null ? null : c.image;
    }

    /** The flags a container was created with, --name aside, in order. */
    public synchronized List<String> options(String name) {
        Container c = containers.get(name);
        return c == null ? null : c.options;
    }

    /** The labels a container was created with; null when there is none. */
    public synchronized Map<String, String> labels(String name) {
        Container c = containers.get(name);
        return c == null ? null : c.labels;
    }

    /** Library images print "Pulling from library/x", as docker does. */
    private static String pullProgress(String key) {
        int colon = key.lastIndexOf(':');
        String repo = key.substring(0, colon);
        return key.substring(colon + 1) + ": Pulling from " + (repo.contains("/") ? repo : "library/" + repo) + "\n"
                + "d54efb8db41d: Pull complete \n"
                + "Digest: sha256:" + randomHex(64) + "\n"
                + "Status: Downloaded newer image for " + key + "\n";
    }

    /** A pull's output; null when the registry lacks the image (caller prints the error). */
    private String fetch(String key) {
        if (unpublished.contains(key) || faults.installFailure()) {
            return null;
        }
        int colon = key.lastIndexOf(':');
        images.put(key, new Image(key.substring(0, colon), key.substring(colon + 1), randomHex(12), clockMs.getAsLong()));
        return pullProgress(key);
    }

    synchronized String pull(String ref) {
        String key = key(ref);
        if (images.containsKey(key)) {
            return key.substring(key.lastIndexOf(':') + 1) + ": Pulling from library/" + key.substring(0, key.lastIndexOf(':'))
                    + "\nDigest: sha256:" + randomHex(64) + "\nStatus: Image is up to date for " + key + "\n";
        }
        String progress = fetch(key);
        return progress != null ? progress : "Error: image " + library(key) + " not found\n";
    }

    private static String library(String key) {
        return key.contains("/") ? key : "library/" + key;
    }

    /** docker run (start = true) or docker create. */
    synchronized String create(String name, String ref, String command, List<String> options, Map<String, String> labels,
                               boolean start, String verb) {
        String out = "";
        Container existing = containers.get(name);
        if (existing != null) {
            return "docker: Error response from daemon: Conflict. The container name \"/" + name
                    + "\" is already in use by container " + existing.id
                    + ". You have to remove (or rename) that container to be able to reuse that name..\n"
                    + "See 'docker " + verb + " --help'.\n";
        }
        String key = key(ref);
        if (!images.containsKey(key)) {
            out += "Unable to find image '" + key + "' locally\n";
            String progress = fetch(key);
            if (progress == null) {
                return out + "docker: Error: image " + library(key) + " not found.\nSee 'docker " + verb + " --help'.\n";
            }
            out += progress;
        }
        long now = clockMs.getAsLong();
        Container c = new Container(name, ref, command, options, labels, now);
        if (start) {
            c.running = true;
            c.started = true;
        }
        containers.put(name, c);
        return out + c.id + "\n";
    }

    /** A container by name or by (a unique prefix of) its id, as docker's commands take either; null when none. */
    private Container find(String ref) {
        Container c = containers.get(ref);
        if (c != null || !ref.matches("[0-9a-f]{1,64}")) {
            return c;
        }
        List<Container> byId = containers.values().stream().filter(x -> x.id.startsWith(ref)).toList();
        return byId.size() == 1 ? byId.get(0) : null;
    }

    synchronized String start(String name) {
        Container c = find(name);
        if (c == null) {
            return noSuchContainer(name) + "Error: failed to start containers: " + name + "\n";
        }
        if (!c.running) {
            c.running = true;
            c.started = true;
            c.stateSinceMs = clockMs.getAsLong();
        }
        return name + "\n";
    }

    synchronized String stop(String name) {
        Container c = find(name);
        if (c == null) {
            return noSuchContainer(name);
        }
        if (c.running) {
            c.running = false;
            c.exitCode = 0;
            c.stateSinceMs = clockMs.getAsLong();
        }
        return name + "\n";
    }

    synchronized String remove(String name, boolean force) {
        Container c = find(name);
        if (c == null) {
            return noSuchContainer(name) + "Error: failed to remove containers: [" + name + "]\n";
        }
        if (c.running && !force) {
            return "Error response from daemon: Conflict, You cannot remove a running container. Stop the container"
                    + " before attempting removal or use -f\nError: failed to remove containers: [" + name + "]\n";
        }
        containers.remove(c.name);
        return name + "\n";
    }

    private static String noSuchContainer(String name) {
        return "Error response from daemon: No such container: " + name + "\n";
    }

    /** Drift: the container's process dies. */
    synchronized boolean crash(String name) {
        Container c = containers.get(name);
        if (c == null || !c.running) {
            return false;
        }
        c.running = false;
        c.exitCode = 139;
        c.stateSinceMs = clockMs.getAsLong();
        return true;
    }

    synchronized String ps(boolean all) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "PORTS", "NAMES"});
        long now = clockMs.getAsLong();
        for (Container c : containers.values()) {
            if (!all && !c.running) {
                continue;
            }
            String cmd = c.command == null ? "bash" : c.command;
            if (cmd.length() > 20) {
                cmd = cmd.substring(0, 19) + "…";
            }
            rows.add(new String[] {c.id.substring(0, 12), c.image, "\"" + cmd + "\"",
                    IosxrDevice.duration(now - c.createdMs) + " ago", status(c, now), "", c.name});
        }
        return table(rows);
    }

    /**
     * {@code docker ps} with {@code -q} (ids only) or {@code --format} (a Go template per container,
     * no header; \t and \n in it are a tab and a line end, as docker's formatter makes them). A
     * template docker refuses prints its error and nothing else, as docker buffers the rows.
     */
    synchronized String ps(boolean all, boolean quiet, boolean noTrunc, String format) {
        if (format == null && !quiet) {
            return ps(all);
        }
        long now = clockMs.getAsLong();
        StringBuilder out = new StringBuilder();
        for (Container c : containers.values()) {
            if (!all && !c.running) {
                continue;
            }
            String id = noTrunc ? c.id : c.id.substring(0, 12);
            if (quiet) {
                out.append(id).append('\n');
                continue;
            }
            String template = format.replace("\\t", "\t").replace("\\n", "\n");
            try {
                out.append(GoTemplate.render(template, w -> psField(c, id, w, now), "*formatter.containerContext")).append('\n');
            } catch (GoTemplate.TemplateError e) {
                return e.getMessage() + "\n";
            }
        }
        return out.toString();
    }

    private static String psField(Container c, String id, List<String> w, long now) {
        if (w.size() == 2 && w.get(0).equals(".Label")) {
            return c.labels.getOrDefault(w.get(1), "");
        }
        if (w.size() != 1) {
            return null;
        }
        return switch (w.get(0)) {
            case ".ID" -> id;
            case ".Names" -> c.name;
            case ".Image" -> c.image;
            case ".Command" -> "\"" + (c.command == null ? "bash" : c.command) + "\"";
            case ".Status" -> status(c, now);
            case ".RunningFor" -> IosxrDevice.duration(now - c.createdMs) + " ago";
            case ".Ports" -> "";
            case ".Labels" -> c.labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .reduce((a, b) -> a + "," + b).orElse("");
            default -> null;
        };
    }

    /**
     * {@code docker inspect [--format T] name…}: each container's JSON (a trimmed one) or its
     * template line; a name with no container prints docker 1.10–1.12's error for it (1.13 says
     * "No such object") and the others still print.
     */
    synchronized String inspect(String format, List<String> names) {
        StringBuilder out = new StringBuilder();
        StringBuilder errors = new StringBuilder();
        List<String> json = new ArrayList<>();
        for (String name : names) {
            Container c = find(name);
            if (c == null) {
                errors.append("Error: No such image or container: ").append(name).append('\n');
                continue;
            }
            if (format == null) {
                json.add(inspectJson(c));
                continue;
            }
            try {
                out.append(GoTemplate.render(format, w -> inspectField(c, w), "*types.ContainerJSON")).append('\n');
            } catch (GoTemplate.TemplateError e) {
                return e.getMessage() + "\n";
            }
        }
        if (format == null) {
            out.append("[\n").append(String.join(",\n", json)).append("\n]\n");
        }
        return out.append(errors).toString();
    }

    private static String inspectField(Container c, List<String> w) {
        if (w.size() == 3 && w.get(0).equals("index") && w.get(1).equals(".Config.Labels")) {
            return c.labels.getOrDefault(w.get(2), ""); // Go's index of a missing map key: the zero value
        }
        if (w.size() != 1) {
            return null;
        }
        return switch (w.get(0)) {
            case ".Id", ".ID" -> c.id;
            case ".Name" -> "/" + c.name;
            case ".Config.Image" -> c.image;
            case ".Config.Labels" -> goMap(c.labels);
            case ".Config.Cmd" -> "[" + (c.command == null ? "bash" : c.command) + "]";
            case ".State.Running" -> String.valueOf(c.running);
            case ".State.Status" -> c.running ? "running" : c.started ? "exited" : "created";
            case ".State.ExitCode" -> String.valueOf(c.exitCode);
            default -> null;
        };
    }

    /** Go prints a map[string]string as map[k1:v1 k2:v2], keys sorted. */
    private static String goMap(Map<String, String> m) {
        StringBuilder sb = new StringBuilder("map[");
        m.keySet().stream().sorted().forEach(k -> sb.append(sb.length() > 4 ? " " : "").append(k).append(':').append(m.get(k)));
        return sb.append(']').toString();
    }

    private static String inspectJson(Container c) {
        StringBuilder labels = new StringBuilder();
        c.labels.keySet().stream().sorted().forEach(k -> labels.append(labels.length() > 0 ? ", " : "")
                .append('"').append(k).append("\": \"").append(c.labels.get(k)).append('"'));
        return "    {\n        \"Id\": \"" + c.id + "\",\n        \"Name\": \"/" + c.name + "\",\n"
                + "        \"State\": {\n            \"Status\": \"" + (c.running ? "running" : c.started ? "exited" : "created")
                + "\",\n            \"Running\": " + c.running + ",\n            \"ExitCode\": " + c.exitCode + "\n        },\n"
                + "        \"Config\": {\n            \"Image\": \"" + c.image + "\",\n            \"Labels\": {" + labels
                + "}\n        }\n    }";
    }

    private static String status(Container c, long now) {
        if (c.running) {
            return "Up " + IosxrDevice.duration(now - c.stateSinceMs);
        }
        return c.started ? "Exited (" + c.exitCode + ") " + IosxrDevice.duration(now - c.stateSinceMs) + " ago" : "Created";
    }

    synchronized String imagesTable() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE"});
        long now = clockMs.getAsLong();
        for (Image i : images.values()) {
            rows.add(new String[] {i.repository(), i.tag(), i.id(), IosxrDevice.duration(now - i.pulledMs()) + " ago",
                    "129.5 MB"});
        }
        return table(rows);
    }

    /** docker 1.x {@code stats --no-stream}; a stopped container shows zeros. */
    synchronized String stats(String name) {
        Container c = containers.get(name);
        if (c == null) {
            return "Error response from daemon: No such container: " + name + "\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CONTAINER", "CPU %", "MEM USAGE / LIMIT", "MEM %", "NET I/O", "BLOCK I/O", "PIDS"});
        rows.add(c.running
                ? new String[] {name, "0.07%", "1.02 MiB / 7.79 GiB", "0.01%", "648 B / 648 B", "0 B / 0 B", "1"}
                : new String[] {name, "0.00%", "0 B / 0 B", "0.00%", "0 B / 0 B", "0 B / 0 B", "0"});
        return table(rows);
    }

    /** Go's tabwriter as docker sets it up: minimum cell width 20, padding 3; the last cell unpadded. */
    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols - 1; i++) {
                width[i] = Math.max(width[i], Math.max(20, r[i].length() + 3));
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                line.append(i < cols - 1 ? String.format("%-" + width[i] + "s", r[i]) : r[i]);
            }
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static String randomHex(int n) {
        StringBuilder sb = new StringBuilder(n);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            sb.append(Character.forDigit(r.nextInt(16), 16));
        }
        return sb.toString();
    }
}
