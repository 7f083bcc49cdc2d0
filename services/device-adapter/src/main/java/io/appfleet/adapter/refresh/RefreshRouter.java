package io.appfleet.adapter.refresh;

import com.google.protobuf.Timestamp;
import io.appfleet.adapter.publish.AdapterPublisher;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.DeviceCommand;
import io.appfleet.proto.fleet.v1.DeviceRefresh;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * Takes a refresh whichever instance it reaches. A device this instance owns is queued here; any
 * other id goes to fleet.device-commands.v1, whose partition of that id belongs to the owner (the
 * topic is co-partitioned with fleet.inventory.v1 and read by the same consumer group), which
 * queues it, or says in its log that inventory does not know the device. This instance cannot
 * tell "owned elsewhere" from "unknown": only the owner of the partition knows.
 */
public final class RefreshRouter {

    private static final Logger LOG = Logger.getLogger(RefreshRouter.class);

    /** What happened to the request. */
    public sealed interface Outcome permits Queued, Routed {
        String deviceId();
    }

    /** Owned here and queued. */
    public record Queued(String deviceId, String adapterInstanceId) implements Outcome {
    }

    /** Not owned here: handed to the owner through Kafka, acknowledged by the broker. */
    public record Routed(String deviceId, String requestId) implements Outcome {
    }

    /** The broker did not take the command in time (or refused it): nothing was routed. */
    public static final class Unroutable extends Exception {
        Unroutable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Predicate<String> queueIfOwned;
    private final AdapterPublisher publisher;
    private final String instanceId;
    private final Duration ackTimeout;
    private final Clock clock;

    /**
     * @param queueIfOwned queues the device and returns true when this instance owns it
     * @param ackTimeout   how long a request waits for the broker's acknowledgement of the command
     */
    public RefreshRouter(Predicate<String> queueIfOwned, AdapterPublisher publisher, String instanceId,
                         Duration ackTimeout, Clock clock) {
        this.queueIfOwned = queueIfOwned;
        this.publisher = publisher;
        this.instanceId = instanceId;
        this.ackTimeout = ackTimeout;
        this.clock = clock;
    }

    /** @param deviceId a valid device id (the caller checks the grammar) */
    public Outcome refresh(String deviceId) throws Unroutable {
        if (queueIfOwned.test(deviceId)) {
            return new Queued(deviceId, instanceId);
        }
        Instant now = clock.instant();
        DeviceCommand command = DeviceCommand.newBuilder().setDeviceId(deviceId)
                .setRequestId(UUID.randomUUID().toString())
                .setRequestedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()))
                .setRequestedBy(instanceId)
                .setRefresh(DeviceRefresh.getDefaultInstance())
                .build();
        try {
            publisher.deviceCommand(command).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KafkaException e) {
            // send() itself throws when it cannot even queue the record (no metadata within max.block.ms).
            throw new Unroutable("cannot route the refresh of " + deviceId + " on " + Topic.DEVICE_COMMANDS.topicName()
                    + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unroutable("interrupted while routing the refresh of " + deviceId, e);
        } catch (ExecutionException e) {
            throw new Unroutable("Kafka refused the refresh of " + deviceId + " on " + Topic.DEVICE_COMMANDS.topicName()
                    + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new Unroutable("Kafka did not acknowledge the refresh of " + deviceId + " on "
                    + Topic.DEVICE_COMMANDS.topicName() + " within " + ackTimeout.toMillis() + " ms", e);
        }
        LOG.infof("refresh %s of device %s is not for this instance: routed to its owner on %s", command.getRequestId(),
                deviceId, Topic.DEVICE_COMMANDS.topicName());
        return new Routed(deviceId, command.getRequestId());
    }
}
