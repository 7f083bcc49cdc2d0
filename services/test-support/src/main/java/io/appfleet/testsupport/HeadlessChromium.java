package io.appfleet.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Headless Chromium (Debian's {@code chromium} package) for tests that look at pages as a browser
 * renders them: the DOM after the page's scripts ran, screenshots, and a browser kept open and
 * driven over the DevTools protocol, for pages that change while the test watches (live updates).
 *
 * <p>Every browser gets a fresh profile directory and the switches a root container needs
 * ({@code --no-sandbox}) and a test wants (no GPU, QUIC, first-run, background networking, component
 * updates or sync). The binary is {@code /usr/bin/chromium} unless {@code -Dappfleet.chromium=<path>}
 * names another; a test without it fails with a message naming the package to install.
 */
public final class HeadlessChromium {

    /** The Debian package that provides {@code /usr/bin/chromium}. */
    public static final String PACKAGE = "chromium";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HeadlessChromium() {
    }

    /** The browser binary: {@code -Dappfleet.chromium}, else {@code /usr/bin/chromium}. */
    public static Path binary() {
        return Path.of(System.getProperty("appfleet.chromium", "/usr/bin/chromium"));
    }

    /**
     * The binary, checked.
     *
     * @throws IllegalStateException naming the Debian package when it is not there
     */
    public static Path require() {
        Path b = binary();
        if (!Files.isExecutable(b)) {
            throw new IllegalStateException("headless Chromium is needed for this test and " + b + " is not there:"
                    + " install the Debian package '" + PACKAGE + "' (apt-get install " + PACKAGE + ") or point"
                    + " -Dappfleet.chromium at a Chromium binary");
        }
        return b;
    }

    /** The DOM of {@code url} after its scripts ran for {@code virtualTime} of virtual time ({@code --dump-dom}). */
    public static String dumpDom(URI url, Duration virtualTime) {
        return oneShot(List.of("--virtual-time-budget=" + virtualTime.toMillis(), "--dump-dom", url.toString()), null);
    }

    /** A screenshot of {@code url} at {@code width} x {@code height} after {@code virtualTime} ({@code --screenshot}). */
    public static void screenshot(URI url, Path png, int width, int height, Duration virtualTime) {
        createParent(png);
        oneShot(List.of("--virtual-time-budget=" + virtualTime.toMillis(), "--hide-scrollbars",
                "--window-size=" + width + "," + height, "--screenshot=" + png.toAbsolutePath(), url.toString()), png);
        if (!Files.isRegularFile(png)) {
            throw new IllegalStateException("Chromium wrote no screenshot of " + url + " to " + png);
        }
    }

    /**
     * A browser showing {@code url} in a {@code width} x {@code height} viewport, loaded, and kept
     * open for the test to read and drive; close it.
     */
    public static Session open(URI url, int width, int height) {
        Path profile = tempDir();
        List<String> command = command(profile);
        command.addAll(List.of("--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank"));
        Process p;
        Path log = profile.resolve("chromium.log");
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            delete(profile);
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        Session s = null;
        try {
            s = new Session(p, profile, log);
            s.connect(START_TIMEOUT);
            s.call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height,
                    "deviceScaleFactor", 1, "mobile", false));
            s.navigate(url);
            return s;
        } catch (RuntimeException e) {
            String tail = tail(log);
            if (s != null) {
                s.close();
            } else {
                stop(p);
                delete(profile);
            }
            throw new IllegalStateException(e.getMessage() + "\nChromium's log:\n" + tail, e);
        }
    }

    /** A browser driven over the DevTools protocol, on one page. */
    public static final class Session implements AutoCloseable {

        private final Process process;
        private final Path profile;
        private final Path log;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<JsonNode>> awaitedEvents = new ConcurrentHashMap<>();
        private WebSocket socket;

        private Session(Process process, Path profile, Path log) {
            this.process = process;
            this.profile = profile;
            this.log = log;
        }

        private void connect(Duration timeout) {
            Path portFile = profile.resolve("DevToolsActivePort");
            long deadline = System.nanoTime() + timeout.toNanos();
            String port = null;
            while (port == null) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Chromium exited with " + process.exitValue() + " while starting");
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Chromium did not open its DevTools port within " + timeout);
                }
                try {
                    if (Files.isRegularFile(portFile)) {
                        List<String> lines = Files.readAllLines(portFile);
                        if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                            port = lines.get(0).strip();
                        }
                    }
                    if (port == null) {
                        Thread.sleep(50);
                    }
                } catch (IOException e) {
                    // written while we read: next round
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while Chromium started", e);
                }
            }
            String pageSocket = null;
            while (pageSocket == null) {
                try {
                    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                            HttpResponse.BodyHandlers.ofString()).body());
                    for (JsonNode t : targets) {
                        if ("page".equals(t.path("type").asText())) {
                            pageSocket = t.path("webSocketDebuggerUrl").asText();
                            break;
                        }
                    }
                    if (pageSocket == null) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("Chromium shows no page to drive: " + targets);
                        }
                        Thread.sleep(50);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list Chromium's pages", e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while Chromium started", e);
                }
            }
            socket = http.newWebSocketBuilder().buildAsync(URI.create(pageSocket), new Listener()).join();
            call("Page.enable", Map.of());
            call("Runtime.enable", Map.of());
        }

        /** Loads {@code url} and waits for its load event. */
        public void navigate(URI url) {
            CompletableFuture<JsonNode> loaded = new CompletableFuture<>();
            awaitedEvents.put("Page.loadEventFired", loaded);
            JsonNode r = call("Page.navigate", Map.of("url", url.toString()));
            if (r.hasNonNull("errorText")) {
                throw new IllegalStateException("Chromium cannot load " + url + ": " + r.get("errorText").asText());
            }
            get(loaded, "the load of " + url);
        }

        /**
         * The value of a JavaScript expression in the page (awaited when it is a promise), as JSON:
         * strings, numbers, booleans, arrays and plain objects come back as themselves.
         *
         * @throws IllegalStateException with the page's message when the expression throws
         */
        public JsonNode evaluate(String expression) {
            JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                    "awaitPromise", true));
            if (r.has("exceptionDetails")) {
                JsonNode d = r.get("exceptionDetails");
                throw new IllegalStateException("the page threw on " + expression + ": "
                        + d.path("exception").path("description").asText(d.path("text").asText()));
            }
            return r.path("result").path("value");
        }

        /** A string expression's value; null when it is null or undefined. */
        public String text(String expression) {
            JsonNode v = evaluate(expression);
            return v.isMissingNode() || v.isNull() ? null : v.asText();
        }

        /**
         * Evaluates {@code expression} every 200 ms until {@code done} accepts its text value.
         *
         * @return the accepted value
         * @throws AssertionError naming the last value when {@code timeout} passes first
         */
        public String await(String expression, Predicate<String> done, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = null;
            while (true) {
                last = text(expression);
                if (done.test(last)) {
                    return last;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the page's " + expression + " was still '" + last + "' after " + timeout);
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }

        /** The page's current DOM as HTML. */
        public String dom() {
            return text("document.documentElement.outerHTML");
        }

        /** A PNG of the viewport, or of the whole page when {@code fullPage}. */
        public void screenshot(Path png, boolean fullPage) {
            Map<String, Object> params = new java.util.HashMap<>(Map.of("format", "png"));
            if (fullPage) {
                JsonNode size = call("Page.getLayoutMetrics", Map.of()).path("cssContentSize");
                params.put("captureBeyondViewport", true);
                params.put("clip", Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
                        "height", size.path("height").asDouble(), "scale", 1));
            }
            JsonNode r = call("Page.captureScreenshot", params);
            createParent(png);
            try {
                Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + png, e);
            }
        }

        /** Sends one DevTools command and waits for its result. */
        public JsonNode call(String method, Map<String, ?> params) {
            int id = ids.incrementAndGet();
            ObjectNode message = JSON.createObjectNode();
            message.put("id", id);
            message.put("method", method);
            message.set("params", JSON.valueToTree(params));
            CompletableFuture<JsonNode> reply = new CompletableFuture<>();
            pending.put(id, reply);
            try {
                socket.sendText(JSON.writeValueAsString(message), true).get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (IOException | ExecutionException | TimeoutException e) {
                pending.remove(id);
                throw new IllegalStateException("cannot send " + method + " to Chromium: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            JsonNode r = get(reply, method);
            if (r.has("error")) {
                throw new IllegalStateException("Chromium refused " + method + ": " + r.get("error"));
            }
            return r.path("result");
        }

        private JsonNode get(CompletableFuture<JsonNode> f, String what) {
            try {
                return f.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Chromium did not answer " + what + " within " + CALL_TIMEOUT
                        + (process.isAlive() ? "" : " (it exited)") + "\n" + tail(log));
            } catch (ExecutionException e) {
                throw new IllegalStateException("Chromium's connection failed during " + what + ": " + e.getCause(),
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        @Override
        public void close() {
            if (socket != null) {
                socket.abort();
            }
            stop(process);
            delete(profile);
        }

        private final class Listener implements WebSocket.Listener {
            private final StringBuilder parts = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                parts.append(data);
                if (last) {
                    String text = parts.toString();
                    parts.setLength(0);
                    try {
                        JsonNode m = JSON.readTree(text);
                        if (m.has("id")) {
                            CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                            if (f != null) {
                                f.complete(m);
                            }
                        } else if (m.has("method")) {
                            CompletableFuture<JsonNode> f = awaitedEvents.remove(m.get("method").asText());
                            if (f != null) {
                                f.complete(m.path("params"));
                            }
                        }
                    } catch (IOException e) {
                        // not JSON: the protocol never sends that; ignore rather than break the session
                    }
                }
                ws.request(1);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                pending.values().forEach(f -> f.completeExceptionally(error));
                awaitedEvents.values().forEach(f -> f.completeExceptionally(error));
            }
        }
    }

    private static String oneShot(List<String> args, Path expected) {
        Path profile = tempDir();
        List<String> command = command(profile);
        command.addAll(args);
        Path out = profile.resolve("stdout");
        Path err = profile.resolve("stderr");
        Process p = null;
        try {
            p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(START_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Chromium ran over " + START_TIMEOUT.multipliedBy(2) + ": " + command
                        + "\n" + tail(err));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Chromium exited with " + p.exitValue() + ": " + command + "\n"
                        + tail(err));
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (p != null) {
                stop(p);
            }
            delete(profile);
        }
    }

    private static List<String> command(Path profile) {
        List<String> c = new ArrayList<>();
        c.add(require().toString());
        c.addAll(List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile));
        return c;
    }

    /** Stops the browser and what it started (renderers, GPU and zygote processes). */
    private static void stop(Process p) {
        List<ProcessHandle> children = p.descendants().toList();
        p.destroy();
        children.forEach(ProcessHandle::destroy);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("appfleet-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a Chromium profile directory", e);
        }
    }

    private static void createParent(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + file, e);
        }
    }

    private static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log)";
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in /tmp is harmless
        }
    }
}
