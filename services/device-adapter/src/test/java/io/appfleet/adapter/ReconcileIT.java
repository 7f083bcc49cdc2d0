package io.appfleet.adapter;

import io.appfleet.devicesim.Fleet;
import io.appfleet.drivers.AppSpec;
import io.appfleet.drivers.DevicePolicy;
import io.appfleet.drivers.DeviceTarget;
import io.appfleet.drivers.Step;
import io.appfleet.drivers.iosxe.IosxeDriver;
import io.appfleet.drivers.ssh.SshClients;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.devicesim.iosxe.AppState;
import io.appfleet.devicesim.infix.InfixDevice;
import io.appfleet.devicesim.infix.InfixFleet;
import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.ContainerImage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The adapter against a real broker and simulated devices over SSH and HTTPS: everything it knows
 * arrives as Kafka records, everything it learns leaves as Kafka records, and the simulators say
 * what really happened on the devices.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReconcileIT {

    private static final String IOSXR_RPM_URL = "https://repo.example.net/probe-1.0.0-eXR_7.3.1.x86_64.rpm";
    private static final String INFIX_PASSWORD = "Infix-Sim-Pass1";

    private Fleet iosxe;
    private Fleet iosxr;
    private InfixFleet infix;
    private FleetTopics topics;
    private PackageServer packages;
    private String probeUrl;
    private String probeSha;
    private final String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "."
            + ThreadLocalRandom.current().nextInt(200) + ".";

    @BeforeAll
    void startFleet() throws Exception {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        iosxe = Fleet.start(Fleet.Spec.iosxe(13, base + "1", port).withInstallMs(300));
        // As on a real switch: an app installs only from a package copied to the device first.
        iosxe.devices().forEach(d -> d.iosxe().requireStagedPackages(true));
        packages = new PackageServer();
        probeUrl = packages.add("probe.tar", 64 * 1024);
        probeSha = packages.sha256("probe.tar");
        iosxr = Fleet.start(Fleet.Spec.iosxr(2, base + "101", port));
        infix = InfixFleet.start(2, base + "201", port, "admin", INFIX_PASSWORD);
        topics = new FleetTopics(FleetInfra.shared().kafka().bootstrapServers());
    }

    @AfterAll
    void stopFleet() throws Exception {
        topics.close();
        packages.close();
        iosxe.close();
        iosxr.close();
        infix.close();
    }

    private String register(SimulatedDevice d, Platform platform) {
        String id = d.hostname() + "-" + base.replace('.', '-') + "x";
        topics.publishDevice(topics.device(id, platform, d.address().getHostString(), d.address().getPort(), d.osVersion(),
                d.username(), d.password()).build());
        return id;
    }

    private String register(InfixDevice d) {
        String id = d.hostname() + "-" + base.replace('.', '-') + "x";
        topics.publishDevice(topics.device(id, Platform.PLATFORM_INFIX, d.address().getHostString(), d.address().getPort(),
                "25.01", d.username(), INFIX_PASSWORD).build());
        return id;
    }

    private DesiredApp.Builder iosxeProbe(DesiredAppState state) {
        return DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes").setDeploymentRevision(1).setState(state)
                .setPackage(AppPackage.newBuilder().setUrl(probeUrl).setSha256(probeSha).setSizeBytes(64 * 1024))
                .setResources(AppResources.newBuilder().setVcpu(1).setCpuUnits(1000).setMemoryMib(256).setDiskMib(64))
                .addRunOpts("--cap-add NET_ADMIN").setConfigDigest("d1");
    }

    private static DesiredDeviceState.Builder desired(String deviceId, DesiredApp.Builder... apps) {
        DesiredDeviceState.Builder b = DesiredDeviceState.newBuilder().setDeviceId(deviceId);
        for (DesiredApp.Builder a : apps) {
            b.addApps(a);
        }
        return b;
    }

    private ObservedDeviceState awaitObserved(String id, long generation, SyncStatus sync, HealthStatus health) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> topics.observed(id)
                .filter(o -> o.getObservedDesiredGeneration() == generation && o.getSync() == sync && o.getHealth() == health)
                .isPresent());
        return topics.observed(id).orElseThrow();
    }

    private static ObservedApp app(ObservedDeviceState s, String appId) {
        return s.getAppsList().stream().filter(a -> a.getAppId().equals(appId)).findFirst().orElseThrow();
    }

    @Test
    void freshInstallConvergesOnAllThreePlatforms() {
        String xe = register(iosxe.device(0), Platform.PLATFORM_IOSXE);
        String xr = register(iosxr.device(0), Platform.PLATFORM_IOSXR);
        String ix = register(infix.device(0));
        long gXe = topics.publishDesired(desired(xe, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        long gXr = topics.publishDesired(desired(xr, DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes")
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING).setPackage(AppPackage.newBuilder().setUrl(IOSXR_RPM_URL))
                .addRunOpts("--net host")));
        long gIx = topics.publishDesired(desired(ix, DesiredApp.newBuilder().setAppId("web").setDeploymentName("web")
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                .setImage(ContainerImage.newBuilder().setReference("docker://nginx:alpine"))
                .setResources(AppResources.newBuilder().setVcpu(1).setMemoryMib(256))));

        ObservedDeviceState oXe = awaitObserved(xe, gXe, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        awaitObserved(xr, gXr, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        awaitObserved(ix, gIx, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);

        assertThat(oXe.getReachability()).isEqualTo(Reachability.REACHABILITY_REACHABLE);
        assertThat(app(oXe, "probe").getManaged()).isTrue();
        assertThat(app(oXe, "probe").getAppliedConfigDigest()).isEqualTo("d1");
        assertThat(iosxe.device(0).iosxe().appHosting().state("probe")).isEqualTo(AppState.RUNNING);
        assertThat(iosxr.device(0).iosxr().isRunning("probe")).isTrue();
        assertThat(infix.device(0).running("web")).contains(true);

        // One event per step, in order, each with the pass id, generation and deployment.
        List<ReconcileEvent> steps = topics.events(xe);
        assertThat(steps).extracting(ReconcileEvent::getStep).containsSubsequence(ReconcileStep.RECONCILE_STEP_COPY_PACKAGE,
                ReconcileStep.RECONCILE_STEP_VERIFY_PACKAGE, ReconcileStep.RECONCILE_STEP_CONFIGURE,
                ReconcileStep.RECONCILE_STEP_INSTALL, ReconcileStep.RECONCILE_STEP_ACTIVATE, ReconcileStep.RECONCILE_STEP_START);
        assertThat(steps).allSatisfy(e -> {
            assertThat(e.getOutcome()).isIn(StepOutcome.STEP_OUTCOME_SUCCEEDED, StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE);
            assertThat(e.getDesiredGeneration()).isEqualTo(gXe);
            assertThat(e.getDeploymentName()).isEqualTo("probes");
            assertThat(e.getDeviceOutput()).doesNotContain(iosxe.device(0).password() + "\n");
        });
    }

    @Test
    void stopThenRemoveFromTheListTakesTheManagedAppOff() {
        SimulatedDevice d = iosxe.device(1);
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g1 = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        awaitObserved(id, g1, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);

        long g2 = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_STOPPED)));
        awaitObserved(id, g2, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_SUSPENDED);
        assertThat(d.iosxe().appHosting().state("probe")).isEqualTo(AppState.STOPPED);

        // Dropping the app from the list removes it: appfleet installed it, so it is appfleet's to remove.
        long g3 = topics.publishDesired(desired(id));
        ObservedDeviceState gone = awaitObserved(id, g3, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        assertThat(d.iosxe().appHosting().state("probe")).isNull();
        assertThat(gone.getAppsList()).noneMatch(a -> a.getState() != io.appfleet.proto.fleet.v1.ObservedAppState.OBSERVED_APP_STATE_ABSENT);
    }

    @Test
    void anAppStoppedOutOfBandIsStartedAgain() {
        SimulatedDevice d = iosxe.device(2);
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        awaitObserved(id, g, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        int before = topics.events(id).size();

        assertThat(d.crashApp("probe")).isTrue();
        given().post("/api/v1/devices/{id}/refresh", id).then().statusCode(202);

        await().atMost(Duration.ofSeconds(30)).until(() -> d.iosxe().appHosting().state("probe") == AppState.RUNNING
                && topics.events(id).size() > before);
        List<ReconcileEvent> repair = topics.events(id).subList(before, topics.events(id).size());
        assertThat(repair).extracting(ReconcileEvent::getStep).containsExactly(ReconcileStep.RECONCILE_STEP_START);
        assertThat(repair.get(0).getTrigger()).isEqualTo(io.appfleet.proto.fleet.v1.ReconcileTrigger.RECONCILE_TRIGGER_MANUAL);
        awaitObserved(id, g, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
    }

    @Test
    void metricsAndHealthShowTheQueueAndTheFleet() {
        SimulatedDevice d = iosxe.device(7);
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        awaitObserved(id, g, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);

        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("fleet_adapter_queue_depth", "fleet_adapter_passes_in_flight",
                "fleet_adapter_open_circuits", "fleet_adapter_devices_owned", "fleet_adapter_dead_lettered_records_total");
        assertThat(metrics).containsPattern("fleet_adapter_steps_total\\{[^}]*outcome=\"succeeded\"[^}]*platform=\"iosxe\"[^}]*step=\"start\"");
        assertThat(metrics).containsPattern("fleet_adapter_step_duration_seconds_bucket\\{[^}]*platform=\"iosxe\"");
        assertThat(metrics).containsPattern("fleet_adapter_devices_by_sync\\{[^}]*sync=\"synced\"[^}]*\\} [1-9]");
        assertThat(metrics).containsPattern("fleet_adapter_reconciles_total\\{[^}]*result=\"resync\"");
        // Telemetry runs on its own schedule: app utilization and CPP counters of the device arrive.
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.telemetry(id).stream().anyMatch(t -> t.hasAppUtilization()
                && t.getAppUtilization().getAppId().equals("probe")) && topics.telemetry(id).stream()
                .anyMatch(t -> t.hasCppPolicerStats() && t.getCppPolicerStats().getClassesCount() > 0));
        // Bounded labels: no device id ever becomes a label value.
        assertThat(metrics).doesNotContain(id);

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'device-adapter' }.data.caughtUp", org.hamcrest.Matchers.equalTo(true));
    }

    @Test
    void changedRunOptionsAreAppliedToTheRunningApp() {
        SimulatedDevice d = iosxr.device(1);
        String id = register(d, Platform.PLATFORM_IOSXR);
        DesiredApp.Builder app = DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes")
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING).setPackage(AppPackage.newBuilder().setUrl(IOSXR_RPM_URL))
                .addRunOpts("--net host").setConfigDigest("opts-1");
        long g1 = topics.publishDesired(desired(id, app));
        awaitObserved(id, g1, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);

        long g2 = topics.publishDesired(desired(id, app.clearRunOpts().addRunOpts("--net host --pids-limit 64")
                .setConfigDigest("opts-2")));
        ObservedDeviceState o = awaitObserved(id, g2, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        assertThat(app(o, "probe").getAppliedConfigDigest()).isEqualTo("opts-2");
        assertThat(d.iosxr().isRunning("probe")).isTrue();
        assertThat(d.commandLog().lines()).anyMatch(l -> l.contains("--pids-limit 64"));
        assertThat(topics.events(id)).filteredOn(e -> e.getDesiredGeneration() == g2).extracting(ReconcileEvent::getStep)
                .contains(ReconcileStep.RECONCILE_STEP_DEACTIVATE, ReconcileStep.RECONCILE_STEP_ACTIVATE)
                .doesNotContain(ReconcileStep.RECONCILE_STEP_INSTALL);
    }

    @Test
    void aDeviceThatDropsOrStallsMidPassConvergesAfterRecovery() {
        SimulatedDevice dropping = iosxe.device(8);
        SimulatedDevice stalling = iosxe.device(9);
        String dropId = register(dropping, Platform.PLATFORM_IOSXE);
        String stallId = register(stalling, Platform.PLATFORM_IOSXE);
        awaitReachable(dropId);
        awaitReachable(stallId);
        // Telemetry polls the same devices on its own sessions and may take one of the faults first.
        dropping.faults().dropNextCommands(3);
        stalling.faults().stallNextCommands(2);
        long g1 = topics.publishDesired(desired(dropId, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        long g2 = topics.publishDesired(desired(stallId, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));

        awaitObserved(dropId, g1, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        awaitObserved(stallId, g2, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        // The broken pass is on record, and its retry is counted.
        assertThat(topics.observedHistory(dropId)).anySatisfy(o -> assertThat(o.getLastError().getCode())
                .isEqualTo("DEVICE_UNREACHABLE"));
        assertThat(topics.observedHistory(stallId)).anySatisfy(o -> assertThat(o.getLastError().getCode())
                .isEqualTo("TIMEOUT"));
        assertThat(topics.events(stallId)).anySatisfy(e -> assertThat(e.getOutcome()).isEqualTo(StepOutcome.STEP_OUTCOME_TIMED_OUT));
        assertThat(topics.events(stallId).stream().filter(e -> e.getStep() == ReconcileStep.RECONCILE_STEP_START)
                .filter(e -> e.getOutcome() == StepOutcome.STEP_OUTCOME_SUCCEEDED)).hasSize(1);
        assertThat(dropping.iosxe().appHosting().state("probe")).isEqualTo(AppState.RUNNING);
        assertThat(stalling.iosxe().appHosting().state("probe")).isEqualTo(AppState.RUNNING);
    }

    @Test
    void wrongStateRepliesAreReportedAndTheDeviceConvergesOnceTheyStop() {
        SimulatedDevice d = iosxe.device(10);
        String id = register(d, Platform.PLATFORM_IOSXE);
        awaitReachable(id);
        d.faults().wrongStateReplies(true);
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        await().atMost(Duration.ofSeconds(60)).until(() -> topics.observed(id).filter(o -> o.getObservedDesiredGeneration() == g
                && o.getSync() == SyncStatus.SYNC_STATUS_OUT_OF_SYNC && o.hasLastError()).isPresent());
        assertThat(d.iosxe().appHosting().state("probe")).isNotEqualTo(AppState.RUNNING);

        d.faults().wrongStateReplies(false);
        awaitObserved(id, g, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        assertThat(d.iosxe().appHosting().state("probe")).isEqualTo(AppState.RUNNING);
    }

    @Test
    void aDecommissionedDeviceIsDroppedAndNoLongerTouched() throws Exception {
        SimulatedDevice d = iosxe.device(11);
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        awaitObserved(id, g, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);

        topics.publishDevice(topics.device(id, Platform.PLATFORM_IOSXE, d.address().getHostString(), d.address().getPort(),
                d.osVersion(), d.username(), d.password()).setAdminState(AdminState.ADMIN_STATE_DECOMMISSIONED)
                .setGeneration(2).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.observed(id).isEmpty());
        int commands = d.commandLog().lines().size();
        given().post("/api/v1/devices/{id}/refresh", id).then().statusCode(202);
        Thread.sleep(2000);
        assertThat(d.commandLog().lines()).hasSize(commands);
        assertThat(d.iosxe().appHosting().state("probe")).isEqualTo(AppState.RUNNING);
    }

    @Test
    void unmanagedAppsAreReportedAndOnlyRemovedWhenPruneIsAsked() throws Exception {
        SimulatedDevice d = iosxe.device(12);
        d.iosxe().requireStagedPackages(false);
        // Someone installed an app by hand before appfleet met the device.
        DeviceTarget target = new DeviceTarget("oob", d.address().getHostString(), d.address().getPort(), d.osVersion(),
                new DeviceTarget.Login(d.username(), d.password()), null);
        try (IosxeDriver byHand = new IosxeDriver(target, SshClients.startShared())) {
            AppSpec handmade = new AppSpec("handmade", AppSpec.DesiredState.RUNNING, "usbflash0:handmade.tar",
                    new AppSpec.Resources(1, 500, 128, 32), List.of(), AppSpec.Network.management());
            for (Step step : byHand.plan(byHand.installedApps(), List.of(handmade), DevicePolicy.NONE, false)) {
                var result = byHand.run(step);
                assertThat(result.ok()).as(step + ": " + result.message() + "\n" + result.deviceOutput()).isTrue();
            }
        }
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g1 = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        ObservedDeviceState o = awaitObserved(id, g1, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        assertThat(app(o, "handmade").getManaged()).isFalse();
        assertThat(app(o, "handmade").getMessage()).isEqualTo("not managed by appfleet");
        assertThat(d.iosxe().appHosting().state("handmade")).isEqualTo(AppState.RUNNING);

        long g2 = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING))
                .setPruneUnmanaged(true));
        ObservedDeviceState pruned = awaitObserved(id, g2, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);
        assertThat(pruned.getAppsList()).extracting(ObservedApp::getAppId).containsExactly("probe");
        assertThat(d.iosxe().appHosting().state("handmade")).isNull();
        assertThat(d.iosxe().appHosting().state("probe")).isEqualTo(AppState.RUNNING);
    }

    private void awaitReachable(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.observed(id)
                .filter(o -> o.getReachability() == Reachability.REACHABILITY_REACHABLE).isPresent());
    }

    @Test
    void refreshOfAnUnknownDeviceIsRoutedAndTheOwnerSaysItDoesNotKnowIt() {
        // This instance owns every partition: the routed command comes back to it, and it finds no such device.
        String requestId = given().post("/api/v1/devices/{id}/refresh", "no-such-device").then().statusCode(202)
                .body("deviceId", org.hamcrest.Matchers.equalTo("no-such-device"))
                .body("queued", org.hamcrest.Matchers.equalTo(false))
                .body("routed", org.hamcrest.Matchers.equalTo(true))
                .extract().path("requestId");
        assertThat(requestId).isNotBlank();
        await().atMost(Duration.ofSeconds(30)).until(() -> PromText.value(given().get("/q/metrics").then().statusCode(200)
                .extract().asString(), "fleet_adapter_device_commands_total", "outcome", "unknown_device") >= 1);
        assertThat(topics.observed("no-such-device")).isEmpty();
    }

    @Test
    void refreshOfSomethingThatIsNoDeviceIdIs400ProblemJson() {
        for (String bad : List.of("Upper-Case", "under_score", "-leading-dash", "a".repeat(64), "with space", "trailing-dot.")) {
            given().post("/api/v1/devices/{id}/refresh", bad).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("id"));
        }
    }

    @Test
    void aChangedHostKeyStopsTheDeviceWithAClearEvent() {
        SimulatedDevice d = iosxe.device(3);
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        awaitObserved(id, g, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);

        // Re-imaged: a new key, and the sessions open to the old system break.
        d.regenerateHostKey();
        d.faults().dropNextCommands(1000);
        given().post("/api/v1/devices/{id}/refresh", id).then().statusCode(202);

        await().atMost(Duration.ofSeconds(60)).until(() -> topics.observed(id)
                .filter(o -> o.getReachability() == Reachability.REACHABILITY_HOST_KEY_MISMATCH).isPresent());
        assertThat(topics.observed(id).orElseThrow().getLastError().getCode()).isEqualTo("HOST_KEY_MISMATCH");
        assertThat(topics.events(id)).anySatisfy(e -> {
            assertThat(e.getStep()).isEqualTo(ReconcileStep.RECONCILE_STEP_CONNECT);
            assertThat(e.getOutcome()).isEqualTo(StepOutcome.STEP_OUTCOME_REFUSED);
            assertThat(e.getError().getCode()).isEqualTo("HOST_KEY_MISMATCH");
        });
        d.faults().clear();
    }

    @Test
    void anInvalidAppIsReportedOnceAndTheOthersStillConverge() {
        SimulatedDevice d = iosxe.device(4);
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING),
                iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING).setAppId("evil").clearRunOpts()
                        .addRunOpts("--net host\" ; reload")));
        await().atMost(Duration.ofSeconds(60)).until(() -> d.iosxe().appHosting().state("probe") == AppState.RUNNING
                && topics.observed(id).filter(o -> o.getObservedDesiredGeneration() == g).isPresent());
        await().atMost(Duration.ofSeconds(10)).until(() -> topics.observed(id)
                .filter(o -> o.getAppsList().stream().anyMatch(a -> a.getAppId().equals("probe")
                        && a.getSync() == SyncStatus.SYNC_STATUS_SYNCED)).isPresent());
        ObservedDeviceState o = topics.observed(id).orElseThrow();
        assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
        assertThat(app(o, "evil").getLastError().getCode()).isEqualTo("VALIDATION_FAILED");
        assertThat(d.iosxe().appHosting().state("evil")).isNull();
        assertThat(d.commandLog().lines()).noneMatch(l -> l.contains("reload"));
        assertThat(topics.events(id)).filteredOn(e -> e.getAppId().equals("evil"))
                .singleElement().extracting(ReconcileEvent::getOutcome).isEqualTo(StepOutcome.STEP_OUTCOME_REFUSED);
    }

    @Test
    void desiredStateForAnUnknownDeviceIsReportedNotRetried() throws Exception {
        String ghost = "ghost-" + base.replace('.', '-') + "x";
        long g = topics.publishDesired(desired(ghost, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        await().atMost(Duration.ofSeconds(30)).until(() -> topics.observed(ghost).isPresent());
        ObservedDeviceState o = topics.observed(ghost).orElseThrow();
        assertThat(o.getLastError().getCode()).isEqualTo("UNKNOWN_DEVICE");
        assertThat(o.getObservedDesiredGeneration()).isEqualTo(g);
        Thread.sleep(3000);
        assertThat(topics.observedHistory(ghost)).hasSize(1);
    }

    @Test
    void undecodableRecordsGoToTheDeadLetterTopicAndTheAdapterGoesOn() {
        String key = "garbage-" + base.replace('.', '-') + "x";
        topics.sendRaw(Topic.DESIRED.topicName(), key, new byte[] {(byte) 0xff, 0x01, 0x02, 0x03}, Map.of());
        topics.sendRaw(Topic.INVENTORY.topicName(), key + "-v2", Device.newBuilder().setId(key + "-v2").build().toByteArray(),
                Map.of("ce_specversion", "2.0"));
        topics.sendRaw(Topic.DEVICE_COMMANDS.topicName(), key + "-cmd", new byte[] {(byte) 0xff, 0x01, 0x02, 0x03}, Map.of());

        // Still working: a device published after the bad records converges.
        SimulatedDevice d = iosxe.device(5);
        String id = register(d, Platform.PLATFORM_IOSXE);
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        awaitObserved(id, g, SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY);

        String bootstrap = FleetInfra.shared().kafka().bootstrapServers();
        List<ConsumerRecord<String, byte[]>> desiredDlq = FleetTopics.deadLetters(bootstrap, Topic.DESIRED.deadLetterTopicName(),
                Duration.ofSeconds(3));
        assertThat(desiredDlq).filteredOn(r -> key.equals(r.key())).singleElement().satisfies(r -> assertThat(
                header(r, DeadLetters.H_REASON)).contains("not a fleet.v1.DesiredDeviceState"));
        List<ConsumerRecord<String, byte[]>> inventoryDlq = FleetTopics.deadLetters(bootstrap,
                Topic.INVENTORY.deadLetterTopicName(), Duration.ofSeconds(3));
        assertThat(inventoryDlq).filteredOn(r -> (key + "-v2").equals(r.key())).singleElement().satisfies(r -> assertThat(
                header(r, DeadLetters.H_REASON)).contains("unknown CloudEvents version"));
        List<ConsumerRecord<String, byte[]>> commandsDlq = FleetTopics.deadLetters(bootstrap,
                Topic.DEVICE_COMMANDS.deadLetterTopicName(), Duration.ofSeconds(3));
        assertThat(commandsDlq).filteredOn(r -> (key + "-cmd").equals(r.key())).singleElement().satisfies(r -> assertThat(
                header(r, DeadLetters.H_REASON)).contains("not a fleet.v1.DeviceCommand"));
    }

    @Test
    void maintenanceObservesButChangesNothing() {
        SimulatedDevice d = iosxe.device(6);
        String id = "maint-" + base.replace('.', '-') + "x";
        topics.publishDevice(topics.device(id, Platform.PLATFORM_IOSXE, d.address().getHostString(), d.address().getPort(),
                d.osVersion(), d.username(), d.password()).setAdminState(AdminState.ADMIN_STATE_MAINTENANCE).build());
        long g = topics.publishDesired(desired(id, iosxeProbe(DesiredAppState.DESIRED_APP_STATE_RUNNING)));
        ObservedDeviceState o = awaitObserved(id, g, SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_MISSING);
        assertThat(o.getReachability()).isEqualTo(Reachability.REACHABILITY_REACHABLE);
        assertThat(d.iosxe().appHosting().state("probe")).isNull();
        assertThat(topics.events(id)).isEmpty();
    }

    private static String header(ConsumerRecord<String, byte[]> r, String name) {
        var h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
