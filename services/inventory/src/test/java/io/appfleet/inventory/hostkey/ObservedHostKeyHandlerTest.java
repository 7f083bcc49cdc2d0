package io.appfleet.inventory.hostkey;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.google.protobuf.Timestamp;

import io.appfleet.inventory.device.FirstUseHostKey.Outcome;
import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.DeadLetter;
import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.Failed;
import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.Handled;
import io.appfleet.inventory.hostkey.ObservedHostKeyHandler.Verdict;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;
import io.appfleet.proto.fleet.v1.Reachability;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ObservedHostKeyHandlerTest {

    private static final String KEY = "SHA256:" + "k".repeat(43);
    private static final Instant SEEN = Instant.parse("2026-03-01T10:00:00.123456789Z");

    private record Call(String id, String fingerprint, Instant observedAt) {
    }

    private final List<Call> calls = new ArrayList<>();
    private final Counter recorded = new SimpleMeterRegistry().counter("recorded");

    private ObservedHostKeyHandler handler(Outcome answer) {
        return new ObservedHostKeyHandler((id, fp, at) -> {
            calls.add(new Call(id, fp, at));
            return answer;
        }, recorded);
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, byte[] value) {
        ConsumerRecord<byte[], byte[]> r = new ConsumerRecord<>("fleet.observed.v1", 1, 42,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value);
        r.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        return r;
    }

    private static ObservedDeviceState.Builder observed(String id) {
        return ObservedDeviceState.newBuilder().setDeviceId(id).setReachability(Reachability.REACHABILITY_REACHABLE)
                .setAdapterInstanceId("adapter-1")
                .setObservedAt(Timestamp.newBuilder().setSeconds(SEEN.getEpochSecond()).setNanos(SEEN.getNano()));
    }

    @Test
    void aTrustedKeyIsOfferedToThePinStoreAndCountedWhenRecorded() {
        Verdict v = handler(Outcome.RECORDED).handle(record("sw-1", observed("sw-1").setHostKeyFingerprint(KEY)
                .build().toByteArray()));
        assertThat(v).isEqualTo(new Handled(Outcome.RECORDED));
        assertThat(calls).containsExactly(new Call("sw-1", KEY, SEEN));
        assertThat(recorded.count()).isEqualTo(1.0);
    }

    @Test
    void outcomesOtherThanRecordedCountNothing() {
        for (Outcome o : List.of(Outcome.ALREADY_PINNED, Outcome.PINNED_TO_OTHER_KEY, Outcome.UNKNOWN_DEVICE,
                Outcome.OBSERVED_BEFORE_CREATION)) {
            Verdict v = handler(o).handle(record("sw-1", observed("sw-1").setHostKeyFingerprint(KEY).build().toByteArray()));
            assertThat(v).isEqualTo(new Handled(o));
        }
        assertThat(calls).hasSize(4);
        assertThat(recorded.count()).isZero();
    }

    @Test
    void noKeyYetOrATombstoneAsksNothing() {
        assertThat(handler(Outcome.RECORDED).handle(record("sw-1", observed("sw-1").build().toByteArray())))
                .isEqualTo(new Handled(null));
        assertThat(handler(Outcome.RECORDED).handle(record("sw-1", null))).isEqualTo(new Handled(null));
        assertThat(calls).isEmpty();
    }

    @Test
    void anObservationWithoutATimeIsOfferedWithoutOne() {
        handler(Outcome.RECORDED).handle(record("sw-1", observed("sw-1").clearObservedAt().setHostKeyFingerprint(KEY)
                .build().toByteArray()));
        assertThat(calls).containsExactly(new Call("sw-1", KEY, null));
    }

    @Test
    void unreadableRecordsAreDeadLetteredWithTheReason() {
        ObservedHostKeyHandler h = handler(Outcome.RECORDED);
        assertThat(h.handle(record("sw-1", "garbage \u00ff\u0001".getBytes(StandardCharsets.ISO_8859_1))))
                .isInstanceOfSatisfying(DeadLetter.class, d -> {
                    assertThat(d.reason()).startsWith("not a fleet.v1.ObservedDeviceState: ");
                    assertThat(d.cause()).isNotNull();
                });
        assertThat(h.handle(record(null, observed("sw-1").setHostKeyFingerprint(KEY).build().toByteArray())))
                .isInstanceOfSatisfying(DeadLetter.class, d -> assertThat(d.reason()).contains("no key"));
        assertThat(h.handle(record("sw-1", observed("sw-2").setHostKeyFingerprint(KEY).build().toByteArray())))
                .isInstanceOfSatisfying(DeadLetter.class, d -> assertThat(d.reason())
                        .isEqualTo("the value's device id 'sw-2' differs from the key 'sw-1'"));
        assertThat(h.handle(record("sw-1", observed("sw-1").setHostKeyFingerprint("ab:cd:ef").build().toByteArray())))
                .isInstanceOfSatisfying(DeadLetter.class, d -> assertThat(d.reason()).isEqualTo(
                        "host_key_fingerprint 'ab:cd:ef' must be an OpenSSH SHA256 fingerprint (SHA256:<base64>)"));
        ConsumerRecord<byte[], byte[]> json = record("sw-1", "{}".getBytes(StandardCharsets.UTF_8));
        json.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        assertThat(h.handle(json)).isInstanceOfSatisfying(DeadLetter.class,
                d -> assertThat(d.reason()).contains("content-type application/json"));
        assertThat(calls).isEmpty();
    }

    @Test
    void aFailingPinStoreIsAFailureToRetryNotADeadLetter() {
        IllegalStateException down = new IllegalStateException("connection refused");
        ObservedHostKeyHandler h = new ObservedHostKeyHandler((id, fp, at) -> {
            throw down;
        }, recorded);
        assertThat(h.handle(record("sw-1", observed("sw-1").setHostKeyFingerprint(KEY).build().toByteArray())))
                .isEqualTo(new Failed(down));
        assertThat(recorded.count()).isZero();
    }
}
