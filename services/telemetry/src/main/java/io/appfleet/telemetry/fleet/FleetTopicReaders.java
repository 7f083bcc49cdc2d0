package io.appfleet.telemetry.fleet;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.appfleet.platform.kafka.CompactedTopicReader;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.DesiredDeviceState;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.RolloutStatus;

/**
 * One {@link CompactedTopicReader} per topic of the {@link FleetView}: fleet.inventory.v1,
 * fleet.observed.v1, fleet.desired.v1 and fleet.rollouts.v1, each read from the beginning on its
 * own thread. A record that cannot be decoded goes to {@code <topic>.dlq} with the reason.
 */
final class FleetTopicReaders {

    private static final Logger LOG = Logger.getLogger(FleetTopicReaders.class);

    record Settings(String bootstrapServers, int partitions, short replicationFactor, String namePrefix) {
    }

    /** What a reader does with one record of its topic. */
    private interface Apply {
        void accept(ConsumerRecord<byte[], byte[]> r) throws RecordDecoder.Undecodable;
    }

    private final Settings settings;
    private final FleetView view;
    private final ConsumerStats stats;
    private final List<CompactedTopicReader> readers = new ArrayList<>();

    FleetTopicReaders(Settings settings, FleetView view, ConsumerStats stats) {
        this.settings = settings;
        this.view = view;
        this.stats = stats;
    }

    void start() {
        start(Topic.INVENTORY, "inventory", r -> {
            String id = RecordDecoder.key(r);
            Device d = RecordDecoder.value(r, Device.parser(), "fleet.v1.Device");
            if (d != null) {
                RecordDecoder.checkKey(id, d.getId());
            }
            view.putDevice(id, d);
        });
        start(Topic.OBSERVED, "observed", r -> {
            String id = RecordDecoder.key(r);
            ObservedDeviceState s = RecordDecoder.value(r, ObservedDeviceState.parser(),
                    "fleet.v1.ObservedDeviceState");
            if (s != null) {
                RecordDecoder.checkKey(id, s.getDeviceId());
            }
            view.putObserved(id, s);
        });
        start(Topic.DESIRED, "desired", r -> {
            String id = RecordDecoder.key(r);
            DesiredDeviceState s = RecordDecoder.value(r, DesiredDeviceState.parser(), "fleet.v1.DesiredDeviceState");
            if (s != null) {
                RecordDecoder.checkKey(id, s.getDeviceId());
            }
            view.putDesired(id, s);
        });
        start(Topic.ROLLOUTS, "rollouts", r -> {
            String name = RecordDecoder.key(r);
            RolloutStatus s = RecordDecoder.value(r, RolloutStatus.parser(), "fleet.v1.RolloutStatus");
            if (s != null && !name.equals(s.getDeploymentName())) {
                throw new RecordDecoder.Undecodable("the value's deployment name '" + s.getDeploymentName()
                        + "' differs from the key '" + name + "'", null);
            }
            view.putRollout(name, s);
        });
    }

    void stop() {
        readers.forEach(CompactedTopicReader::stop);
    }

    private void start(Topic topic, String what, Apply apply) {
        String name = topic.topicName();
        view.expect(name);
        stats.watchDeadLetters(name);
        CompactedTopicReader reader = new CompactedTopicReader(settings.bootstrapServers(), topic, List.of(topic),
                settings.namePrefix() + what, settings.partitions(), settings.replicationFactor(),
                new CompactedTopicReader.Handler() {
                    @Override
                    public void accept(ConsumerRecord<byte[], byte[]> r) throws RecordDecoder.Undecodable {
                        apply.accept(r);
                    }

                    @Override
                    public void caughtUp() {
                        view.markCaughtUp(name);
                        LOG.infof("fleet view caught up with %s (%d devices, %d rollouts)", name, view.size(),
                                view.rollouts().size());
                    }

                    @Override
                    public void onDeadLetter() {
                        stats.deadLettered(name);
                    }
                });
        stats.lag(name, reader::lag);
        readers.add(reader);
        reader.start();
    }
}
