package io.appfleet.desired.it;

import static io.appfleet.desired.it.DeploymentApiIT.iosxe;
import static io.appfleet.desired.it.DeploymentApiIT.manifest;
import static io.appfleet.desired.it.DeploymentApiIT.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.junit.jupiter.api.Test;

import io.appfleet.desired.it.DeploymentApiIT.Raw;
import com.google.protobuf.InvalidProtocolBufferException;

import io.appfleet.desired.it.FleetTopics.Desired;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.RolloutStatus;
import io.appfleet.proto.fleet.v1.RolloutWave;
import io.appfleet.proto.fleet.v1.WaveState;
import io.appfleet.testsupport.FleetInfraTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The rollout controls against a real broker and database, with no device-adapter: nothing ever
 * reports a device healthy here, so whatever a rollout hands out is the work of its gates and of
 * the operator's pause, promote, abort and resume, never of a device converging. Each change is
 * announced on fleet.rollouts.v1, and the deployment's delete with a tombstone.
 */
@QuarkusTest
@QuarkusTestResource(value = FleetInfraTestResource.class, restrictToAnnotatedClass = false)
class RolloutControlsIT {

    private static final String ROLLOUT = "  rollout: {waves: [{count: 1}, {percent: 100}], maxUnavailable: 1,"
            + " failureThreshold: 0}\n";

    @Test
    void gatesHoldDevicesBackUntilAnOperatorMovesTheRolloutOn() {
        for (int i = 1; i <= 3; i++) {
            FleetTopics.publish(iosxe("rc-" + i, "controls", Map.of()));
        }
        String m = manifest("rc-app", "controlled", "{selector: {matchLabels: {it: controls}}}", "", ROLLOUT);
        DeploymentApiIT.awaitTargets(m, 3);
        Raw created = raw("POST", "/api/v1/deployments", m);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().getInt("published")).as("wave 1 is one device").isEqualTo(1);
        assertThat(created.json().getInt("status.applied")).isEqualTo(1);
        assertThat(created.json().getInt("status.pending")).isEqualTo(2);
        assertThat(created.json().getString("status.rollout.state")).isEqualTo("Progressing");

        assertThat(awaitWithApp(1)).hasSize(1);
        List<RolloutStatus> first = awaitStatuses(l -> !l.isEmpty());
        // Several controller passes: with nothing healthy, maxUnavailable 1 releases nobody else.
        sleep(Duration.ofSeconds(3));
        assertThat(withApp()).hasSize(1);
        List<RolloutStatus> started = statuses();
        assertThat(started).as("passes that change nothing publish nothing").hasSize(first.size());
        RolloutStatus progressing = started.get(started.size() - 1);
        assertThat(progressing.getState()).isEqualTo(io.appfleet.proto.fleet.v1.RolloutState.ROLLOUT_STATE_PROGRESSING);
        assertThat(progressing.getCurrentWave()).isEqualTo(1);
        assertThat(progressing.getWavesList()).extracting(RolloutWave::getState)
                .containsExactly(WaveState.WAVE_STATE_OPEN, WaveState.WAVE_STATE_WAITING);
        assertThat(progressing.getWaves(0).getReleased()).isEqualTo(1);
        assertThat(progressing.getWaves(0).hasOpenedAt()).isTrue();
        assertThat(progressing.getTotals().getProgressing()).isEqualTo(1);
        assertThat(progressing.getTotals().getPending()).isEqualTo(2);
        assertThat(progressing.hasStableRevision()).as("a new deployment").isFalse();
        Raw rollout = raw("GET", "/api/v1/deployments/rc-app/rollout", null);
        assertThat(rollout.status()).isEqualTo(200);
        assertThat(rollout.json().getInt("currentWave")).isEqualTo(1);
        assertThat(rollout.json().getInt("waveCount")).isEqualTo(2);
        assertThat(rollout.json().getInt("progressing")).isEqualTo(1);
        assertThat(rollout.json().getInt("pending")).isEqualTo(2);
        assertThat(rollout.json().getList("waves.state")).containsExactly("Open", "Waiting");

        assertThat(action("pause").json().getString("state")).isEqualTo("Paused");
        assertThat(action("pause").status()).as("pausing twice is fine").isEqualTo(200);
        Raw promoted = action("promote");
        assertThat(promoted.json().getString("state")).isEqualTo("Progressing");
        assertThat(promoted.json().getInt("currentWave")).isEqualTo(2);
        sleep(Duration.ofSeconds(2));
        assertThat(withApp()).as("wave 2 is open, but one device is still updating").hasSize(1);

        Raw full = raw("POST", "/api/v1/deployments/rc-app:promote?full=true", null);
        assertThat(full.status()).as(full.body()).isEqualTo(200);
        assertThat(awaitWithApp(3)).hasSize(3);

        Raw aborted = action("abort");
        assertThat(aborted.json().getString("state")).isEqualTo("Aborted");
        assertThat(aborted.json().getString("reason")).startsWith("aborted by it-operator");
        assertThat(awaitWithApp(0)).as("a first rollout aborted: no device keeps the app").isEmpty();
        Raw refused = action("pause");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("it is Aborted");

        assertThat(action("resume").json().getString("state")).isEqualTo("Progressing");
        assertThat(awaitWithApp(3)).hasSize(3);
        // Every state the operator moved it through, in order, with growing generations.
        List<RolloutStatus> all = awaitStatuses(l -> !l.isEmpty() && l.get(l.size() - 1).getState()
                == io.appfleet.proto.fleet.v1.RolloutState.ROLLOUT_STATE_PROGRESSING
                && l.get(l.size() - 1).getWaves(1).getReleased() == 2);
        List<String> states = new ArrayList<>();
        for (RolloutStatus r : all) {
            if (states.isEmpty() || !states.get(states.size() - 1).equals(r.getState().name())) {
                states.add(r.getState().name());
            }
        }
        assertThat(states).containsSubsequence(
                "ROLLOUT_STATE_PROGRESSING", "ROLLOUT_STATE_PAUSED", "ROLLOUT_STATE_PROGRESSING",
                "ROLLOUT_STATE_ABORTED", "ROLLOUT_STATE_PROGRESSING");
        assertThat(all).extracting(RolloutStatus::getGeneration).isSorted().doesNotHaveDuplicates();
        assertThat(all.stream().filter(r -> r.getState()
                == io.appfleet.proto.fleet.v1.RolloutState.ROLLOUT_STATE_ABORTED).findFirst().orElseThrow()
                .getReason()).startsWith("aborted by it-operator");
        assertThat(all.get(all.size() - 1).getCurrentWave()).isEqualTo(2);
        assertThat(all.size()).as("one record per change, not per pass or device").isLessThan(15);
        List<Object> types = raw("GET", "/api/v1/deployments/rc-app/rollout", null).json().getList("events.type");
        assertThat(types).containsExactly("Started", "Paused", "Promoted", "Promoted", "Aborted", "Resumed");
        assertThat(raw("POST", "/api/v1/deployments/rc-app:explode", null).status()).isEqualTo(405);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(raw("GET", "/q/metrics", null).body())
                .contains("fleet_desired_rollout_wave{deployment=\"rc-app\"} 2.0")
                .contains("fleet_desired_rollout_devices{deployment=\"rc-app\",outcome=\"progressing\"} 3.0")
                .containsPattern("fleet_desired_rollouts\\{state=\"Progressing\"} [1-9]"));
        assertThat(raw("GET", "/api/v1/deployments/rc-nothing/rollout", null).status()).isEqualTo(404);

        assertThat(raw("DELETE", "/api/v1/deployments/rc-app", null).status()).isEqualTo(200);
        List<ConsumerRecord<String, byte[]>> records = FleetTopics.read(Topic.ROLLOUTS.topicName(), "rc-app"::equals,
                l -> !l.isEmpty() && l.get(l.size() - 1).value() == null, Duration.ofSeconds(30));
        assertThat(records.get(records.size() - 1).headers().lastHeader("ce_type").value())
                .asString().isEqualTo("io.appfleet.desired.rollout.deleted");
    }

    /** fleet.rollouts.v1 records of rc-app so far (tombstones left out). */
    private static List<RolloutStatus> statuses() {
        return awaitStatuses(l -> true);
    }

    private static List<RolloutStatus> awaitStatuses(Predicate<List<RolloutStatus>> done) {
        return decodeStatuses(FleetTopics.read(Topic.ROLLOUTS.topicName(), "rc-app"::equals,
                l -> done.test(decodeStatuses(l)), Duration.ofSeconds(30)));
    }

    private static List<RolloutStatus> decodeStatuses(List<ConsumerRecord<String, byte[]>> records) {
        List<RolloutStatus> out = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            if (r.value() != null) {
                try {
                    out.add(RolloutStatus.parseFrom(r.value()));
                } catch (InvalidProtocolBufferException e) {
                    throw new AssertionError("a fleet.rollouts.v1 record is not a RolloutStatus", e);
                }
            }
        }
        return out;
    }

    private static Raw action(String name) {
        Raw r = raw("POST", "/api/v1/deployments/rc-app:" + name, null);
        assertThat(r.status()).as(name + ": " + r.body()).isIn(200, 409);
        return r;
    }

    /** Devices whose latest fleet.desired.v1 record holds the app. */
    private static Set<String> withApp() {
        return appHolders(FleetTopics.desired(k -> k.startsWith("rc-")));
    }

    private static Set<String> awaitWithApp(int n) {
        List<Desired> records = FleetTopics.desired(k -> k.startsWith("rc-"), l -> appHolders(l).size() == n,
                Duration.ofSeconds(30));
        return appHolders(records);
    }

    private static Set<String> appHolders(List<Desired> records) {
        Map<String, Desired> latest = records.stream().collect(Collectors.toMap(Desired::deviceId, d -> d, (a, b) -> b));
        return latest.values().stream().filter(d -> d.state() != null && d.state().getAppsList().stream()
                .anyMatch(a -> a.getAppId().equals("controlled"))).map(Desired::deviceId).collect(Collectors.toSet());
    }

    private static void sleep(Duration d) {
        await().pollDelay(d).atMost(d.plusSeconds(1)).until(() -> true);
    }
}
