package io.appfleet.inventory.device;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import io.appfleet.inventory.device.DeviceRequest.CapacityDto;

/** A device as the API shows it: no secret, only whether inline credentials are held. */
public record DeviceView(
        String id,
        String platform,
        String osVersion,
        String host,
        int port,
        String transport,
        String credentialsRef,
        boolean hasCredentials,
        Map<String, String> labels,
        String site,
        CapacityDto capacity,
        String adminState,
        String sshHostKeyFingerprint,
        Instant createdAt,
        Instant updatedAt,
        long generation) {

    static DeviceView of(DeviceEntity e) {
        return new DeviceView(e.id, e.platform, e.osVersion, e.host, e.port, e.transport, e.credentialsRef,
                e.sealedCredentials != null, new TreeMap<>(e.labels), e.site,
                new CapacityDto(e.cpuUnits, e.memoryMib, e.storageMib), e.adminState, e.sshHostKeyFingerprint,
                e.createdAt, e.updatedAt, e.generation);
    }
}
