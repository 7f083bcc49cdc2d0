package io.appfleet.adapter;

import io.appfleet.devicesim.Fleet;
import io.appfleet.devicesim.SimulatedDevice;
import io.appfleet.devicesim.infix.InfixDevice;
import io.appfleet.devicesim.infix.InfixFleet;
import io.appfleet.devicesim.iosxe.AppHosting;
import io.appfleet.devicesim.iosxe.AppState;
import io.appfleet.devicesim.iosxe.Flash;
import io.appfleet.proto.fleet.v1.AppPackage;
import io.appfleet.proto.fleet.v1.AppResources;
import io.appfleet.proto.fleet.v1.ContainerImage;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_ACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_CONFIGURE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_COPY_PACKAGE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_DEACTIVATE;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_INSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_RESTART;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_START;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_STOP;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_UNINSTALL;
import static io.appfleet.proto.fleet.v1.ReconcileStep.RECONCILE_STEP_VERIFY_PACKAGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A rollout's main case, a new package for an app that is running, through the adapter: desired
 * state over a real broker, simulated devices over SSH and HTTPS. The simulators say what runs in
 * the end; the observed state must not say Synced before it is the new package.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PackageUpgradeIT {

    private static final String RPM_V1 = "https://repo.example.net/probe-1.0.0-eXR_7.3.1.x86_64.rpm";
    private static final String RPM_V2 = "https://repo.example.net/probe-2.0.0-eXR_7.3.1.x86_64.rpm";
    private static final String PKG_V2 = "probe-2.0.0-eXR_7.3.1.x86_64";
    private static final String INFIX_PASSWORD = "Infix-Sim-Pass1";
    private static final int SIZE = 64 * 1024;

    private Fleet iosxe;
    private Fleet iosxr;
    private Fleet iosxr6;
    private InfixFleet infix;
    private FleetTopics topics;
    private PackageServer packages;
    private final String base = "127." + (100 + ThreadLocalRandom.current().nextInt(100)) + "."
            + ThreadLocalRandom.current().nextInt(200) + ".";

    @BeforeAll
    void startFleet() throws Exception {
        int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
        // 16.12.5 and 17.9.4 in turn: a synchronous and a background install.
        iosxe = Fleet.start(Fleet.Spec.iosxe(5, base + "1", port).withInstallMs(300));
        iosxe.devices().forEach(d -> d.iosxe().requireStagedPackages(true));
        iosxr = Fleet.start(Fleet.Spec.iosxr(1, base + "101", port));
        iosxr6 = Fleet.start(Fleet.Spec.iosxr(2, base + "151", port).withOsVersions("6.1.2"));
        infix = InfixFleet.start(1, base + "201", port, "admin", INFIX_PASSWORD);
        packages = new PackageServer();
        topics = new FleetTopics(FleetInfra.shared().kafka().bootstrapServers());
    }

    @AfterAll
    void stopFleet() throws Exception {
        topics.close();
        packages.close();
        iosxe.close();
        iosxr.close();
        iosxr6.close();
        infix.close();
    }

    private String register(SimulatedDevice d, Platform platform) {
        // By address: the XR fleets both name their first router sim-iosxr-1.
        String id = "up-" + d.hostname() + "-" + d.address().getHostString().replace('.', '-');
        topics.publishDevice(topics.device(id, platform, d.address().getHostString(), d.address().getPort(), d.osVersion(),
                d.username(), d.password()).build());
        return id;
    }

    private String register(InfixDevice d) {
        String id = "up-" + d.hostname() + "-" + base.replace('.', '-') + "x";
        topics.publishDevice(topics.device(id, Platform.PLATFORM_INFIX, d.address().getHostString(), d.address().getPort(),
                "25.01", d.username(), INFIX_PASSWORD).build());
        return id;
    }

    /** probe from {@code file} on the package server, with the digest desired-state would have given it. */
    private DesiredApp.Builder iosxeProbe(String file, String digest) {
        return DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes").setDeploymentRevision(1)
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                .setPackage(AppPackage.newBuilder().setUrl(packages.add(file, size(file))).setSha256(packages.sha256(file))
                        .setSizeBytes(size(file)))
                .setResources(AppResources.newBuilder().setVcpu(1).setCpuUnits(1000).setMemoryMib(256).setDiskMib(64))
                .addRunOpts("--cap-add NET_ADMIN").setConfigDigest(digest);
    }

    private final java.util.Map<String, Integer> sizes = new java.util.concurrent.ConcurrentHashMap<>(
            java.util.Map.of("probe-v1.tar", SIZE, "probe-v2.tar", SIZE + 512));

    private int size(String file) {
        return sizes.getOrDefault(file, SIZE);
    }

    private static DesiredDeviceState.Builder desired(String deviceId, DesiredApp.Builder app) {
        return DesiredDeviceState.newBuilder().setDeviceId(deviceId).addApps(app);
    }

    private ObservedDeviceState awaitSynced(String id, long generation, String digest) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> topics.observed(id)
                .filter(o -> o.getObservedDesiredGeneration() == generation && o.getSync() == SyncStatus.SYNC_STATUS_SYNCED
                        && o.getHealth() == HealthStatus.HEALTH_STATUS_HEALTHY
                        && o.getAppsList().stream().anyMatch(a -> a.getAppliedConfigDigest().equals(digest)))
                .isPresent());
        return topics.observed(id).orElseThrow();
    }

    private List<ReconcileStep> stepsOf(String id, long generation) {
        return topics.events(id).stream().filter(e -> e.getDesiredGeneration() == generation).map(ReconcileEvent::getStep)
                .toList();
    }

    private static ObservedApp app(ObservedDeviceState s, String appId) {
        return s.getAppsList().stream().filter(a -> a.getAppId().equals(appId)).findFirst().orElseThrow();
    }

    private static long lines(SimulatedDevice d, String prefix) {
        return d.commandLog().lines().stream().filter(l -> l.startsWith(prefix)).count();
    }

    /**
     * No record of that generation says Synced before the steps that changed the device were done,
     * and each that does has the new digest applied.
     */
    private void neverSyncedEarly(String id, long generation, String digest) {
        java.time.Instant stepsDone = topics.events(id).stream().filter(e -> e.getDesiredGeneration() == generation)
                .map(e -> instant(e.getFinishedAt())).max(java.util.Comparator.naturalOrder()).orElseThrow();
        assertThat(topics.observedHistory(id)).filteredOn(o -> o.getObservedDesiredGeneration() == generation
                && o.getSync() == SyncStatus.SYNC_STATUS_SYNCED).isNotEmpty().allSatisfy(o -> {
                    assertThat(instant(o.getObservedAt())).isAfterOrEqualTo(stepsDone);
                    assertThat(app(o, "probe").getAppliedConfigDigest()).isEqualTo(digest);
                });
    }

    private static java.time.Instant instant(com.google.protobuf.Timestamp t) {
        return java.time.Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }

    @Test
    void aNewPackageReplacesTheRunningAppOnIosxe() {
        for (SimulatedDevice d : List.of(iosxe.device(0), iosxe.device(1))) {
            String id = register(d, Platform.PLATFORM_IOSXE);
            long g1 = topics.publishDesired(desired(id, iosxeProbe("probe-v1.tar", "v1")));
            awaitSynced(id, g1, "v1");
            assertThat(d.iosxe().appHosting().find("probe").packagePath()).isEqualTo("usbflash0:probe-v1.tar");

            long g2 = topics.publishDesired(desired(id, iosxeProbe("probe-v2.tar", "v2")));
            ObservedDeviceState o = awaitSynced(id, g2, "v2");

            AppHosting.App probe = d.iosxe().appHosting().find("probe");
            assertThat(probe.state()).as(d.osVersion()).isEqualTo(AppState.RUNNING);
            assertThat(probe.packagePath()).isEqualTo("usbflash0:probe-v2.tar");
            assertThat(probe.packageSha256()).isEqualTo(packages.sha256("probe-v2.tar"));
            assertThat(d.commandLog().lines()).contains("app-hosting install appid probe package usbflash0:probe-v2.tar");
            assertThat(lines(d, "app-hosting uninstall appid probe")).isEqualTo(1);
            assertThat(app(o, "probe").getSync()).isEqualTo(SyncStatus.SYNC_STATUS_SYNCED);
            assertThat(app(o, "probe").getHealth()).isEqualTo(HealthStatus.HEALTH_STATUS_HEALTHY);
            assertThat(stepsOf(id, g2)).containsSubsequence(RECONCILE_STEP_STOP, RECONCILE_STEP_DEACTIVATE,
                    RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_COPY_PACKAGE, RECONCILE_STEP_VERIFY_PACKAGE,
                    RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
            assertThat(topics.events(id)).filteredOn(e -> e.getDesiredGeneration() == g2).allSatisfy(e ->
                    assertThat(e.getOutcome()).isIn(StepOutcome.STEP_OUTCOME_SUCCEEDED, StepOutcome.STEP_OUTCOME_SKIPPED_ALREADY_DONE));
            neverSyncedEarly(id, g2, "v2");
        }
    }

    /** Same URL file name, new content: the device cannot tell, the adapter remembers what it installed. */
    @Test
    void newContentUnderTheSameFileNameIsInstalledAgain() {
        SimulatedDevice d = iosxe.device(2);
        String id = register(d, Platform.PLATFORM_IOSXE);
        sizes.put("same.tar", SIZE);
        long g1 = topics.publishDesired(desired(id, iosxeProbe("same.tar", "same-1")));
        awaitSynced(id, g1, "same-1");
        String oldSha = packages.sha256("same.tar");

        sizes.put("same.tar", SIZE + 1024); // the repository now serves other bytes under the same name
        long g2 = topics.publishDesired(desired(id, iosxeProbe("same.tar", "same-2")));
        awaitSynced(id, g2, "same-2");
        String newSha = packages.sha256("same.tar");
        assertThat(newSha).isNotEqualTo(oldSha);

        AppHosting.App probe = d.iosxe().appHosting().find("probe");
        assertThat(probe.state()).isEqualTo(AppState.RUNNING);
        assertThat(probe.packageSha256()).isEqualTo(newSha);
        assertThat(d.iosxe().flash().file(Flash.Path.parse("usbflash0:same.tar")).orElseThrow().sha256()).isEqualTo(newSha);
        assertThat(lines(d, "app-hosting install appid probe package usbflash0:same.tar")).isEqualTo(2);
        assertThat(lines(d, "app-hosting uninstall appid probe")).isEqualTo(1);
        assertThat(stepsOf(id, g2)).containsSubsequence(RECONCILE_STEP_STOP, RECONCILE_STEP_DEACTIVATE,
                RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_COPY_PACKAGE, RECONCILE_STEP_VERIFY_PACKAGE, RECONCILE_STEP_INSTALL,
                RECONCILE_STEP_ACTIVATE, RECONCILE_STEP_START);
        neverSyncedEarly(id, g2, "same-2");
    }

    /**
     * The device refuses the new package: the app's error says so and cannot be fixed by
     * retrying, and the device is out of sync on every pass, never Synced, until the fault goes.
     */
    @Test
    void aReinstallThatFailsIsReportedAndNeverSynced() throws Exception {
        for (SimulatedDevice d : List.of(iosxe.device(3), iosxe.device(4))) {
            String id = register(d, Platform.PLATFORM_IOSXE);
            long g1 = topics.publishDesired(desired(id, iosxeProbe("probe-v1.tar", "v1")));
            awaitSynced(id, g1, "v1");

            d.faults().installFailure(true);
            long g2 = topics.publishDesired(desired(id, iosxeProbe("probe-v2.tar", "v2")));
            await().atMost(Duration.ofSeconds(60)).until(() -> topics.observed(id).filter(o -> o.getObservedDesiredGeneration() == g2
                    && app(o, "probe").hasLastError()).isPresent());
            // Retries keep failing for a while: none of them may report Synced.
            await().atMost(Duration.ofSeconds(60)).until(() -> lines(d, "app-hosting install appid probe package usbflash0:probe-v2.tar") >= 2);
            ObservedDeviceState o = topics.observed(id).orElseThrow();
            ObservedApp probe = app(o, "probe");
            assertThat(probe.getLastError().getCode()).as(d.osVersion()).isEqualTo("COMMAND_REJECTED");
            assertThat(probe.getLastError().getRetryable()).isFalse();
            assertThat(probe.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
            assertThat(probe.getAppliedConfigDigest()).isEqualTo("v1");
            assertThat(o.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC);
            assertThat(topics.observedHistory(id)).filteredOn(r -> r.getObservedDesiredGeneration() == g2)
                    .isNotEmpty().allSatisfy(r -> assertThat(r.getSync()).isEqualTo(SyncStatus.SYNC_STATUS_OUT_OF_SYNC));
            assertThat(topics.events(id)).filteredOn(e -> e.getDesiredGeneration() == g2
                    && e.getStep() == RECONCILE_STEP_INSTALL).allSatisfy(e -> {
                        assertThat(e.getOutcome()).isEqualTo(StepOutcome.STEP_OUTCOME_FAILED);
                        assertThat(e.getError().getRetryable()).isFalse();
                    });
            assertThat(lines(d, "app-hosting uninstall appid probe")).as("the old app is removed once").isEqualTo(1);

            d.faults().installFailure(false);
            awaitSynced(id, g2, "v2");
            assertThat(d.iosxe().appHosting().find("probe").packagePath()).isEqualTo("usbflash0:probe-v2.tar");
        }
    }

    @Test
    void aNewRpmVersionIsInstalledAndTheAppReactivatedOnIosxr() {
        SimulatedDevice d = iosxr.device(0);
        String id = register(d, Platform.PLATFORM_IOSXR);
        DesiredApp.Builder app = DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes")
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING).addRunOpts("--net host");
        long g1 = topics.publishDesired(desired(id, app.setPackage(AppPackage.newBuilder().setUrl(RPM_V1)).setConfigDigest("r1")));
        awaitSynced(id, g1, "r1");

        long g2 = topics.publishDesired(desired(id, app.setPackage(AppPackage.newBuilder().setUrl(RPM_V2)).setConfigDigest("r2")));
        awaitSynced(id, g2, "r2");
        assertThat(d.iosxr().packages()).containsExactly(PKG_V2);
        assertThat(d.iosxr().packageOf("probe")).isEqualTo(PKG_V2);
        assertThat(d.iosxr().isRunning("probe")).isTrue();
        assertThat(d.commandLog().lines()).contains("appmgr package install rpm /misc/app_host/" + PKG_V2 + ".rpm");
        assertThat(stepsOf(id, g2)).containsSubsequence(RECONCILE_STEP_DEACTIVATE, RECONCILE_STEP_UNINSTALL,
                RECONCILE_STEP_INSTALL, RECONCILE_STEP_ACTIVATE);
        neverSyncedEarly(id, g2, "r2");
    }

    @Test
    void aNewImageRecreatesTheContainerOnIosxr6() {
        SimulatedDevice d = iosxr6.device(0);
        String id = register(d, Platform.PLATFORM_IOSXR);
        DesiredApp.Builder app = DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes")
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING);
        long g1 = topics.publishDesired(desired(id, app.setImage(ContainerImage.newBuilder().setReference("probe:1.0"))
                .setConfigDigest("i1")));
        awaitSynced(id, g1, "i1");

        long g2 = topics.publishDesired(desired(id, app.setImage(ContainerImage.newBuilder().setReference("probe:2.0"))
                .setConfigDigest("i2")));
        awaitSynced(id, g2, "i2");
        assertThat(d.iosxr().docker().image("probe")).isEqualTo("probe:2.0");
        assertThat(d.iosxr().isRunning("probe")).isTrue();
        assertThat(stepsOf(id, g2)).containsExactly(RECONCILE_STEP_INSTALL, RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL,
                RECONCILE_STEP_START);
        neverSyncedEarly(id, g2, "i2");
    }

    /**
     * IOS-XR 6.x: docker cannot change a container's run options and docker ps does not show them;
     * the spec label the driver gave the container says they changed, so it is recreated.
     */
    @Test
    void changedRunOptionsRecreateTheContainerOnIosxr6() {
        SimulatedDevice d = iosxr6.device(1);
        String id = register(d, Platform.PLATFORM_IOSXR);
        DesiredApp.Builder app = DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes")
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING)
                .setImage(ContainerImage.newBuilder().setReference("probe:1.0")).addRunOpts("--net host");
        long g1 = topics.publishDesired(desired(id, app.setConfigDigest("o1")));
        awaitSynced(id, g1, "o1");
        String before = d.iosxr().docker().labels("probe").get("io.appfleet.spec");
        assertThat(before).matches("[0-9a-f]{16}");

        long g2 = topics.publishDesired(desired(id, app.clearRunOpts().addRunOpts("--net host --pids-limit 64")
                .setConfigDigest("o2")));
        awaitSynced(id, g2, "o2");
        assertThat(d.iosxr().docker().options("probe")).contains("--pids-limit 64");
        assertThat(d.iosxr().docker().labels("probe").get("io.appfleet.spec")).matches("[0-9a-f]{16}").isNotEqualTo(before);
        assertThat(d.iosxr().isRunning("probe")).isTrue();
        assertThat(stepsOf(id, g2)).containsExactly(RECONCILE_STEP_STOP, RECONCILE_STEP_UNINSTALL, RECONCILE_STEP_START);
        neverSyncedEarly(id, g2, "o2");
    }

    /** Infix had no gap: a changed image is config drift, written and the container restarted on it. */
    @Test
    void aNewImageIsRunAfterARestartOnInfix() {
        InfixDevice d = infix.device(0);
        String id = register(d);
        DesiredApp.Builder app = DesiredApp.newBuilder().setAppId("probe").setDeploymentName("probes")
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING);
        long g1 = topics.publishDesired(desired(id, app.setImage(ContainerImage.newBuilder()
                .setReference("docker://ghcr.io/example/probe:1.0")).setConfigDigest("x1")));
        awaitSynced(id, g1, "x1");

        long g2 = topics.publishDesired(desired(id, app.setImage(ContainerImage.newBuilder()
                .setReference("docker://ghcr.io/example/probe:2.0")).setConfigDigest("x2")));
        awaitSynced(id, g2, "x2");
        assertThat(d.config("probe")).hasValueSatisfying(c -> assertThat(c).contains("docker://ghcr.io/example/probe:2.0"));
        assertThat(d.running("probe")).contains(true);
        assertThat(stepsOf(id, g2)).containsExactly(RECONCILE_STEP_CONFIGURE, RECONCILE_STEP_RESTART);
        neverSyncedEarly(id, g2, "x2");
    }
}
