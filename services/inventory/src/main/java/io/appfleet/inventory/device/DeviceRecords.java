package io.appfleet.inventory.device;

import java.time.Instant;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Timestamp;

import io.appfleet.proto.fleet.v1.AdminState;
import io.appfleet.proto.fleet.v1.Capacity;
import io.appfleet.proto.fleet.v1.Device;
import io.appfleet.proto.fleet.v1.Platform;
import io.appfleet.proto.fleet.v1.SealedCredentials;
import io.appfleet.proto.fleet.v1.Transport;

/** The {@code fleet.inventory.v1} record of a device, and the CloudEvents types that announce it. */
final class DeviceRecords {

    static final String UPSERTED = "io.appfleet.inventory.device.upserted";
    static final String DELETED = "io.appfleet.inventory.device.deleted";

    private DeviceRecords() {
    }

    static Device toProto(DeviceEntity e) {
        Device.Builder b = Device.newBuilder()
                .setId(e.id)
                .setPlatform(platform(e.platform))
                .setOsVersion(e.osVersion)
                .setHost(e.host)
                .setPort(e.port)
                .setTransport("restconf".equals(e.transport) ? Transport.TRANSPORT_RESTCONF : Transport.TRANSPORT_SSH_CLI)
                .putAllLabels(e.labels)
                .setCapacity(Capacity.newBuilder().setCpuUnits(e.cpuUnits).setMemoryMib(e.memoryMib)
                        .setStorageMib(e.storageMib))
                .setAdminState(adminState(e.adminState))
                .setCreatedAt(timestamp(e.createdAt))
                .setUpdatedAt(timestamp(e.updatedAt))
                .setGeneration(e.generation);
        if (e.credentialsRef != null) {
            b.setCredentialsRef(e.credentialsRef);
        }
        if (e.site != null) {
            b.setSite(e.site);
        }
        if (e.sshHostKeyFingerprint != null) {
            b.setSshHostKeyFingerprint(e.sshHostKeyFingerprint);
        }
        if (e.sealedCredentials != null) {
            try {
                b.setSealedCredentials(SealedCredentials.parseFrom(e.sealedCredentials));
            } catch (InvalidProtocolBufferException ex) {
                throw new IllegalStateException("sealed credentials of device " + e.id + " are corrupt", ex);
            }
        }
        return b.build();
    }

    private static Platform platform(String p) {
        return switch (p) {
            case "iosxe" -> Platform.PLATFORM_IOSXE;
            case "iosxr" -> Platform.PLATFORM_IOSXR;
            case "infix" -> Platform.PLATFORM_INFIX;
            default -> throw new IllegalArgumentException("unknown platform " + p);
        };
    }

    private static AdminState adminState(String s) {
        return switch (s) {
            case "managed" -> AdminState.ADMIN_STATE_MANAGED;
            case "maintenance" -> AdminState.ADMIN_STATE_MAINTENANCE;
            case "decommissioned" -> AdminState.ADMIN_STATE_DECOMMISSIONED;
            default -> throw new IllegalArgumentException("unknown admin state " + s);
        };
    }

    private static Timestamp timestamp(Instant i) {
        return Timestamp.newBuilder().setSeconds(i.getEpochSecond()).setNanos(i.getNano()).build();
    }
}
