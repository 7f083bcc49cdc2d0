package io.appfleet.telemetry.ops;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.google.protobuf.Message;
import com.google.protobuf.Timestamp;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.AppUtilization;
import io.appfleet.proto.fleet.v1.CppClassStats;
import io.appfleet.proto.fleet.v1.CppPolicerSetting;
import io.appfleet.proto.fleet.v1.CppPolicerStats;
import io.appfleet.proto.fleet.v1.CppQueueStats;
import io.appfleet.proto.fleet.v1.DesiredApp;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.GuestCpuStats;
import io.appfleet.proto.fleet.v1.GuestDiskStats;
import io.appfleet.proto.fleet.v1.GuestInterfaceStatistics;
import io.appfleet.proto.fleet.v1.GuestNetworkInterface;
import io.appfleet.proto.fleet.v1.GuestStats;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.HostingStatus;
import io.appfleet.proto.fleet.v1.ObservedApp;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.RolloutStatus;
import io.appfleet.proto.fleet.v1.RolloutTotals;
import io.appfleet.proto.fleet.v1.RolloutWave;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.proto.fleet.v1.Transport;
import io.appfleet.proto.fleet.v1.WaveState;
import io.appfleet.testsupport.FleetInfra;

/**
 * A small fleet on every topic telemetry reads, shaped as inventory, device-adapter and desired-state
 * write it: devices of the three platforms and four sites (one without a site, one in maintenance),
 * reachable, unreachable and refusing credentials; apps running, stopped out of band and unmanaged;
 * reconcile steps that succeeded, failed and timed out; rollouts progressing, paused and rolled back;
 * two readings of CPP policers, app utilisation and QGA guest stats; one record nobody can read. Every
 * id starts with "ops-" so other tests sharing the broker can tell these apart.
 */
final class FleetScenario {

    static final String SW_OK = "ops-sw-ams-1";
    static final String SW_DOWN = "ops-sw-ams-2";
    static final String XR_DEGRADED = "ops-xr-fra-1";
    static final String INFIX_AUTH = "ops-infix-lon-1";
    static final String SW_MAINTENANCE = "ops-sw-nosite-1";
    static final String SYS_DATA = "system-cpp-police-sys-data";

    private FleetScenario() {
    }

    static void publish() {
        Instant now = Instant.now();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            Sender send = new Sender(producer);
            inventory(send, now);
            desired(send, now);
            observed(send, now);
            events(send, now);
            rollouts(send, now);
            telemetry(send, now.minusSeconds(90), 0);
            telemetry(send, now.minusSeconds(60), 1);
            send.raw(Topic.TELEMETRY, "ops-dlq-garbage", "io.appfleet.adapter.telemetry.sampled",
                    new byte[] {(byte) 0xff, 0x00, 0x17});
            send.flush();
        }
    }

    private static void inventory(Sender send, Instant now) {
        send.proto(Topic.INVENTORY, "io.appfleet.inventory.device.upserted",
                device(SW_OK, Platform.PLATFORM_IOSXE, "17.12.4", "ams", AdminState.ADMIN_STATE_MANAGED, now),
                device(SW_DOWN, Platform.PLATFORM_IOSXE, "17.9.5", "ams", AdminState.ADMIN_STATE_MANAGED, now),
                device(XR_DEGRADED, Platform.PLATFORM_IOSXR, "7.11.2", "fra", AdminState.ADMIN_STATE_MANAGED, now),
                device(INFIX_AUTH, Platform.PLATFORM_INFIX, "25.06.0", "lon", AdminState.ADMIN_STATE_MANAGED, now),
                device(SW_MAINTENANCE, Platform.PLATFORM_IOSXE, "17.12.4", "", AdminState.ADMIN_STATE_MAINTENANCE, now));
    }

    private static Device device(String id, Platform platform, String os, String site, AdminState admin, Instant now) {
        boolean infix = platform == Platform.PLATFORM_INFIX;
        return Device.newBuilder().setId(id).setPlatform(platform).setOsVersion(os).setHost("127.0.4." + (id.length() % 200))
                .setPort(infix ? 443 : 22).setTransport(infix ? Transport.TRANSPORT_RESTCONF : Transport.TRANSPORT_SSH_CLI)
                .setCredentialsRef("vault:secret/data/devices/" + id).setSite(site).putLabels("role", "access")
                .setAdminState(admin).setCreatedAt(ts(now.minusSeconds(3600))).setUpdatedAt(ts(now)).setGeneration(1)
                .build();
    }

    private static void desired(Sender send, Instant now) {
        send.proto(Topic.DESIRED, "io.appfleet.desired.device.updated",
                desiredState(SW_OK, now, app("iperf", "ops-iperf"), app("perf-vm", "ops-perf-vm")),
                desiredState(SW_DOWN, now, app("iperf", "ops-iperf")),
                desiredState(XR_DEGRADED, now, app("probe", "ops-probe")),
                desiredState(INFIX_AUTH, now, app("web", "ops-web")));
    }

    private static DesiredApp app(String id, String deployment) {
        return DesiredApp.newBuilder().setAppId(id).setDeploymentName(deployment).setDeploymentRevision(2)
                .setState(DesiredAppState.DESIRED_APP_STATE_RUNNING).setConfigDigest("sha256:" + id).build();
    }

    private static DesiredDeviceState desiredState(String device, Instant now, DesiredApp... apps) {
        return DesiredDeviceState.newBuilder().setDeviceId(device).setGeneration(1).addAllApps(List.of(apps))
                .setComputedAt(ts(now)).build();
    }

    private static void observed(Sender send, Instant now) {
        CppPolicerSetting sysData = CppPolicerSetting.newBuilder().setClassName(SYS_DATA).setEnabled(true).setRatePps(250)
                .build();
        ObservedDeviceState ok = ObservedDeviceState.newBuilder().setDeviceId(SW_OK)
                .setReachability(Reachability.REACHABILITY_REACHABLE).setHosting(HostingStatus.newBuilder().setAvailable(true))
                .addApps(observedApp("iperf", true, "RUNNING", ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                        HealthStatus.HEALTH_STATUS_HEALTHY, "docker", now))
                .addApps(observedApp("perf-vm", true, "RUNNING", ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                        HealthStatus.HEALTH_STATUS_HEALTHY, "vm", now))
                .addApps(observedApp("guestshell", false, "RUNNING", ObservedAppState.OBSERVED_APP_STATE_RUNNING,
                        HealthStatus.HEALTH_STATUS_HEALTHY, "lxc", now))
                .setSync(SyncStatus.SYNC_STATUS_SYNCED).setHealth(HealthStatus.HEALTH_STATUS_HEALTHY)
                .setObservedDesiredGeneration(1).setObservedAt(ts(now)).setLastReachableAt(ts(now))
                .setAdapterInstanceId("adapter-ops").addCppPolicers(sysData).setOsVersion("17.12.4").build();
        ObservedDeviceState down = ObservedDeviceState.newBuilder().setDeviceId(SW_DOWN)
                .setReachability(Reachability.REACHABILITY_UNREACHABLE).setSync(SyncStatus.SYNC_STATUS_UNKNOWN)
                .setHealth(HealthStatus.HEALTH_STATUS_UNKNOWN).setLastError(error("DEVICE_UNREACHABLE",
                        "connect to 127.0.4.12:22 timed out after 10 s", true, now))
                .setObservedDesiredGeneration(1).setObservedAt(ts(now)).setLastReachableAt(ts(now.minusSeconds(900)))
                .setAdapterInstanceId("adapter-ops").build();
        ObservedDeviceState degraded = ObservedDeviceState.newBuilder().setDeviceId(XR_DEGRADED)
                .setReachability(Reachability.REACHABILITY_REACHABLE).setHosting(HostingStatus.newBuilder().setAvailable(true))
                .addApps(observedApp("probe", true, "Exited (137) 2 minutes ago", ObservedAppState.OBSERVED_APP_STATE_STOPPED,
                        HealthStatus.HEALTH_STATUS_DEGRADED, "docker", now).toBuilder().setSync(SyncStatus.SYNC_STATUS_OUT_OF_SYNC)
                        .setMessage("stopped out of band"))
                .setSync(SyncStatus.SYNC_STATUS_OUT_OF_SYNC).setHealth(HealthStatus.HEALTH_STATUS_DEGRADED)
                .setObservedDesiredGeneration(1).setObservedAt(ts(now)).setLastReachableAt(ts(now))
                .setAdapterInstanceId("adapter-ops").build();
        ObservedDeviceState auth = ObservedDeviceState.newBuilder().setDeviceId(INFIX_AUTH)
                .setReachability(Reachability.REACHABILITY_AUTH_FAILED).setSync(SyncStatus.SYNC_STATUS_UNKNOWN)
                .setHealth(HealthStatus.HEALTH_STATUS_UNKNOWN)
                .setLastError(error("AUTH_FAILED", "401 Unauthorized", false, now))
                .setObservedDesiredGeneration(1).setObservedAt(ts(now)).setAdapterInstanceId("adapter-ops").build();
        ObservedDeviceState maintenance = ObservedDeviceState.newBuilder().setDeviceId(SW_MAINTENANCE)
                .setReachability(Reachability.REACHABILITY_REACHABLE).setSync(SyncStatus.SYNC_STATUS_SYNCED)
                .setHealth(HealthStatus.HEALTH_STATUS_HEALTHY).setObservedAt(ts(now)).setLastReachableAt(ts(now))
                .setAdapterInstanceId("adapter-ops").build();
        send.proto(Topic.OBSERVED, "io.appfleet.adapter.device.observed", ok, down, degraded, auth, maintenance);
    }

    private static ObservedApp observedApp(String id, boolean managed, String raw, ObservedAppState state,
            HealthStatus health, String type, Instant now) {
        ObservedApp.Builder b = ObservedApp.newBuilder().setAppId(id).setManaged(managed).setRawState(raw).setState(state)
                .setVersion("1.0.0").setAppType(type)
                .setSync(managed && state == ObservedAppState.OBSERVED_APP_STATE_RUNNING ? SyncStatus.SYNC_STATUS_SYNCED
                        : SyncStatus.SYNC_STATUS_UNKNOWN)
                .setHealth(health).setStateSince(ts(now.minusSeconds(300)));
        if (managed) {
            b.setDeploymentName("ops-" + id).setDeploymentRevision(2).setAppliedConfigDigest("sha256:" + id);
        }
        return b.build();
    }

    private static ErrorInfo error(String code, String message, boolean retryable, Instant at) {
        return ErrorInfo.newBuilder().setCode(code).setMessage(message).setRetryable(retryable).setOccurredAt(ts(at)).build();
    }

    private static void events(Sender send, Instant now) {
        String pass = UUID.randomUUID().toString();
        send.proto(Topic.EVENTS, "io.appfleet.adapter.reconcile.step",
                step(SW_OK, "", ReconcileStep.RECONCILE_STEP_CONNECT, StepOutcome.STEP_OUTCOME_SUCCEEDED, 800, 0, pass, now, null),
                step(SW_OK, "iperf", ReconcileStep.RECONCILE_STEP_INSTALL, StepOutcome.STEP_OUTCOME_SUCCEEDED, 12_000, 1, pass,
                        now, null),
                step(SW_OK, "iperf", ReconcileStep.RECONCILE_STEP_START, StepOutcome.STEP_OUTCOME_SUCCEEDED, 2_100, 2, pass,
                        now, null),
                step(XR_DEGRADED, "probe", ReconcileStep.RECONCILE_STEP_START, StepOutcome.STEP_OUTCOME_FAILED, 5_000, 1,
                        UUID.randomUUID().toString(), now, error("COMMAND_REJECTED", "appmgr: container exited", false, now)),
                step(SW_DOWN, "", ReconcileStep.RECONCILE_STEP_CONNECT, StepOutcome.STEP_OUTCOME_TIMED_OUT, 10_000, 0,
                        UUID.randomUUID().toString(), now, error("TIMEOUT", "no answer within 10 s", true, now)));
    }

    private static ReconcileEvent step(String device, String app, ReconcileStep step, StepOutcome outcome, long millis,
            int index, String pass, Instant now, ErrorInfo error) {
        Instant started = now.minusSeconds(120).plusSeconds(index * 20L);
        ReconcileEvent.Builder b = ReconcileEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setDeviceId(device)
                .setAppId(app).setStep(step).setOutcome(outcome)
                .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds(millis / 1000)
                        .setNanos((int) (millis % 1000) * 1_000_000))
                .setAttempt(1).setDesiredGeneration(1).setReconcileId(pass).setStartedAt(ts(started))
                .setFinishedAt(ts(started.plusMillis(millis))).setStepIndex(index)
                .setTrigger(ReconcileTrigger.RECONCILE_TRIGGER_DESIRED_CHANGED).setAdapterInstanceId("adapter-ops");
        if (!app.isEmpty()) {
            b.setDeploymentName("ops-" + app).setDeploymentRevision(2);
        }
        if (error != null) {
            b.setError(error);
        }
        return b.build();
    }

    private static void rollouts(Sender send, Instant now) {
        send.protoKeyed(Topic.ROLLOUTS, "io.appfleet.desired.rollout.updated",
                List.of(rollout("ops-iperf", RolloutState.ROLLOUT_STATE_PROGRESSING, "", 2, now,
                        wave(1, 1, 1, 1, 0, WaveState.WAVE_STATE_SUCCEEDED), wave(2, 1, 1, 0, 0, WaveState.WAVE_STATE_OPEN),
                        wave(3, 1, 0, 0, 0, WaveState.WAVE_STATE_WAITING)),
                        rollout("ops-probe", RolloutState.ROLLOUT_STATE_ROLLED_BACK,
                                "1 of 1 devices failed (threshold 0): rolled back to revision 1", 1, now,
                                wave(1, 1, 1, 0, 1, WaveState.WAVE_STATE_FAILED), wave(2, 0, 0, 0, 0, WaveState.WAVE_STATE_WAITING)),
                        rollout("ops-web", RolloutState.ROLLOUT_STATE_PAUSED, "paused by ops@appfleet.io", 1, now,
                                wave(1, 1, 0, 0, 0, WaveState.WAVE_STATE_OPEN)),
                        rollout("ops-perf-vm", RolloutState.ROLLOUT_STATE_SUCCEEDED, "", 1, now,
                                wave(1, 1, 1, 1, 0, WaveState.WAVE_STATE_SUCCEEDED))),
                RolloutStatus::getDeploymentName);
    }

    private static RolloutWave wave(int index, long devices, long released, long ok, long failed, WaveState state) {
        return RolloutWave.newBuilder().setIndex(index).setDevices(devices).setReleased(released).setSucceeded(ok)
                .setFailed(failed).setState(state).build();
    }

    private static RolloutStatus rollout(String name, RolloutState state, String reason, int currentWave, Instant now,
            RolloutWave... waves) {
        long ok = 0;
        long failed = 0;
        long released = 0;
        long devices = 0;
        for (RolloutWave w : waves) {
            ok += w.getSucceeded();
            failed += w.getFailed();
            released += w.getReleased();
            devices += w.getDevices();
        }
        return RolloutStatus.newBuilder().setDeploymentName(name).setRevision(2).setState(state).setReason(reason)
                .setStableRevision(1).setCurrentWave(currentWave).addAllWaves(List.of(waves))
                .setTotals(RolloutTotals.newBuilder().setSucceeded(ok).setFailed(failed)
                        .setProgressing(released - ok - failed).setPending(devices - released))
                .setStartedAt(ts(now.minusSeconds(600))).setUpdatedAt(ts(now)).setGeneration(1).build();
    }

    /** Reading {@code n} (0, 1) of the counters: they grow between the two readings, 30 s apart. */
    private static void telemetry(Sender send, Instant at, int n) {
        TelemetrySample cpp = sample(SW_OK, at).setCppPolicerStats(CppPolicerStats.newBuilder()
                .addClasses(CppClassStats.newBuilder().setClassName(SYS_DATA).setPolicerIndex(10).setLevel(1)
                        .setEnabled(true).setDefaultRatePps(250).setRatePps(250)
                        .setConformBytesTotal(640_000L + n * 480_000L).setConformFramesTotal(10_000L + n * 7_500L)
                        .setDropBytesTotal(64_000L + n * 38_400L).setDropFramesTotal(1_000L + n * 600L)
                        .addQueues(CppQueueStats.newBuilder().setQueueId(24).setQueueName("Exception").setEnabled(true)
                                .setDefaultRatePps(250).setRatePps(250).setDropBytesTotal(64_000L + n * 38_400L)
                                .setDropFramesTotal(1_000L + n * 600L)))
                .addClasses(CppClassStats.newBuilder().setClassName("system-cpp-police-forus").setPolicerIndex(14)
                        .setLevel(1).setEnabled(true).setDefaultRatePps(4000).setRatePps(4000)
                        .setConformBytesTotal(5_000_000L + n * 90_000L).setConformFramesTotal(50_000L + n * 900L)
                        .setDropBytesTotal(0).setDropFramesTotal(0)))
                .build();
        TelemetrySample util = sample(SW_OK, at).setAppUtilization(AppUtilization.newBuilder().setAppId("iperf")
                .setInstanceId("c1").setCpuPercent(12.5 + n).setMemoryUsedBytes(262_144L * 1024)
                .setMemoryAllocatedBytes(512L * 1024 * 1024).setDiskUsedBytes(40L * 1024 * 1024)
                .setDiskAllocatedBytes(1024L * 1024 * 1024).setDiskReadBytesTotal(1_000_000L + n * 300_000L)
                .setDiskWriteBytesTotal(2_000_000L + n * 600_000L).setNetRxBytesTotal(50_000_000L + n * 3_000_000L)
                .setNetTxBytesTotal(40_000_000L + n * 1_500_000L).setNetRxPacketsTotal(60_000L + n * 3_000L)
                .setNetTxPacketsTotal(50_000L + n * 2_000L)).build();
        TelemetrySample vmUtil = sample(SW_OK, at).setAppUtilization(AppUtilization.newBuilder().setAppId("perf-vm")
                .setInstanceId("vm1").setCpuPercent(40.0 + n).setMemoryUsedBytes(700L * 1024 * 1024)
                .setMemoryAllocatedBytes(1024L * 1024 * 1024).setDiskUsedBytes(900L * 1024 * 1024)).build();
        TelemetrySample guest = sample(SW_OK, at).setGuestStats(GuestStats.newBuilder().setAppId("perf-vm")
                .setAgentVersion("7.2.0")
                .addCpus(GuestCpuStats.newBuilder().setCpu(0).setUserMsTotal(500_000L + n * 12_000L)
                        .setNiceMsTotal(1_000L).setSystemMsTotal(200_000L + n * 3_000L).setIdleMsTotal(9_000_000L + n * 15_000L)
                        .setIowaitMsTotal(4_000L).setIrqMsTotal(0).setSoftirqMsTotal(2_000L + n * 100L).setStealMsTotal(0))
                .addCpus(GuestCpuStats.newBuilder().setCpu(1).setUserMsTotal(450_000L + n * 9_000L)
                        .setNiceMsTotal(500L).setSystemMsTotal(180_000L + n * 2_000L).setIdleMsTotal(9_100_000L + n * 19_000L)
                        .setIowaitMsTotal(3_000L).setIrqMsTotal(0).setSoftirqMsTotal(1_500L + n * 50L).setStealMsTotal(0))
                .addDisks(GuestDiskStats.newBuilder().setName("vda").setMajor(252).setMinor(0)
                        .setReadBytesTotal(300_000_000L + n * 5_120_000L).setReadIosTotal(20_000L + n * 400L)
                        .setWriteBytesTotal(500_000_000L + n * 10_240_000L).setWriteIosTotal(40_000L + n * 900L))
                .addInterfaces(GuestNetworkInterface.newBuilder().setName("eth0").setHardwareAddress("52:54:00:12:34:56")
                        .setStatistics(GuestInterfaceStatistics.newBuilder().setRxBytesTotal(80_000_000L + n * 2_400_000L)
                                .setRxPacketsTotal(90_000L + n * 2_000L).setTxBytesTotal(30_000_000L + n * 900_000L)
                                .setTxPacketsTotal(40_000L + n * 1_000L)))
                .addUnsupportedCommands("guest-get-load")).build();
        send.proto(Topic.TELEMETRY, "io.appfleet.adapter.telemetry.sampled", cpp, util, vmUtil, guest);
    }

    private static TelemetrySample.Builder sample(String device, Instant at) {
        return TelemetrySample.newBuilder().setDeviceId(device).setSampledAt(ts(at)).setCollectedBy("adapter-ops")
                .setBootId("b1").setDeviceUptime(com.google.protobuf.Duration.newBuilder().setSeconds(86_400));
    }

    private static Timestamp ts(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }

    private static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends as the producers do: key = device id (deployment name on fleet.rollouts.v1), CloudEvents headers. */
    private static final class Sender {
        private final KafkaProducer<String, byte[]> producer;
        private final List<Future<RecordMetadata>> sent = new ArrayList<>();

        Sender(KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        void proto(Topic topic, String type, Message... values) {
            for (Message m : values) {
                raw(topic, key(m), type, m.toByteArray());
            }
        }

        <M extends Message> void protoKeyed(Topic topic, String type, List<M> values, Function<M, String> key) {
            values.forEach(m -> raw(topic, key.apply(m), type, m.toByteArray()));
        }

        void raw(Topic topic, String key, String type, byte[] value) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic.topicName(), key, value);
            new CloudEventHeaders(UUID.randomUUID().toString(), type, "/appfleet/ops-it", Instant.now(), key)
                    .writeTo(r.headers(), value != null);
            sent.add(producer.send(r));
        }

        void flush() {
            producer.flush();
            for (Future<RecordMetadata> f : sent) {
                try {
                    f.get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("cannot publish the ops scenario", e);
                }
            }
        }

        private static String key(Message m) {
            if (m instanceof Device d) {
                return d.getId();
            } else if (m instanceof DesiredDeviceState d) {
                return d.getDeviceId();
            } else if (m instanceof ObservedDeviceState o) {
                return o.getDeviceId();
            } else if (m instanceof ReconcileEvent e) {
                return e.getDeviceId();
            } else if (m instanceof TelemetrySample t) {
                return t.getDeviceId();
            }
            throw new IllegalArgumentException("no key for " + m.getDescriptorForType().getFullName());
        }
    }
}
