package io.appfleet.drivers.infix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.CpuPolicerCounters;
import io.appfleet.drivers.DeviceDriver;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DeviceException.Reason;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.HostingStatus;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.StepTranscript;
import io.appfleet.drivers.parse.ParseException;
import io.appfleet.proto.fleet.v1.StepOutcome;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_FAILED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_REFUSED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_SUCCEEDED;
import static io.appfleet.proto.fleet.v1.StepOutcome.STEP_OUTCOME_TIMED_OUT;

/**
 * Infix containers over RESTCONF (RFC 8040, {@code application/yang-data+json}) on HTTPS with
 * basic auth. The server certificate is pinned by {@code DeviceTarget.pinnedHostKeyFingerprint}
 * (SHA-256 of the DER certificate, {@code SHA256:<base64>} or hex); with no pin the first
 * certificate is trusted, exposed by {@link #hostKeyFingerprint()} and pinned for this driver's
 * later connections. Each request is bounded by the target's command timeout, connects by its
 * connect timeout; START/STOP poll the operational state until it shows the effect, within the
 * command timeout.
 *
 * <p>Steps: CONFIGURE = PUT {@code /restconf/data/infix-containers:containers/container=<name>}
 * (skipped when the running datastore already holds that entry, defaults aside: see
 * {@link ContainerConfigDrift}), START/STOP = the container actions (skipped when already so),
 * RESTART = the restart action (planned after a CONFIGURE that repairs drift of a running
 * container), UNCONFIGURE = DELETE (skipped when not configured). {@link #installedApps()} also
 * reads the running datastore once, so that {@link #plan} sees config drift.
 */
public final class InfixDriver implements DeviceDriver {

    static final String YANG_JSON = "application/yang-data+json";
    static final String DATA = "/restconf/data/infix-containers:containers";
    static final String RUNNING = "/restconf/ds/ietf-datastores:running/infix-containers:containers";
    static final String PROBE = "/restconf/yang-library-version";

    private final DeviceTarget target;
    private final Duration pollInterval;
    private final String baseUrl;
    private final String authorization;
    private HttpClient client;
    private PinnedCertificateTrust trust;
    private String fingerprint;
    /** The running datastore's entries from the last {@link #installedApps()}, for {@link #plan}. */
    private Map<String, ContainerConfig> lastConfigs = Map.of();

    public InfixDriver(DeviceTarget target) {
        this(target, Duration.ofMillis(200));
    }

    /** @param pollInterval how often the state is read while waiting for a start or stop */
    public InfixDriver(DeviceTarget target, Duration pollInterval) {
        this.target = target;
        this.pollInterval = pollInterval;
        String host = target.host().contains(":") && !target.host().startsWith("[") ? "[" + target.host() + "]" : target.host();
        this.baseUrl = "https://" + host + ":" + target.port();
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (target.login().username() + ":" + target.login().password()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void connect() throws DeviceException {
        if (client != null) {
            return;
        }
        // A certificate trusted on first use stays pinned for this driver's later connections.
        String pin = target.pinnedHostKeyFingerprint() != null ? target.pinnedHostKeyFingerprint() : fingerprint;
        PinnedCertificateTrust t = new PinnedCertificateTrust(pin);
        SSLContext ctx;
        try {
            ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{t}, null);
        } catch (GeneralSecurityException e) {
            throw new DeviceException(Reason.PROTOCOL, "no TLS context for " + target.id() + ": " + e.getMessage(), e);
        }
        trust = t;
        client = HttpClient.newBuilder().sslContext(ctx).connectTimeout(target.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
        Response r = exchange("GET", PROBE, null);
        if (r.status() != 200) {
            close();
            throw new DeviceException(r.status() >= 500 ? Reason.UNREACHABLE : Reason.PROTOCOL,
                    target.id() + " answered " + r.describe() + " to GET " + PROBE);
        }
        fingerprint = t.seen();
    }

    @Override
    public synchronized String hostKeyFingerprint() {
        return fingerprint;
    }

    private record Response(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** "HTTP 404 invalid-value: no container 'x'" from an ietf-restconf:errors body, if any. */
        String describe() {
            StringBuilder sb = new StringBuilder("HTTP ").append(status);
            try {
                JsonNode errors = body == null || body.isBlank() ? null
                        : InfixContainerConfigs.JSON.readTree(body).path("ietf-restconf:errors").path("error");
                if (errors != null && errors.isArray() && errors.size() > 0) {
                    JsonNode e = errors.get(0);
                    sb.append(' ').append(e.path("error-tag").asText("?"));
                    if (e.hasNonNull("error-message")) {
                        sb.append(": ").append(e.get("error-message").asText());
                    }
                }
            } catch (IOException ignored) {
                // not an error document: the status says enough
            }
            return sb.toString();
        }
    }

    /** One request; maps transport failures and 401 to typed exceptions, returns every other answer. */
    private Response exchange(String method, String path, String body) throws DeviceException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(target.commandTimeout())
                .header("Authorization", authorization).header("Accept", YANG_JSON);
        if (body != null) {
            b.header("Content-Type", YANG_JSON).method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        PinnedCertificateTrust t = trust;
        HttpResponse<String> resp;
        try {
            resp = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            close();
            throw new DeviceException(Reason.UNREACHABLE, "no connection to " + where() + " within " + target.connectTimeout());
        } catch (HttpTimeoutException e) {
            close();
            throw new DeviceException(Reason.TIMEOUT, "no answer from " + target.id() + " to " + method + " " + path
                    + " within " + target.commandTimeout());
        } catch (IOException e) {
            close();
            if (t != null && t.mismatch()) {
                throw new DeviceException(Reason.HOST_KEY_MISMATCH, "the certificate of " + where() + " (" + t.seen()
                        + ") is not the pinned one");
            }
            if (e instanceof SSLHandshakeException || e.getCause() instanceof SSLHandshakeException) {
                throw new DeviceException(Reason.PROTOCOL, "TLS handshake with " + where() + " failed: " + e.getMessage(), e);
            }
            if (e instanceof ConnectException || e.getCause() instanceof ConnectException) {
                throw new DeviceException(Reason.UNREACHABLE, "cannot connect to " + where() + ": " + e.getMessage(), e);
            }
            throw new DeviceException(Reason.UNREACHABLE, method + " " + path + " to " + target.id() + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new DeviceException(Reason.TIMEOUT, "interrupted during " + method + " " + path + " to " + target.id());
        }
        if (resp.statusCode() == 401) {
            close();
            throw new DeviceException(Reason.AUTH_FAILED, target.id() + " refused the login of user "
                    + target.login().username());
        }
        return new Response(resp.statusCode(), resp.body());
    }

    private String where() {
        return target.id() + " (" + target.host() + ":" + target.port() + ")";
    }

    private Response request(StepTranscript t, String method, String path, String body) throws DeviceException {
        connect();
        Response r = exchange(method, path, body);
        if (t != null) {
            t.add(method + " " + path + (body == null ? "" : " " + body), r.ok() ? "HTTP " + r.status() : r.describe());
        }
        return r;
    }

    /** A read that must work: any non-2xx except 404 (returned as empty) is an exception. */
    private Optional<String> read(StepTranscript t, String path) throws DeviceException {
        Response r = request(t, "GET", path, null);
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (r.status() == 204) {
            return Optional.of("");
        }
        if (!r.ok()) {
            throw new DeviceException(r.status() >= 500 ? Reason.UNREACHABLE : Reason.PROTOCOL,
                    target.id() + " answered " + r.describe() + " to GET " + path);
        }
        return Optional.of(r.body());
    }

    private static boolean noData(String body) {
        String s = body == null ? "" : body.strip();
        return s.isEmpty() || s.equals("{}");
    }

    private ContainersState state(StepTranscript t, String path) throws DeviceException {
        Optional<String> body = read(t, path);
        if (body.isEmpty() || noData(body.get())) {
            return new ContainersState(List.of());
        }
        try {
            return ContainersState.parse(body.get());
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read GET " + path + " of " + target.id() + ": " + e.getMessage());
        }
    }

    private Optional<ContainersState.App> container(StepTranscript t, String name) throws DeviceException {
        return state(t, DATA + "/container=" + name).apps().stream().filter(a -> a.appId().equals(name)).findFirst();
    }

    private Optional<ContainerConfig> runningConfig(StepTranscript t, String name) throws DeviceException {
        String path = RUNNING + "/container=" + name;
        Optional<String> body = read(t, path);
        if (body.isEmpty() || noData(body.get())) {
            return Optional.empty();
        }
        try {
            return ContainerConfig.parseAll(body.get()).stream().filter(c -> c.name().equals(name)).findFirst();
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read GET " + path + " of " + target.id() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized HostingStatus hostingStatus() throws DeviceException {
        Response r = request(null, "GET", DATA, null);
        if (r.ok() || r.status() == 404) {
            return new HostingStatus(true, "RESTCONF infix-containers answering");
        }
        return new HostingStatus(false, "GET " + DATA + ": " + r.describe());
    }

    @Override
    public synchronized List<InstalledApp> installedApps() throws DeviceException {
        List<InstalledApp> apps = state(null, DATA).apps().stream()
                .map(a -> new InstalledApp(a.appId(), InfixPlanner.observed(a), a.status()))
                .toList();
        lastConfigs = runningConfigs();
        return apps;
    }

    private Map<String, ContainerConfig> runningConfigs() throws DeviceException {
        Optional<String> body = read(null, RUNNING);
        Map<String, ContainerConfig> out = new LinkedHashMap<>();
        if (body.isEmpty() || noData(body.get())) {
            return out;
        }
        try {
            ContainerConfig.parseAll(body.get()).forEach(c -> out.put(c.name(), c));
        } catch (ParseException e) {
            throw new DeviceException(Reason.PROTOCOL, "cannot read GET " + RUNNING + " of " + target.id() + ": " + e.getMessage());
        }
        return out;
    }

    @Override
    public synchronized List<Step> plan(List<InstalledApp> actual, List<AppSpec> desired, DevicePolicy policy, boolean prune) {
        return InfixPlanner.plan(actual, lastConfigs, desired, prune);
    }

    @Override
    public synchronized StepResult run(Step step) throws DeviceException {
        long started = System.nanoTime();
        StepTranscript t = new StepTranscript();
        Outcome o;
        try {
            if (step.appId() == null || !InfixContainerConfigs.NAME.matcher(step.appId()).matches()) {
                throw new IllegalArgumentException("'" + step.appId() + "' is not an Infix container name");
            }
            o = switch (step.kind()) {
                case RECONCILE_STEP_CONFIGURE -> configure(t, requireApp(step));
                case RECONCILE_STEP_START -> action(t, step.appId(), "start", true);
                case RECONCILE_STEP_STOP -> action(t, step.appId(), "stop", false);
                case RECONCILE_STEP_RESTART -> restart(t, step.appId());
                case RECONCILE_STEP_UNCONFIGURE -> remove(t, step.appId());
                default -> new Outcome(STEP_OUTCOME_REFUSED, "Infix driver has no step " + step.kind());
            };
        } catch (IllegalArgumentException e) {
            o = new Outcome(STEP_OUTCOME_REFUSED, e.getMessage());
        }
        String password = target.login().password();
        String output = t.text(password);
        String message = o.message() == null || password.isEmpty() ? o.message() : o.message().replace(password, "****");
        return new StepResult(step, o.outcome(), output, Duration.ofNanos(System.nanoTime() - started), message);
    }

    private static AppSpec requireApp(Step step) {
        if (step.app() == null) {
            throw new IllegalArgumentException("step " + step.kind() + " needs the app spec");
        }
        return step.app();
    }

    private record Outcome(StepOutcome outcome, String message) {
    }


    /** A refusal (4xx) is REFUSED, anything else FAILED. */
    private static Outcome failed(String what, Response r) {
        return new Outcome(r.status() >= 400 && r.status() < 500 ? STEP_OUTCOME_REFUSED : STEP_OUTCOME_FAILED,
                what + ": " + r.describe());
    }

    private Outcome configure(StepTranscript t, AppSpec app) throws DeviceException {
        ObjectNode entry = InfixContainerConfigs.entry(app);
        ContainerConfig want = InfixContainerConfigs.asConfig(entry);
        Optional<ContainerConfig> have = runningConfig(t, app.appId());
        if (have.isPresent() && ContainerConfigDrift.between(have.get(), want).isEmpty()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, app.appId() + " is already configured so");
        }
        Response r = request(t, "PUT", DATA + "/container=" + app.appId(), InfixContainerConfigs.putBody(entry));
        if (!r.ok()) {
            return failed("PUT of " + app.appId(), r);
        }
        return new Outcome(STEP_OUTCOME_SUCCEEDED, app.appId() + (have.isPresent() ? " reconfigured" : " configured"));
    }

    private Outcome action(StepTranscript t, String name, String verb, boolean wantRunning) throws DeviceException {
        Optional<ContainersState.App> now = container(t, name);
        if (now.isEmpty()) {
            return wantRunning ? new Outcome(STEP_OUTCOME_FAILED, name + " is not configured")
                    : new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, name + " is not on the device");
        }
        if (Boolean.TRUE.equals(now.get().running()) == wantRunning) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, name + " is already " + (wantRunning ? "running" : "stopped"));
        }
        Response r = request(t, "POST", DATA + "/container=" + name + "/" + verb, null);
        if (!r.ok()) {
            return failed(verb + " of " + name, r);
        }
        return awaitRunning(t, name, wantRunning, verb);
    }

    /** Polls the operational state until the container is (not) running, within the command timeout. */
    private Outcome awaitRunning(StepTranscript t, String name, boolean wantRunning, String verb) throws DeviceException {
        Optional<ContainersState.App> now;
        long deadline = System.nanoTime() + target.commandTimeout().toNanos();
        while (true) {
            now = container(t, name);
            if (now.isPresent() && Boolean.TRUE.equals(now.get().running()) == wantRunning) {
                return new Outcome(STEP_OUTCOME_SUCCEEDED, name + " is " + now.get().status());
            }
            if (System.nanoTime() >= deadline) {
                return new Outcome(STEP_OUTCOME_TIMED_OUT, name + " is " + now.map(ContainersState.App::status).orElse("absent")
                        + " " + target.commandTimeout() + " after " + verb);
            }
            try {
                Thread.sleep(Math.max(1, Math.min(pollInterval.toMillis(), (deadline - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeviceException(Reason.TIMEOUT, "interrupted waiting for " + name + " on " + target.id());
            }
        }
    }

    /** Not skippable: it is planned only when the container must pick up a changed config. */
    private Outcome restart(StepTranscript t, String name) throws DeviceException {
        if (container(t, name).isEmpty()) {
            return new Outcome(STEP_OUTCOME_FAILED, name + " is not configured");
        }
        Response r = request(t, "POST", DATA + "/container=" + name + "/restart", null);
        if (!r.ok()) {
            return failed("restart of " + name, r);
        }
        return awaitRunning(t, name, true, "restart");
    }

    private Outcome remove(StepTranscript t, String name) throws DeviceException {
        if (runningConfig(t, name).isEmpty()) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, name + " is not configured");
        }
        Response r = request(t, "DELETE", DATA + "/container=" + name, null);
        if (r.status() == 404) {
            return new Outcome(STEP_OUTCOME_SKIPPED_ALREADY_DONE, name + " is not configured");
        }
        if (!r.ok()) {
            return failed("DELETE of " + name, r);
        }
        return new Outcome(STEP_OUTCOME_SUCCEEDED, name + " removed");
    }

    @Override
    public synchronized AppUsage appUsage(String appId) throws DeviceException {
        if (!InfixContainerConfigs.NAME.matcher(appId).matches()) {
            throw new DeviceException(Reason.REFUSED, "'" + appId + "' is not an Infix container name");
        }
        ContainersState.App a = container(null, appId).orElseThrow(() ->
                new DeviceException(Reason.REFUSED, "no container " + appId + " on " + target.id()));
        return new AppUsage(appId, a.cpuLimitMillicores(), a.cpuPercent() == null ? null : a.cpuPercent().doubleValue(),
                a.memoryLimitKib() == null ? null : a.memoryLimitKib() / 1024, a.memoryKib(), null, null);
    }

    /** Infix has no CPP policers. */
    @Override
    public CpuPolicerCounters cpuPolicerCounters() {
        return CpuPolicerCounters.NONE;
    }

    /** True once connected: the HTTP client keeps its connections itself until {@link #close()}. */
    @Override
    public synchronized boolean isConnected() {
        return client != null;
    }

    /** Drops the HTTP client (its connections close when idle); the next call connects again. */
    @Override
    public synchronized void close() {
        client = null;
        trust = null;
    }
}
