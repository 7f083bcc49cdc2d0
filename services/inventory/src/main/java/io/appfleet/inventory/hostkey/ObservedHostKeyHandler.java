package io.appfleet.inventory.hostkey;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.appfleet.inventory.device.FirstUseHostKey.Outcome;
import io.appfleet.platform.kafka.RecordDecoder.Undecodable;
import io.micrometer.core.instrument.Counter;

/**
 * Decides what one {@code fleet.observed.v1} record means for inventory's pins: nothing (no key,
 * already pinned, unknown device), a first-use key to record, a record to dead-letter, or a
 * failure to retry. Talks to no broker, so the consumer around it stays a plain loop.
 */
final class ObservedHostKeyHandler {

    private static final Logger LOG = Logger.getLogger(ObservedHostKeyHandler.class);

    /** Where pins are kept: {@code DeviceService.recordFirstUseHostKey} in the service. */
    @FunctionalInterface
    interface PinStore {
        Outcome record(String deviceId, String fingerprint, Instant observedAt);
    }

    /** What became of a record. */
    sealed interface Verdict {
    }

    /** Handled; {@code outcome} is null when the record offered no key. */
    record Handled(Outcome outcome) implements Verdict {
    }

    /** The record cannot be read: park it with the reason. */
    record DeadLetter(String reason, Throwable cause) implements Verdict {
    }

    /** The pin store failed: the record is fine and must be tried again. */
    record Failed(RuntimeException cause) implements Verdict {
    }

    private final PinStore store;
    private final Counter recorded;

    ObservedHostKeyHandler(PinStore store, Counter recorded) {
        this.store = store;
        this.recorded = recorded;
    }

    Verdict handle(ConsumerRecord<byte[], byte[]> r) {
        ObservedHostKey key;
        try {
            key = ObservedHostKey.from(r);
        } catch (Undecodable e) {
            return new DeadLetter(e.getMessage(), e.getCause());
        }
        if (key == null) {
            return new Handled(null);
        }
        Outcome outcome;
        try {
            outcome = store.record(key.deviceId(), key.fingerprint(), key.observedAt());
        } catch (RuntimeException e) {
            return new Failed(e);
        }
        switch (outcome) {
            case RECORDED -> {
                recorded.increment();
                LOG.infof("pinned host key %s of device %s, trusted on first use by device-adapter %s",
                        key.fingerprint(), key.deviceId(), key.adapterInstanceId());
            }
            case PINNED_TO_OTHER_KEY -> LOG.debugf("device %s is pinned to another key than %s (seen by %s); the pin stays",
                    key.deviceId(), key.fingerprint(), key.adapterInstanceId());
            case UNKNOWN_DEVICE -> LOG.debugf("observed host key of device %s ignored: not in inventory", key.deviceId());
            case OBSERVED_BEFORE_CREATION -> LOG.debugf("observed host key of device %s ignored: observed at %s, before"
                    + " the device was created", key.deviceId(), key.observedAt());
            case ALREADY_PINNED -> {
                // the steady state: nothing to say
            }
        }
        return new Handled(outcome);
    }
}
