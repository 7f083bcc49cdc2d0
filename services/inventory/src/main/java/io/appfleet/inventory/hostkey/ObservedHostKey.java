package io.appfleet.inventory.hostkey;

import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.appfleet.inventory.device.DeviceValidator;
import io.appfleet.platform.kafka.RecordDecoder;
import io.appfleet.platform.kafka.RecordDecoder.Undecodable;
import io.appfleet.proto.fleet.v1.ObservedDeviceState;

/**
 * The host key a {@code fleet.observed.v1} record says the device-adapter trusts for a device.
 *
 * @param observedAt when the adapter read the device; null when the record does not say
 */
record ObservedHostKey(String deviceId, String fingerprint, Instant observedAt, String adapterInstanceId) {

    static final String VALUE_TYPE = "fleet.v1.ObservedDeviceState";

    /**
     * @return the key, or null when the record has none to offer (a tombstone, or a device the
     *         adapter has not connected to yet)
     * @throws Undecodable when the record is not an observed state of its key's device, or names
     *                     a fingerprint inventory's API would refuse
     */
    static ObservedHostKey from(ConsumerRecord<byte[], byte[]> r) throws Undecodable {
        String id = RecordDecoder.key(r);
        ObservedDeviceState o = RecordDecoder.value(r, ObservedDeviceState.parser(), VALUE_TYPE);
        if (o == null) {
            return null;
        }
        RecordDecoder.checkKey(id, o.getDeviceId());
        String fingerprint = o.getHostKeyFingerprint();
        if (fingerprint.isEmpty()) {
            return null;
        }
        String error = DeviceValidator.fingerprintError(fingerprint);
        if (error != null) {
            throw new Undecodable("host_key_fingerprint " + error, null);
        }
        Instant observedAt = o.hasObservedAt()
                ? Instant.ofEpochSecond(o.getObservedAt().getSeconds(), o.getObservedAt().getNanos()) : null;
        return new ObservedHostKey(id, fingerprint, observedAt, o.getAdapterInstanceId());
    }
}
