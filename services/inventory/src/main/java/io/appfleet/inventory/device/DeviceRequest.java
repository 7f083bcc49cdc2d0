package io.appfleet.inventory.device;

import java.util.Map;

/**
 * A device as a client writes it (create, update, one row of an import). Every field but the
 * server-kept ones; {@code generation}, when given, is a precondition like {@code If-Match}.
 */
public record DeviceRequest(
        String id,
        String platform,
        String osVersion,
        String host,
        Integer port,
        String transport,
        String credentialsRef,
        CredentialsInput credentials,
        Map<String, String> labels,
        String site,
        CapacityDto capacity,
        String adminState,
        String sshHostKeyFingerprint,
        Long generation) {

    /** A login given inline; it is sealed at once and never returned or logged. */
    public record CredentialsInput(String username, String password) {
        @Override
        public String toString() {
            return "CredentialsInput[username=" + username + ", password=***]";
        }
    }

    public record CapacityDto(Integer cpuUnits, Integer memoryMib, Integer storageMib) {
    }

    public DeviceRequest withId(String newId) {
        return new DeviceRequest(newId, platform, osVersion, host, port, transport, credentialsRef, credentials,
                labels, site, capacity, adminState, sshHostKeyFingerprint, generation);
    }
}
