package io.appfleet.devicesim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.appfleet.devicesim.infix.InfixDevice;
import io.appfleet.devicesim.infix.InfixFleet;
import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.AppSpec.DesiredState;
import io.appfleet.drivers.AppUsage;
import io.appfleet.drivers.DeviceException;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.InstalledApp;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.StepResult;
import io.appfleet.drivers.infix.InfixDriver;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;

/**
 * The real Infix driver against simulated Infix devices over RESTCONF/HTTPS: the lifecycle,
 * idempotence read from the request log, drift, certificate pinning, faults and a wrong password.
 */
class InfixDriverSimulatorIT {

    private static final String USER = "admin";
    private static final String PASS = "Infix-Sim-Pass1";
    private static final String WEB_PUT = "PUT /restconf/data/infix-containers:containers/container=web";
    private static InfixFleet fleet;

    @BeforeAll
    static void start() throws IOException {
        fleet = InfixFleet.start(3, TestAddresses.base(), TestAddresses.port(), USER, PASS);
    }

    @AfterAll
    static void stop() {
        fleet.close();
    }

    @BeforeEach
    void reset() {
        fleet.devices().forEach(d -> {
            d.faults().clear();
            d.reportDefaults(false);
            d.clearContainers();
            d.log().clear();
        });
    }

    private static DeviceTarget target(InfixDevice d, String password, String pin) {
        return new DeviceTarget(d.hostname(), d.address().getHostString(), d.address().getPort(), "25.01",
                new DeviceTarget.Login(USER, password), pin).withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private static InfixDriver driver(InfixDevice d) {
        return new InfixDriver(target(d, PASS, null), Duration.ofMillis(20));
    }

    private static AppSpec web(DesiredState state) {
        return new AppSpec("web", state, "docker://nginx:alpine", new AppSpec.Resources(1, null, 256, null),
                List.of("--env=MODE=prod", "--cap-add=NET_ADMIN", "--restart=always"), AppSpec.Network.management());
    }

    private static List<StepResult> reconcile(InfixDriver driver, List<AppSpec> desired) throws DeviceException {
        List<InstalledApp> actual = driver.installedApps();
        List<StepResult> results = new ArrayList<>();
        for (Step step : driver.plan(actual, desired, DevicePolicy.NONE, false)) {
            StepResult r = driver.run(step);
            results.add(r);
            if (!r.ok()) {
                break;
            }
        }
        return results;
    }

    private static List<ReconcileStep> kinds(List<StepResult> results) {
        return results.stream().map(r -> r.step().kind()).toList();
    }

    private static ObservedAppState stateOf(InfixDriver driver, String app) throws DeviceException {
        return driver.installedApps().stream().filter(a -> a.appId().equals(app)).map(InstalledApp::state)
                .findFirst().orElse(ObservedAppState.OBSERVED_APP_STATE_ABSENT);
    }

    @Test
    void fullLifecycleAndConvergence() throws Exception {
        InfixDevice d = fleet.device(0);
        try (InfixDriver driver = driver(d)) {
            driver.connect();
            assertThat(driver.hostKeyFingerprint()).isEqualTo(d.certificateFingerprint());
            assertThat(driver.hostingStatus().up()).isTrue();

            List<StepResult> up = reconcile(driver, List.of(web(DesiredState.RUNNING)));
            assertThat(kinds(up)).containsExactly(ReconcileStep.RECONCILE_STEP_CONFIGURE, ReconcileStep.RECONCILE_STEP_START);
            assertThat(up).allMatch(StepResult::ok);
            assertThat(up.get(0).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(stateOf(driver, "web")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(d.config("web")).get().asString()
                    .contains("\"host\":true", "\"MODE\"", "net_admin", "\"262144\"", "\"cpu\":1000");

            AppUsage usage = driver.appUsage("web");
            assertThat(usage.memoryUsedKb()).isPositive();
            assertThat(usage.memoryAllocationMb()).isEqualTo(256);
            assertThat(usage.cpuAllocationUnits()).isEqualTo(1000);
            assertThat(usage.cpuUsedPercent()).isNotNull();

            // Converged: the second pass plans nothing.
            assertThat(driver.plan(driver.installedApps(), List.of(web(DesiredState.RUNNING)), DevicePolicy.NONE, false))
                    .isEmpty();

            List<StepResult> stop = reconcile(driver, List.of(web(DesiredState.STOPPED)));
            assertThat(kinds(stop)).containsExactly(ReconcileStep.RECONCILE_STEP_STOP);
            assertThat(stop.get(0).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(d.running("web")).contains(false);

            List<StepResult> gone = reconcile(driver, List.of(web(DesiredState.ABSENT)));
            assertThat(kinds(gone)).containsExactly(ReconcileStep.RECONCILE_STEP_UNCONFIGURE);
            assertThat(gone).allMatch(r -> r.outcome() == StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(d.containerNames()).isEmpty();
            assertThat(reconcile(driver, List.of(web(DesiredState.ABSENT)))).isEmpty();

            // Desired STOPPED from nothing: configured as manual, never started.
            List<StepResult> stopped = reconcile(driver, List.of(web(DesiredState.STOPPED)));
            assertThat(kinds(stopped)).containsExactly(ReconcileStep.RECONCILE_STEP_CONFIGURE);
            assertThat(d.running("web")).contains(false);
            assertThat(reconcile(driver, List.of(web(DesiredState.STOPPED)))).isEmpty();
            // Running it again drops manual (a new PUT) and starts it; running and absent teardown.
            assertThat(kinds(reconcile(driver, List.of(web(DesiredState.RUNNING)))))
                    .containsExactly(ReconcileStep.RECONCILE_STEP_CONFIGURE, ReconcileStep.RECONCILE_STEP_START);
            assertThat(d.running("web")).contains(true);
            assertThat(kinds(reconcile(driver, List.of(web(DesiredState.ABSENT)))))
                    .containsExactly(ReconcileStep.RECONCILE_STEP_STOP, ReconcileStep.RECONCILE_STEP_UNCONFIGURE);
            assertThat(d.containerNames()).isEmpty();
        }
    }

    @Test
    void replayedStepsAreSkippedAndSendNothing() throws Exception {
        InfixDevice d = fleet.device(1);
        try (InfixDriver driver = driver(d)) {
            List<Step> steps = driver.plan(driver.installedApps(), List.of(web(DesiredState.RUNNING)), DevicePolicy.NONE, false);
            for (Step s : steps) {
                assertThat(driver.run(s).ok()).isTrue();
            }
            // A crash after the steps ran, before they were recorded: the same steps again.
            for (Step s : steps) {
                StepResult r = driver.run(s);
                assertThat(r.outcome()).as(s.toString()).isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            }
            assertThat(d.requests(WEB_PUT)).hasSize(1);
            assertThat(d.requests("POST ")).isEmpty(); // created running: the start was skipped both times

            StepResult stop = driver.run(new Step(ReconcileStep.RECONCILE_STEP_STOP, "web", ""));
            assertThat(stop.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_STOP, "web", "")).outcome())
                    .isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            assertThat(d.requests("POST ")).containsExactly(
                    "POST /restconf/data/infix-containers:containers/container=web/stop");
        }
    }

    @Test
    void driftIsRepaired() throws Exception {
        InfixDevice d = fleet.device(2);
        try (InfixDriver driver = driver(d)) {
            reconcile(driver, List.of(web(DesiredState.RUNNING)));

            assertThat(d.crash("web")).isTrue();
            assertThat(stateOf(driver, "web")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_STOPPED);
            List<StepResult> repair = reconcile(driver, List.of(web(DesiredState.RUNNING)));
            assertThat(kinds(repair)).containsExactly(ReconcileStep.RECONCILE_STEP_CONFIGURE, ReconcileStep.RECONCILE_STEP_START);
            assertThat(repair.get(0).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            assertThat(repair.get(1).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_SUCCEEDED);
            assertThat(d.running("web")).contains(true);
            assertThat(d.requests(WEB_PUT)).hasSize(1);

            assertThat(d.removeOutOfBand("web")).isTrue();
            assertThat(reconcile(driver, List.of(web(DesiredState.RUNNING)))).allMatch(StepResult::ok);
            assertThat(d.running("web")).contains(true);
            assertThat(d.requests(WEB_PUT)).hasSize(2);
            assertThat(reconcile(driver, List.of(web(DesiredState.RUNNING)))).isEmpty();
        }
    }

    private static List<String> writes(InfixDevice d) {
        return d.log().lines().stream().filter(l -> !l.startsWith("GET ")).toList();
    }

    @Test
    void configChangedOutOfBandIsPutBackAndRestartedAndAnUnchangedOneIsLeftAlone() throws Exception {
        InfixDevice d = fleet.device(1);
        d.reportDefaults(true);
        try (InfixDriver driver = driver(d)) {
            List<AppSpec> desired = List.of(web(DesiredState.RUNNING));
            assertThat(reconcile(driver, desired)).allMatch(StepResult::ok);
            String wanted = d.config("web").orElseThrow();

            // Unchanged, though the running datastore now also reports the model defaults: no writes at all.
            d.log().clear();
            assertThat(reconcile(driver, desired)).isEmpty();
            assertThat(reconcile(driver, desired)).isEmpty();
            assertThat(writes(d)).isEmpty();
            assertThat(d.requests("GET /restconf/ds/ietf-datastores:running")).isNotEmpty();

            for (String change : List.of("{\"image\":\"docker://nginx:1.25\"}",
                    "{\"env\":[{\"key\":\"MODE\",\"value\":\"debug\"}]}",
                    "{\"resource-limit\":{\"memory\":\"1048576\",\"cpu\":4000}}")) {
                assertThat(d.editConfigOutOfBand("web", change)).isTrue();
                assertThat(d.config("web")).get().isNotEqualTo(wanted);
                d.log().clear();

                List<StepResult> repair = reconcile(driver, desired);
                assertThat(kinds(repair)).as(change)
                        .containsExactly(ReconcileStep.RECONCILE_STEP_CONFIGURE, ReconcileStep.RECONCILE_STEP_RESTART);
                assertThat(repair).allMatch(r -> r.outcome() == StepOutcome.STEP_OUTCOME_SUCCEEDED);
                assertThat(d.config("web")).contains(wanted);
                assertThat(d.running("web")).contains(true);
                assertThat(writes(d)).containsExactly(WEB_PUT,
                        "POST /restconf/data/infix-containers:containers/container=web/restart");

                d.log().clear();
                assertThat(reconcile(driver, desired)).isEmpty();
                assertThat(writes(d)).isEmpty();
            }
        }
    }

    @Test
    void serviceUnavailableIsTypedAndTheNextPassConverges() throws Exception {
        InfixDevice d = fleet.device(0);
        try (InfixDriver driver = driver(d)) {
            d.faults().failNextWrites(503, 1);
            List<StepResult> first = reconcile(driver, List.of(web(DesiredState.RUNNING)));
            assertThat(first).hasSize(1);
            assertThat(first.get(0).outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            assertThat(first.get(0).message()).contains("503");
            assertThat(d.containerNames()).isEmpty();

            // A failing read is an exception, typed for backoff.
            d.faults().failNext(503, 1);
            assertThatThrownBy(driver::installedApps).isInstanceOfSatisfying(DeviceException.class,
                    e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.UNREACHABLE));

            List<StepResult> second = reconcile(driver, List.of(web(DesiredState.RUNNING)));
            assertThat(second).allMatch(StepResult::ok);
            assertThat(stateOf(driver, "web")).isEqualTo(ObservedAppState.OBSERVED_APP_STATE_RUNNING);
            assertThat(reconcile(driver, List.of(web(DesiredState.RUNNING)))).isEmpty();
        }
    }

    @Test
    void deviceErrorsComeBackAsOutcomes() throws Exception {
        InfixDevice d = fleet.device(1);
        try (InfixDriver driver = driver(d)) {
            StepResult start = driver.run(new Step(ReconcileStep.RECONCILE_STEP_START, "ghost", ""));
            assertThat(start.outcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
            AppSpec bad = new AppSpec("web", DesiredState.RUNNING, "docker://x", null, List.of("--ipc=host"), null);
            assertThatThrownBy(() -> driver.plan(List.of(), List.of(bad), DevicePolicy.NONE, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--ipc=host");
            assertThat(driver.run(new Step(ReconcileStep.RECONCILE_STEP_CONFIGURE, "web", "", bad)).outcome())
                    .isEqualTo(StepOutcome.STEP_OUTCOME_REFUSED);
            assertThat(d.requests("PUT ")).isEmpty();
        }
    }

    @Test
    void changedCertificateIsAHostKeyMismatch() throws Exception {
        InfixFleet own = InfixFleet.start(1, TestAddresses.base(), TestAddresses.port(), USER, PASS);
        try (own) {
            InfixDevice d = own.device(0);
            String pinned;
            InfixDriver tofu = driver(d);
            tofu.connect();
            pinned = tofu.hostKeyFingerprint();
            assertThat(pinned).isEqualTo(d.certificateFingerprint());

            InfixDriver pinnedDriver = new InfixDriver(target(d, PASS, pinned), Duration.ofMillis(20));
            pinnedDriver.connect();
            assertThat(pinnedDriver.installedApps()).isEmpty();

            d.rotateCertificate();
            assertThat(d.certificateFingerprint()).isNotEqualTo(pinned);

            InfixDriver fresh = new InfixDriver(target(d, PASS, pinned), Duration.ofMillis(20));
            assertThatThrownBy(fresh::connect).isInstanceOfSatisfying(DeviceException.class,
                    e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.HOST_KEY_MISMATCH));
            // The driver that trusted on first use keeps that pin across reconnects.
            tofu.close();
            assertThatThrownBy(tofu::installedApps).isInstanceOfSatisfying(DeviceException.class,
                    e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.HOST_KEY_MISMATCH));
            // The pin may also be given as hex, as openssl prints it.
            InfixDriver hex = new InfixDriver(target(d, PASS, hexOf(d.certificateFingerprint())), Duration.ofMillis(20));
            hex.connect();
            assertThat(hex.hostKeyFingerprint()).isEqualTo(d.certificateFingerprint());
        }
    }

    private static String hexOf(String sha256Base64) {
        byte[] raw = java.util.Base64.getDecoder().decode(sha256Base64.substring("SHA256:".length()));
        StringBuilder sb = new StringBuilder();
        for (byte b : raw) {
            sb.append(sb.length() == 0 ? "" : ":").append(String.format("%02X", b));
        }
        return sb.toString();
    }

    @Test
    void slowAnswersTimeOutAndTheDriverRecovers() throws Exception {
        InfixDevice d = fleet.device(1);
        // The timeout also bounds the recovery's new TLS handshake and request, which on a loaded 2-core machine can
        // take several hundred ms: 1.5 s leaves it room, and the 4 s latency still lies well beyond it.
        InfixDriver driver = new InfixDriver(target(d, PASS, null).withTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(5)),
                Duration.ofMillis(20));
        driver.connect();
        d.faults().latencyMs(4000);
        long t0 = System.nanoTime();
        assertThatThrownBy(driver::installedApps).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(3500));
        d.faults().latencyMs(0);
        assertThat(driver.installedApps()).isEmpty();
    }

    @Test
    void wrongPasswordIsAuthFailedWithoutThePassword() {
        InfixDevice d = fleet.device(2);
        String wrong = "Not-The-Pass-42";
        InfixDriver driver = new InfixDriver(target(d, wrong, null), Duration.ofMillis(20));
        assertThatThrownBy(driver::connect).isInstanceOfSatisfying(DeviceException.class, e -> {
            assertThat(e.reason()).isEqualTo(DeviceException.Reason.AUTH_FAILED);
            assertThat(e.getMessage()).doesNotContain(wrong).doesNotContain(PASS);
        });
        assertThatThrownBy(driver::installedApps).isInstanceOfSatisfying(DeviceException.class,
                e -> assertThat(e.reason()).isEqualTo(DeviceException.Reason.AUTH_FAILED));
    }

    @Test
    void restconfErrorsAndOperationalShape() throws Exception {
        InfixDevice d = fleet.device(0);
        java.net.http.HttpClient http = insecureClient();
        String base = "https://" + d.address().getHostString() + ":" + d.address().getPort();
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString((USER + ":" + PASS).getBytes());
        java.net.http.HttpResponse<String> missing = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/restconf/data/infix-containers:containers/container=nope/start"))
                .header("Authorization", auth).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("ietf-restconf:errors", "\"error-tag\" : \"invalid-value\"");

        java.net.http.HttpResponse<String> unauth = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/restconf/data/infix-containers:containers")).GET().build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(unauth.statusCode()).isEqualTo(401);

        try (InfixDriver driver = driver(d)) {
            reconcile(driver, List.of(web(DesiredState.RUNNING)));
        }
        java.net.http.HttpResponse<String> oper = http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(base + "/restconf/data/infix-containers:containers"))
                .header("Authorization", auth).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(oper.statusCode()).isEqualTo(200);
        assertThat(oper.headers().firstValue("Content-Type")).contains("application/yang-data+json");
        Object parsed = io.appfleet.drivers.DeviceOutputParsers.parse("infix",
                "GET /restconf/data/infix-containers:containers", oper.body());
        assertThat(parsed).isInstanceOfSatisfying(io.appfleet.drivers.infix.ContainersState.class, s -> {
            assertThat(s.apps()).hasSize(1);
            assertThat(s.apps().get(0).running()).isTrue();
            assertThat(s.apps().get(0).memoryKib()).isPositive();
            assertThat(s.apps().get(0).status()).startsWith("Up ");
        });
        assertThat(oper.body()).containsPattern("\"memory\" : \"\\d+\"");
    }

    static java.net.http.HttpClient insecureClient() throws Exception {
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[]{new javax.net.ssl.X509ExtendedTrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, java.net.Socket s) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, java.net.Socket s) {
            }

            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a, javax.net.ssl.SSLEngine e) {
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return java.net.http.HttpClient.newBuilder().sslContext(ctx).version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
    }
}
