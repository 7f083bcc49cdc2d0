package io.appfleet.telemetry.fleet;

import static io.appfleet.telemetry.fleet.FleetFixtures.app;
import static io.appfleet.telemetry.fleet.FleetFixtures.desired;
import static io.appfleet.telemetry.fleet.FleetFixtures.device;
import static io.appfleet.telemetry.fleet.FleetFixtures.observed;
import static io.appfleet.telemetry.fleet.FleetFixtures.rollout;
import static io.appfleet.telemetry.fleet.FleetFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.agroal.api.AgroalDataSource;
import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.DesiredAppState;
import io.appfleet.proto.fleet.v1.ErrorInfo;
import io.appfleet.proto.fleet.v1.HealthStatus;
import io.appfleet.proto.fleet.v1.ObservedAppState;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.Reachability;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.ReconcileStep;
import io.appfleet.proto.fleet.v1.RolloutState;
import io.appfleet.proto.fleet.v1.StepOutcome;
import io.appfleet.proto.fleet.v1.SyncStatus;
import io.appfleet.testsupport.FleetInfra;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The fleet view and its metrics against the real broker and PostgreSQL: records shaped as
 * inventory, desired-state and the device-adapter publish them go in through the topics; a scrape of
 * /q/metrics over HTTP shows the contract's "fleet state" series with the right values and passes
 * the real {@code promtool check metrics}; a view rebuilt from the topics gives the same summary; a
 * replay of the events adds no row and counts nothing twice; bad records go to their dead-letter
 * topics with the reason.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetMetricsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final AdminState MANAGED = AdminState.ADMIN_STATE_MANAGED;
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    private static FleetTopics topics;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    FleetView view;
    @Inject
    ReconcileEventStore events;
    @Inject
    EventRetentionJob retention;
    @Inject
    AgroalDataSource db;

    @TestHTTPResource("/q/metrics")
    URI metrics;

    @BeforeAll
    static void producer() {
        topics = new FleetTopics(FleetInfra.shared().kafka().bootstrapServers());
    }

    @AfterAll
    static void close() {
        topics.close();
    }

    private static ReconcileEvent event(String id, String device, String app, ReconcileStep step, StepOutcome outcome,
            double seconds, Instant finished) {
        ReconcileEvent.Builder b = ReconcileEvent.newBuilder().setEventId(id).setDeviceId(device).setStep(step)
                .setOutcome(outcome).setAttempt(1).setReconcileId("r-" + device)
                .setDuration(com.google.protobuf.Duration.newBuilder().setSeconds((long) seconds)
                        .setNanos((int) Math.round((seconds - (long) seconds) * 1e9)))
                .setStartedAt(ts(finished.minusMillis((long) (seconds * 1000)))).setFinishedAt(ts(finished));
        if (!app.isEmpty()) {
            b.setAppId(app).setDeploymentName("dep-" + app).setDeploymentRevision(3);
        }
        if (outcome == StepOutcome.STEP_OUTCOME_FAILED) {
            b.setError(ErrorInfo.newBuilder().setCode("DISK_FULL").setMessage("% Not enough disk space"));
        }
        return b.build();
    }

    /** The fleet of FleetViewTest, plus devices that must not show: decommissioned, deleted. */
    private static void publishFleet() {
        topics.send(Topic.INVENTORY, "fm-sw1", device("fm-sw1", Platform.PLATFORM_IOSXE, "ams",
                Map.of("role", "access"), MANAGED, 1).toByteArray());
        topics.send(Topic.INVENTORY, "fm-sw2", device("fm-sw2", Platform.PLATFORM_IOSXE, "fra",
                Map.of("role", "core"), MANAGED, 1).toByteArray());
        topics.send(Topic.INVENTORY, "fm-xr1", device("fm-xr1", Platform.PLATFORM_IOSXR, "ams",
                Map.of("role", "edge"), MANAGED, 1).toByteArray());
        topics.send(Topic.INVENTORY, "fm-inf1", device("fm-inf1", Platform.PLATFORM_INFIX, "", Map.of(),
                AdminState.ADMIN_STATE_MAINTENANCE, 1).toByteArray());
        topics.send(Topic.INVENTORY, "fm-old", device("fm-old", Platform.PLATFORM_IOSXE, "ams", Map.of(),
                AdminState.ADMIN_STATE_DECOMMISSIONED, 4).toByteArray());
        topics.send(Topic.INVENTORY, "fm-del", device("fm-del", Platform.PLATFORM_IOSXE, "ams", Map.of(), MANAGED, 1)
                .toByteArray());
        topics.send(Topic.INVENTORY, "fm-del", null);

        topics.send(Topic.OBSERVED, "fm-sw1", observed("fm-sw1", Reachability.REACHABILITY_REACHABLE,
                SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY, NOW,
                app("perfsonar", true, ObservedAppState.OBSERVED_APP_STATE_RUNNING, HealthStatus.HEALTH_STATUS_HEALTHY),
                app("legacy", false, ObservedAppState.OBSERVED_APP_STATE_STOPPED, HealthStatus.HEALTH_STATUS_UNKNOWN))
                .toByteArray());
        topics.send(Topic.OBSERVED, "fm-sw2", observed("fm-sw2", Reachability.REACHABILITY_UNREACHABLE,
                SyncStatus.SYNC_STATUS_UNKNOWN, HealthStatus.HEALTH_STATUS_UNKNOWN, NOW).toByteArray());
        topics.send(Topic.OBSERVED, "fm-xr1", observed("fm-xr1", Reachability.REACHABILITY_REACHABLE,
                SyncStatus.SYNC_STATUS_OUT_OF_SYNC, HealthStatus.HEALTH_STATUS_DEGRADED, NOW,
                app("iperf", true, ObservedAppState.OBSERVED_APP_STATE_ERROR, HealthStatus.HEALTH_STATUS_DEGRADED))
                .toByteArray());
        topics.send(Topic.OBSERVED, "fm-old", observed("fm-old", Reachability.REACHABILITY_REACHABLE,
                SyncStatus.SYNC_STATUS_SYNCED, HealthStatus.HEALTH_STATUS_HEALTHY, NOW,
                app("perfsonar", true, ObservedAppState.OBSERVED_APP_STATE_RUNNING, HealthStatus.HEALTH_STATUS_HEALTHY))
                .toByteArray());

        topics.send(Topic.DESIRED, "fm-sw1", desired("fm-sw1", 2, Map.of("perfsonar",
                DesiredAppState.DESIRED_APP_STATE_RUNNING)).toByteArray());
        topics.send(Topic.DESIRED, "fm-sw2", desired("fm-sw2", 2, Map.of("perfsonar",
                DesiredAppState.DESIRED_APP_STATE_RUNNING)).toByteArray());
        topics.send(Topic.DESIRED, "fm-xr1", desired("fm-xr1", 2, Map.of("iperf",
                DesiredAppState.DESIRED_APP_STATE_RUNNING, "probe", DesiredAppState.DESIRED_APP_STATE_STOPPED))
                .toByteArray());

        topics.send(Topic.ROLLOUTS, "fm-web", rollout("fm-web", RolloutState.ROLLOUT_STATE_PROGRESSING, 2, 1)
                .toByteArray());
        topics.send(Topic.ROLLOUTS, "fm-dns", rollout("fm-dns", RolloutState.ROLLOUT_STATE_ROLLED_BACK, 2, 5)
                .toByteArray());
        topics.send(Topic.ROLLOUTS, "fm-gone", rollout("fm-gone", RolloutState.ROLLOUT_STATE_PAUSED, 1, 1)
                .toByteArray());
        topics.send(Topic.ROLLOUTS, "fm-gone", null);

        ReconcileEvent install = event("fm-e1", "fm-sw1", "perfsonar", ReconcileStep.RECONCILE_STEP_INSTALL,
                StepOutcome.STEP_OUTCOME_SUCCEEDED, 2.5, NOW.minusSeconds(30));
        for (ReconcileEvent e : List.of(
                event("fm-e0", "fm-sw1", "", ReconcileStep.RECONCILE_STEP_CONNECT, StepOutcome.STEP_OUTCOME_SUCCEEDED,
                        0.05, NOW.minusSeconds(40)),
                install,
                event("fm-e2", "fm-sw1", "perfsonar", ReconcileStep.RECONCILE_STEP_START,
                        StepOutcome.STEP_OUTCOME_SUCCEEDED, 0.3, NOW.minusSeconds(20)),
                event("fm-e3", "fm-xr1", "iperf", ReconcileStep.RECONCILE_STEP_INSTALL, StepOutcome.STEP_OUTCOME_FAILED,
                        12, NOW.minusSeconds(10)),
                event("fm-e4", "fm-ghost", "", ReconcileStep.RECONCILE_STEP_CONNECT, StepOutcome.STEP_OUTCOME_TIMED_OUT,
                        30, NOW.minusSeconds(5)),
                event("fm-e-old", "fm-sw2", "", ReconcileStep.RECONCILE_STEP_READ_STATE,
                        StepOutcome.STEP_OUTCOME_SUCCEEDED, 1, NOW.minus(Duration.ofDays(2))),
                install)) { // the adapter's retry of a send: the same event twice
            topics.send(Topic.EVENTS, e.getDeviceId(), e.toByteArray());
        }
        topics.send(Topic.INVENTORY, "fm-bad", new byte[] {(byte) 0xff, 0x01, 0x02});
        topics.send(Topic.EVENTS, "fm-bad", new byte[] {(byte) 0xff, 0x01, 0x02});
        topics.flush();
    }

    @Test
    @Order(1)
    void aScrapeShowsTheFleetStateAndPassesPromtool() throws Exception {
        publishFleet();
        await().atMost(WAIT).until(() -> view.ready() && view.device("fm-inf1").isPresent()
                && view.device("fm-del").isEmpty() && view.rollout("fm-gone").isEmpty()
                && view.rollout("fm-dns").isPresent() && view.device("fm-xr1").map(d -> d.observedAt() != null)
                        .orElse(false) && eventRows("fm-%") == 6);
        Scrape s = await().atMost(WAIT).until(() -> Scrape.of(HTTP, metrics),
                x -> x.sum(FleetMetrics.DEAD_LETTERED + "_total", Map.of()) == 2
                        && x.sum(FleetMetrics.STEPS + "_total", Map.of()) == 6
                        && x.value(FleetMetrics.CONSUMER_LAG, Map.of("topic", "fleet.events.v1")) == 0);

        assertThat(s.value("fleet_devices", Map.of("platform", "iosxe", "site", "ams", "sync", "synced", "health",
                "healthy"))).isEqualTo(1);
        assertThat(s.value("fleet_devices", Map.of("platform", "iosxe", "site", "fra", "sync", "unknown", "health",
                "unknown"))).isEqualTo(1);
        assertThat(s.value("fleet_devices", Map.of("platform", "iosxr", "site", "ams", "sync", "out_of_sync",
                "health", "degraded"))).isEqualTo(1);
        assertThat(s.value("fleet_devices", Map.of("platform", "infix", "site", "unknown"))).isEqualTo(1);
        assertThat(s.sum("fleet_devices", Map.of())).as("decommissioned and deleted devices do not count")
                .isEqualTo(4);
        assertThat(s.find("fleet_devices", Map.of())).as("only combinations that exist").hasSize(4);

        assertThat(s.value("fleet_devices_reachability", Map.of("platform", "iosxe", "site", "fra", "reachability",
                "unreachable"))).isEqualTo(1);
        assertThat(s.value("fleet_devices_reachability", Map.of("platform", "infix", "reachability", "unknown")))
                .isEqualTo(1);

        assertThat(s.value("fleet_device_up", Map.of("device", "fm-sw1", "platform", "iosxe", "site", "ams")))
                .isEqualTo(1);
        assertThat(s.value("fleet_device_up", Map.of("device", "fm-sw2"))).isZero();
        assertThat(s.value("fleet_device_up", Map.of("device", "fm-inf1", "site", "unknown")))
                .as("maintenance devices are shown").isZero();
        assertThat(s.find("fleet_device_up", Map.of("device", "fm-old"))).isEmpty();
        assertThat(s.find("fleet_device_up", Map.of("device", "fm-del"))).isEmpty();

        assertThat(s.value("fleet_apps", Map.of("platform", "iosxe", "site", "ams", "state", "running"))).isEqualTo(1);
        assertThat(s.value("fleet_apps", Map.of("platform", "iosxe", "site", "ams", "state", "stopped")))
                .as("unmanaged apps count").isEqualTo(1);
        assertThat(s.value("fleet_apps", Map.of("platform", "iosxr", "state", "error"))).isEqualTo(1);

        assertThat(s.value("fleet_app_running", Map.of("device", "fm-sw1", "app", "perfsonar", "platform", "iosxe",
                "site", "ams"))).isEqualTo(1);
        assertThat(s.value("fleet_app_running", Map.of("device", "fm-sw2", "app", "perfsonar")))
                .as("desired, device unreachable").isZero();
        assertThat(s.value("fleet_app_running", Map.of("device", "fm-xr1", "app", "iperf"))).isZero();
        assertThat(s.value("fleet_app_running", Map.of("device", "fm-xr1", "app", "probe"))).isZero();
        assertThat(s.find("fleet_app_running", Map.of("app", "legacy"))).as("not managed").isEmpty();
        assertThat(s.value("fleet_app_desired_running", Map.of("device", "fm-sw2", "app", "perfsonar")))
                .isEqualTo(1);
        assertThat(s.value("fleet_app_desired_running", Map.of("device", "fm-xr1", "app", "iperf"))).isEqualTo(1);
        assertThat(s.value("fleet_app_desired_running", Map.of("device", "fm-xr1", "app", "probe"))).isZero();
        assertThat(s.find("fleet_app_desired_running", Map.of("device", "fm-inf1"))).isEmpty();

        assertThat(s.value("fleet_reconcile_steps_total", Map.of("platform", "iosxe", "step", "install", "outcome",
                "succeeded"))).as("the duplicate counts once").isEqualTo(1);
        assertThat(s.value("fleet_reconcile_steps_total", Map.of("platform", "iosxr", "step", "install", "outcome",
                "failed"))).isEqualTo(1);
        assertThat(s.value("fleet_reconcile_steps_total", Map.of("platform", "unknown", "step", "connect", "outcome",
                "timed_out"))).isEqualTo(1);
        assertThat(s.value("fleet_reconcile_steps_total", Map.of("platform", "iosxe", "step", "read_state")))
                .as("two days old, still within the retention").isEqualTo(1);
        Map<String, String> install = Map.of("platform", "iosxe", "step", "install");
        assertThat(s.value("fleet_reconcile_step_duration_seconds_bucket", with(install, "le", "1"))).isZero();
        assertThat(s.value("fleet_reconcile_step_duration_seconds_bucket", with(install, "le", "2.5"))).isEqualTo(1);
        assertThat(s.value("fleet_reconcile_step_duration_seconds_bucket", with(install, "le", "+Inf")))
                .isEqualTo(1);
        assertThat(s.value("fleet_reconcile_step_duration_seconds_count", install)).isEqualTo(1);
        assertThat(s.value("fleet_reconcile_step_duration_seconds_sum", install)).isEqualTo(2.5);

        assertThat(s.value("fleet_rollouts", Map.of("state", "progressing"))).isEqualTo(1);
        assertThat(s.value("fleet_rollouts", Map.of("state", "rolledback"))).isEqualTo(1);
        assertThat(s.value("fleet_rollouts", Map.of("state", "paused"))).as("fm-gone was deleted").isZero();
        assertThat(s.value("fleet_rollout_info", Map.of("deployment", "fm-web", "state", "progressing")))
                .isEqualTo(1);
        assertThat(s.value("fleet_rollout_wave", Map.of("deployment", "fm-web"))).isEqualTo(2);
        assertThat(s.value("fleet_rollout_waves", Map.of("deployment", "fm-web"))).isEqualTo(3);
        assertThat(s.value("fleet_rollout_devices", Map.of("deployment", "fm-web", "outcome", "pending")))
                .isEqualTo(12);
        assertThat(s.value("fleet_rollout_devices", Map.of("deployment", "fm-dns", "outcome", "failed")))
                .isEqualTo(1);
        assertThat(s.find("fleet_rollout_info", Map.of("deployment", "fm-gone"))).isEmpty();

        assertThat(s.value("fleet_dead_lettered_records_total", Map.of("topic", "fleet.inventory.v1"))).isEqualTo(1);
        assertThat(s.value("fleet_dead_lettered_records_total", Map.of("topic", "fleet.events.v1"))).isEqualTo(1);
        assertThat(s.value("fleet_dead_lettered_records_total", Map.of("topic", "fleet.rollouts.v1"))).isZero();
        for (String topic : List.of("fleet.inventory.v1", "fleet.observed.v1", "fleet.desired.v1",
                "fleet.rollouts.v1")) {
            assertThat(s.value("fleet_consumer_lag_records", Map.of("topic", topic))).as(topic).isZero();
        }

        assertThat(s.text()).contains("# TYPE fleet_reconcile_steps_total counter",
                "# TYPE fleet_reconcile_step_duration_seconds histogram", "# TYPE fleet_devices gauge");
        Scrape.PromtoolResult lint = s.promtool();
        assertThat(lint.output()).as("promtool check metrics complaints").isEmpty();
        assertThat(lint.exitCode()).isZero();
    }

    @Test
    @Order(2)
    void badRecordsGoToTheirDeadLetterTopicsWithTheReason() {
        ConsumerRecord<String, byte[]> inv = topics.deadLetters(Topic.INVENTORY, "fm-bad"::equals, l -> !l.isEmpty(),
                WAIT).get(0);
        assertThat(FleetTopics.header(inv, DeadLetters.H_REASON)).startsWith("not a fleet.v1.Device");
        assertThat(FleetTopics.header(inv, DeadLetters.H_CONSUMER)).isEqualTo("telemetry-fleet-inventory");
        ConsumerRecord<String, byte[]> ev = topics.deadLetters(Topic.EVENTS, "fm-bad"::equals, l -> !l.isEmpty(),
                WAIT).get(0);
        assertThat(FleetTopics.header(ev, DeadLetters.H_REASON)).startsWith("not a fleet.v1.ReconcileEvent");
    }

    @Test
    @Order(3)
    void aDevicesEventsComeNewestFirstInPages() {
        Page<DeviceEvent> first = events.recent("fm-sw1", 0, 2);
        assertThat(first.total()).isEqualTo(3);
        assertThat(first.items()).extracting(DeviceEvent::eventId).containsExactly("fm-e2", "fm-e1");
        assertThat(events.recent("fm-sw1", 2, 2).items()).extracting(DeviceEvent::eventId).containsExactly("fm-e0");
        DeviceEvent failed = events.recent("fm-xr1", 0, 10).items().get(0);
        assertThat(failed.step()).isEqualTo("install");
        assertThat(failed.outcome()).isEqualTo("failed");
        assertThat(failed.errorCode()).isEqualTo("DISK_FULL");
        assertThat(failed.durationSeconds()).isEqualTo(12.0);
        assertThat(failed.deploymentName()).isEqualTo("dep-iperf");
        assertThat(failed.finishedAt()).isEqualTo(NOW.minusSeconds(10));
    }

    @Test
    @Order(4)
    void aViewRebuiltFromTheTopicsHasTheSameSummary() {
        FleetView rebuilt = new FleetView();
        FleetTopicReaders readers = new FleetTopicReaders(new FleetTopicReaders.Settings(
                FleetInfra.shared().kafka().bootstrapServers(), 3, (short) 1, "it-rebuild-"), rebuilt,
                new ConsumerStats());
        readers.start();
        try {
            await().atMost(WAIT).until(rebuilt::ready);
            assertThat(rebuilt.summary()).isEqualTo(view.summary());
            assertThat(rebuilt.devices(DeviceFilter.ALL, 0, 100)).isEqualTo(view.devices(DeviceFilter.ALL, 0, 100));
            assertThat(rebuilt.rollouts()).isEqualTo(view.rollouts());
        } finally {
            readers.stop();
        }
    }

    @Test
    @Order(5)
    void aReplayOfTheEventsAddsNoRowAndCountsNothing() throws Exception {
        long rows = eventRows("%");
        StepStats replayed = new StepStats();
        try (ReconcileEventConsumer replay = new ReconcileEventConsumer(new ReconcileEventConsumer.Settings(
                FleetInfra.shared().kafka().bootstrapServers(), "it-replay-" + System.nanoTime(), 1000,
                Duration.ofDays(7)), events, view, replayed, new ConsumerStats(), Clock.systemUTC())) {
            replay.start();
            await().atMost(WAIT).until(() -> replay.lag() == 0 && replay.consumed() >= 8);
        }
        assertThat(eventRows("%")).isEqualTo(rows);
        List<Object> counted = new ArrayList<>();
        replayed.forEachStep((k, n) -> counted.add(k));
        assertThat(counted).as("steps counted by the replay").isEmpty();
    }

    @Test
    @Order(6)
    void retentionDeletesEventsOlderThanSevenDays() throws Exception {
        long before = eventRows("fm-%");
        // Five days on, the two-day-old event is past the 7-day retention; the others are not.
        long deleted = retention.purge(Instant.now().plus(Duration.ofDays(5)).plus(Duration.ofHours(1)));
        assertThat(deleted).isGreaterThanOrEqualTo(1);
        assertThat(eventRows("fm-%")).isEqualTo(before - 1);
        assertThat(events.recent("fm-sw2", 0, 10).total()).isZero();
    }

    private long eventRows(String devicePattern) throws Exception {
        try (Connection c = db.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM reconcile_event WHERE device_id LIKE ?")) {
            ps.setString(1, devicePattern);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Map<String, String> with(Map<String, String> labels, String key, String value) {
        Map<String, String> out = new java.util.HashMap<>(labels);
        out.put(key, value);
        return out;
    }
}
