package io.appfleet.adapter;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import io.appfleet.adapter.publish.AdapterPublisher;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.ReconcileEvent;
import io.appfleet.proto.fleet.v1.TelemetrySample;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.UncheckedIOException;
import java.util.List;

/**
 * An {@link AdapterPublisher} over Kafka's in-memory producer, and what it was given, decoded:
 * for unit tests of the classes that publish (the topics themselves are covered by the ITs).
 */
public final class Published {

    private final MockProducer<String, byte[]> producer = new MockProducer<>(true, null, new StringSerializer(),
            new ByteArraySerializer());
    private final AdapterPublisher publisher = new AdapterPublisher(producer, "unit-test");

    public AdapterPublisher publisher() {
        return publisher;
    }

    public List<ObservedDeviceState> observed() {
        return decoded(Topic.OBSERVED, ObservedDeviceState.parser());
    }

    public ObservedDeviceState lastObserved() {
        List<ObservedDeviceState> all = observed();
        if (all.isEmpty()) {
            throw new AssertionError("nothing was published to " + Topic.OBSERVED.topicName());
        }
        return all.get(all.size() - 1);
    }

    /** Keys of the observed records deleted (tombstones). */
    public List<String> observedDeleted() {
        return records(Topic.OBSERVED).stream().filter(r -> r.value() == null).map(ProducerRecord::key).toList();
    }

    public List<ReconcileEvent> events() {
        return decoded(Topic.EVENTS, ReconcileEvent.parser());
    }

    public List<TelemetrySample> telemetry() {
        return decoded(Topic.TELEMETRY, TelemetrySample.parser());
    }

    public void clear() {
        producer.clear();
    }

    private List<ProducerRecord<String, byte[]>> records(Topic topic) {
        return producer.history().stream().filter(r -> r.topic().equals(topic.topicName())).toList();
    }

    private <T> List<T> decoded(Topic topic, Parser<T> parser) {
        return records(topic).stream().filter(r -> r.value() != null).map(r -> {
            try {
                return parser.parseFrom(r.value());
            } catch (InvalidProtocolBufferException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
