package io.appfleet.adapter.fleet;

import io.appfleet.platform.deadletter.DeadLetters;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.DeviceCommand;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.ReconcileTrigger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads fleet.inventory.v1, fleet.desired.v1, fleet.observed.v1 and fleet.device-commands.v1 for
 * the partitions this instance owns, on one thread.
 *
 * <p>Ownership: the three topics are keyed by device id with the same partition count, and the
 * range assignor gives one member the same partition numbers of every topic, so one instance owns
 * a device's inventory, desired and observed records together. At every assignment the adapter
 * reads its partitions from the beginning (compacted topics hold the latest state of every device),
 * so it keeps no private copy and commits no offsets. At a revocation it waits until no pass runs
 * on the released devices before the partitions move on.
 *
 * <p>fleet.device-commands.v1 is co-partitioned with the others (see {@link Topic#partitionedLike()}),
 * so a device's commands reach its owner too; they are read from the end at assignment, not from
 * the beginning (see {@link Rebalance#onPartitionsAssigned}).
 */
public final class FleetConsumer implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FleetConsumer.class);
    private static final List<String> TOPICS = List.of(Topic.INVENTORY.topicName(), Topic.DESIRED.topicName(),
            Topic.OBSERVED.topicName(), Topic.DEVICE_COMMANDS.topicName());

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetters deadLetters;
    private final FleetView view;
    private final FleetListener listener;
    private final DeviceCommands commands;
    private final Map<String, TopicPartition> partitionOf = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Set<TopicPartition> assigned = Set.of();
    /** End offsets at assignment; caught up once every position has reached them. */
    private volatile Map<TopicPartition, Long> catchUpTargets = Map.of();
    private volatile boolean caughtUp;
    private volatile long deadLettered;

    public FleetConsumer(String bootstrapServers, String groupId, String instanceId, FleetView view,
                         FleetListener listener) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-" + instanceId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, RangeAssignor.class.getName());
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        // A revocation waits for running passes (bounded by the step timeouts), so allow for it.
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetters = new DeadLetters(bootstrapServers, groupId);
        this.view = view;
        this.listener = listener;
        this.commands = new DeviceCommands(view, listener);
        this.thread = new Thread(this::run, "fleet-consumer");
        this.thread.setDaemon(true);
    }

    public void start() {
        consumer.subscribe(TOPICS, new Rebalance());
        thread.start();
    }

    /** True once every assigned partition has been read up to its end at assignment time. */
    public boolean caughtUp() {
        return caughtUp;
    }

    public Set<TopicPartition> assignedPartitions() {
        return assigned;
    }

    public long deadLettered() {
        return deadLettered;
    }

    /** Refreshes routed here (or sent by this instance to itself) and queued. */
    public long commandsQueued() {
        return commands.queued();
    }

    /** Refreshes of a device inventory does not know, logged and dropped. */
    public long commandsForUnknownDevices() {
        return commands.unknownDevice();
    }

    private void run() {
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    handle(r);
                }
                if (!caughtUp) {
                    caughtUp = catchUpTargets.entrySet().stream()
                            .allMatch(e -> !assigned.contains(e.getKey()) || consumer.position(e.getKey()) >= e.getValue());
                    view.caughtUp(caughtUp);
                    if (caughtUp) {
                        commands.caughtUp();
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } catch (RuntimeException e) {
            LOG.errorf(e, "fleet consumer stopped: %s", e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        try {
            String id = RecordDecoder.key(r);
            if (r.topic().equals(Topic.DEVICE_COMMANDS.topicName())) {
                commands.handle(r.partition(), command(r, id), caughtUp);
                return;
            }
            partitionOf.put(id, new TopicPartition(Topic.DESIRED.topicName(), r.partition()));
            if (r.topic().equals(Topic.INVENTORY.topicName())) {
                Device d = RecordDecoder.value(r, Device.parser(), "fleet.v1.Device");
                RecordDecoder.checkKey(id, d == null ? id : d.getId());
                if (view.putDevice(id, d)) {
                    listener.deviceChanged(id, ReconcileTrigger.RECONCILE_TRIGGER_INVENTORY_CHANGED);
                }
            } else if (r.topic().equals(Topic.DESIRED.topicName())) {
                DesiredDeviceState s = RecordDecoder.value(r, DesiredDeviceState.parser(), "fleet.v1.DesiredDeviceState");
                RecordDecoder.checkKey(id, s == null ? id : s.getDeviceId());
                if (view.putDesired(id, s)) {
                    listener.deviceChanged(id, ReconcileTrigger.RECONCILE_TRIGGER_DESIRED_CHANGED);
                }
            } else {
                ObservedDeviceState o = RecordDecoder.value(r, ObservedDeviceState.parser(), "fleet.v1.ObservedDeviceState");
                if (o != null) {
                    RecordDecoder.checkKey(id, o.getDeviceId());
                    view.putObserved(id, o);
                }
            }
            if (view.get(id).isEmpty()) {
                partitionOf.remove(id); // deleted (or never more than a tombstone): nothing to hand over
            }
        } catch (RecordDecoder.Undecodable e) {
            deadLetter(r, e.getMessage(), e.getCause());
        } catch (RuntimeException e) {
            deadLetter(r, "cannot handle record: " + e.getMessage(), e);
        }
    }

    /** The command of a record of fleet.device-commands.v1, or why it cannot be one. */
    static DeviceCommand command(ConsumerRecord<byte[], byte[]> r, String id) throws RecordDecoder.Undecodable {
        DeviceCommand c = RecordDecoder.value(r, DeviceCommand.parser(), "fleet.v1.DeviceCommand");
        if (c == null) {
            throw new RecordDecoder.Undecodable("tombstone on " + r.topic() + " (a time-retained topic has no deletes)", null);
        }
        RecordDecoder.checkKey(id, c.getDeviceId());
        if (c.getCommandCase() == DeviceCommand.CommandCase.COMMAND_NOT_SET) {
            throw new RecordDecoder.Undecodable("fleet.v1.DeviceCommand " + c.getRequestId()
                    + " carries no command this adapter knows (written by a newer version?)", null);
        }
        return c;
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> r, String reason, Throwable cause) {
        LOG.warnf("record %s-%d@%d sent to %s.dlq: %s", r.topic(), r.partition(), r.offset(), r.topic(), reason);
        deadLetters.send(r, reason, cause);
        deadLettered++;
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        /**
         * The state topics are read from the beginning. The commands topic is read from its end
         * offset as of now: an assignment queues a pass of every device of the partitions it
         * brings (each is new to the view), and that pass comes after every command already on
         * the topic, so replaying them would only add passes (the range assignor is eager: every
         * rebalance reassigns every partition, so a replay would storm at each one). Seeking to
         * the end rather than filtering by a command's age keeps clocks out of it, and needs no
         * committed offsets. A command written from now on is read; one written while the
         * partition had no owner is covered by the same assignment pass.
         */
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.addAll(partitions);
            assigned = Set.copyOf(now);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            ends.forEach((tp, end) -> {
                if (tp.topic().equals(Topic.DEVICE_COMMANDS.topicName())) {
                    consumer.seek(tp, end);
                }
            });
            Map<TopicPartition, Long> targets = new HashMap<>(catchUpTargets);
            targets.putAll(ends);
            catchUpTargets = Map.copyOf(targets);
            caughtUp = false;
            view.caughtUp(false);
            LOG.infof("assigned %d partitions; reading them from the beginning", partitions.size());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            release(partitions);
        }

        private void release(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Set<TopicPartition> now = new HashSet<>(assigned);
            now.removeAll(partitions);
            assigned = Set.copyOf(now);
            Set<Integer> numbers = partitions.stream().map(TopicPartition::partition).collect(Collectors.toSet());
            commands.released(partitions.stream().filter(tp -> tp.topic().equals(Topic.DEVICE_COMMANDS.topicName()))
                    .map(TopicPartition::partition).collect(Collectors.toSet()));
            Set<String> released = partitionOf.entrySet().stream().filter(e -> numbers.contains(e.getValue().partition()))
                    .map(Map.Entry::getKey).collect(Collectors.toSet());
            released.forEach(partitionOf::remove);
            listener.devicesReleased(released);
            released.forEach(view::remove);
            LOG.infof("released %d partitions (%d devices)", partitions.size(), released.size());
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        deadLetters.close();
    }
}
