package io.appfleet.telemetry.it;

import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.google.protobuf.Message;

import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.RolloutStatus;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import io.appfleet.testsupport.FleetInfra;

/**
 * Plays inventory, desired-state and the device-adapter on the real broker: publishes their records
 * keyed and headed as they do, each acknowledged before the call returns.
 */
public final class FleetRecords implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;

    public FleetRecords() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, FleetInfra.shared().kafka().bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    public FleetRecords device(Device d) {
        return send(Topic.INVENTORY, d.getId(), d, "io.appfleet.inventory.device.changed", "/appfleet/inventory");
    }

    public FleetRecords observed(ObservedDeviceState s) {
        return send(Topic.OBSERVED, s.getDeviceId(), s, "io.appfleet.adapter.device.observed",
                "/appfleet/device-adapter/it");
    }

    public FleetRecords desired(DesiredDeviceState s) {
        return send(Topic.DESIRED, s.getDeviceId(), s, "io.appfleet.desired.device.changed", "/appfleet/desired-state");
    }

    public FleetRecords rollout(RolloutStatus s) {
        return send(Topic.ROLLOUTS, s.getDeploymentName(), s, "io.appfleet.desired.rollout.changed",
                "/appfleet/desired-state");
    }

    public FleetRecords event(ReconcileEvent e) {
        return send(Topic.EVENTS, e.getDeviceId(), e, "io.appfleet.adapter.reconcile.step", "/appfleet/device-adapter/it");
    }

    public FleetRecords sample(TelemetrySample s) {
        return send(Topic.TELEMETRY, s.getDeviceId(), s, TelemetryTopic.TELEMETRY_TYPE, "/appfleet/device-adapter/it");
    }

    /** Tombstones the device on inventory, observed and desired state: it leaves the fleet view. */
    public FleetRecords forgetDevice(String id) {
        send(Topic.INVENTORY, id, null, "io.appfleet.inventory.device.deleted", "/appfleet/inventory");
        send(Topic.OBSERVED, id, null, "io.appfleet.adapter.device.observed", "/appfleet/device-adapter/it");
        return send(Topic.DESIRED, id, null, "io.appfleet.desired.device.changed", "/appfleet/desired-state");
    }

    /** Tombstones the deployment's rollout, as desired-state does when the deployment is deleted. */
    public FleetRecords forgetRollout(String deployment) {
        return send(Topic.ROLLOUTS, deployment, null, "io.appfleet.desired.rollout.changed", "/appfleet/desired-state");
    }

    private FleetRecords send(Topic topic, String key, Message value, String type, String source) {
        byte[] bytes = value == null ? null : value.toByteArray();
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic.topicName(), key, bytes);
        new CloudEventHeaders(UUID.randomUUID().toString(), type, source, Instant.now(), key).writeTo(r.headers(), bytes != null);
        try {
            producer.send(r).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic.topicName(), e);
        }
        return this;
    }

    @Override
    public void close() {
        producer.close();
    }
}
