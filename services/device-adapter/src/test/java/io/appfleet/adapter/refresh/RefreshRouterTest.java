package io.appfleet.adapter.refresh;

import io.appfleet.adapter.publish.AdapterPublisher;
import io.appfleet.platform.kafka.CloudEventHeaders;
import io.appfleet.platform.kafka.Topic;
import io.appfleet.proto.fleet.v1.DeviceCommand;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class RefreshRouterTest {

    private static final Instant NOW = Instant.parse("2026-12-05T01:02:03.456Z");

    private final List<String> queuedHere = new ArrayList<>();

    private RefreshRouter router(MockProducer<String, byte[]> producer, Predicate<String> owned, Duration ackTimeout) {
        return new RefreshRouter(id -> {
            if (owned.test(id)) {
                queuedHere.add(id);
                return true;
            }
            return false;
        }, new AdapterPublisher(producer, "adapter-b"), "adapter-b", ackTimeout, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static MockProducer<String, byte[]> producer(boolean autoComplete) {
        return new MockProducer<>(autoComplete, null, new StringSerializer(), new ByteArraySerializer());
    }

    @Test
    void aDeviceOwnedHereIsQueuedHereAndNothingIsRouted() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);
        RefreshRouter.Outcome outcome = router(producer, "sw-1"::equals, Duration.ofSeconds(1)).refresh("sw-1");
        assertThat(outcome).isEqualTo(new RefreshRouter.Queued("sw-1", "adapter-b"));
        assertThat(queuedHere).containsExactly("sw-1");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void anyOtherDeviceIsRoutedToItsOwnerKeyedByItsId() throws Exception {
        MockProducer<String, byte[]> producer = producer(true);
        RefreshRouter.Outcome outcome = router(producer, id -> false, Duration.ofSeconds(1)).refresh("sw-2");

        assertThat(outcome).isInstanceOf(RefreshRouter.Routed.class);
        String requestId = ((RefreshRouter.Routed) outcome).requestId();
        assertThat(queuedHere).isEmpty();
        assertThat(producer.history()).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(Topic.DEVICE_COMMANDS.topicName());
            assertThat(r.key()).isEqualTo("sw-2");
            DeviceCommand c = DeviceCommand.parseFrom(r.value());
            assertThat(c.getDeviceId()).isEqualTo("sw-2");
            assertThat(c.getRequestId()).isEqualTo(requestId).isNotBlank();
            assertThat(c.getRequestedBy()).isEqualTo("adapter-b");
            assertThat(c.getRequestedAt().getSeconds()).isEqualTo(NOW.getEpochSecond());
            assertThat(c.getRequestedAt().getNanos()).isEqualTo(NOW.getNano());
            assertThat(c.getCommandCase()).isEqualTo(DeviceCommand.CommandCase.REFRESH);
            CloudEventHeaders ce = CloudEventHeaders.readFrom(r.headers());
            assertThat(ce.id()).isEqualTo(requestId);
            assertThat(ce.type()).isEqualTo(AdapterPublisher.COMMAND_TYPE);
            assertThat(ce.subject()).isEqualTo("sw-2");
        });
    }

    @Test
    void aCommandTheBrokerRefusesIsUnroutable() {
        MockProducer<String, byte[]> producer = producer(false);
        RefreshRouter router = router(producer, id -> false, Duration.ofSeconds(10));
        CompletableFuture<Void> refuse = CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(5)).until(() -> producer.history().size() == 1);
            producer.errorNext(new org.apache.kafka.common.errors.NotEnoughReplicasException("2 of 3 replicas down"));
        });
        assertThatThrownBy(() -> router.refresh("sw-3")).isInstanceOf(RefreshRouter.Unroutable.class)
                .hasMessageContaining("Kafka refused the refresh of sw-3").hasMessageContaining("2 of 3 replicas down");
        refuse.join();
    }

    @Test
    void aCommandNotAcknowledgedInTimeIsUnroutable() {
        MockProducer<String, byte[]> producer = producer(false);
        assertThatThrownBy(() -> router(producer, id -> false, Duration.ofMillis(50)).refresh("sw-4"))
                .isInstanceOf(RefreshRouter.Unroutable.class)
                .hasMessageContaining("did not acknowledge the refresh of sw-4 on fleet.device-commands.v1 within 50 ms");
    }

    @Test
    void aSendThatCannotEvenBeQueuedIsUnroutable() {
        MockProducer<String, byte[]> producer = producer(true);
        producer.sendException = new org.apache.kafka.common.errors.TimeoutException("no metadata within 30000 ms");
        assertThatThrownBy(() -> router(producer, id -> false, Duration.ofSeconds(1)).refresh("sw-5"))
                .isInstanceOf(RefreshRouter.Unroutable.class).hasMessageContaining("no metadata");
        assertThat(producer.history()).isEmpty();
    }
}
